// Many small typed arrays cut out of a few large ones. Each typed array of its own is an
// allocation outside the JavaScript heap, and the garbage collector counts those: a tracefile
// of 1,200 files made 2,400 of them (lines and arms of each file), ~25 ms of a large merge.
// A view into a shared block costs an object, not an allocation.

/** Arrays longer than this share no block (a quarter of one: little is left unused at its end). */
const OWN_ARRAY_ABOVE = 4;

class Arena<A extends Float64Array | Uint8Array> {
  private block: A | undefined;
  private used = 0;

  constructor(
    private readonly make: (length: number) => A,
    private readonly blockLength: number,
  ) {}

  /** A zeroed array of `length`; its storage may be shared with other arrays taken here. */
  take(length: number): A {
    if (length > this.blockLength / OWN_ARRAY_ABOVE) return this.make(length);
    if (!this.block || this.used + length > this.blockLength) {
      this.block = this.make(this.blockLength);
      this.used = 0;
    }
    const view = this.block.subarray(this.used, this.used + length) as A;
    this.used += length;
    return view;
  }

  /** A copy of `source` in storage taken here. */
  copy(source: ArrayLike<number>): A {
    const target = this.take(source.length);
    target.set(source);
    return target;
  }
}

/** 64 Ki numbers a block (512 KiB). */
export const float64Arena = () => new Arena((length) => new Float64Array(length), 1 << 16);
/** 64 KiB a block. */
export const uint8Arena = () => new Arena((length) => new Uint8Array(length), 1 << 16);

export type Float64Arena = ReturnType<typeof float64Arena>;
export type Uint8Arena = ReturnType<typeof uint8Arena>;
