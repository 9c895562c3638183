// Buffers that carry a blob to a decrypt worker and come back with its answer. A blob is
// decoded straight into one of these and its ArrayBuffer is transferred (moved, not copied)
// to the worker, which transfers it back with the result; the next request reuses it. While
// a worker holds a buffer, this thread's views of it are detached (length 0): a buffer can
// only be handed out again after it came back, never while a worker still reads it.

/** Buffers above this are used once and left to the GC: a pool must not pin a huge blob's memory. */
const MAX_POOLED_BUFFER_BYTES = 1024 * 1024;
/** Buffers are sized in steps of this, so blobs of nearby sizes share them. */
const SIZE_STEP = 64 * 1024;

export class TransferBuffers {
  private readonly free: ArrayBuffer[] = [];
  /** The buffers this pool handed out and has not seen come back: only these may be transferred. */
  private readonly lent = new WeakSet<ArrayBuffer>();

  constructor(private readonly maxFree: number) {}

  /** Free buffers waiting for reuse (for tests and metrics). */
  get freeCount(): number {
    return this.free.length;
  }

  /** A view of `length` bytes over a buffer of its own, whose ArrayBuffer may be transferred. */
  take(length: number): Uint8Array {
    const index = this.free.findIndex((b) => b.byteLength >= length);
    const buffer =
      index >= 0
        ? (this.free.splice(index, 1)[0] as ArrayBuffer)
        : new ArrayBuffer(
            length > MAX_POOLED_BUFFER_BYTES
              ? length
              : Math.max(SIZE_STEP, Math.ceil(length / SIZE_STEP) * SIZE_STEP),
          );
    this.lent.add(buffer);
    return new Uint8Array(buffer, 0, length);
  }

  /** True when `view` lies in a buffer handed out by take() and not returned since. */
  owns(view: Uint8Array): boolean {
    return this.lent.has(view.buffer as ArrayBuffer);
  }

  /** A buffer back from a worker (or never sent): kept for reuse while there is room. */
  give(buffer: ArrayBuffer): void {
    this.lent.delete(buffer);
    if (buffer.byteLength === 0 || buffer.byteLength > MAX_POOLED_BUFFER_BYTES) return;
    if (this.free.length < this.maxFree && !this.free.includes(buffer)) this.free.push(buffer);
  }
}
