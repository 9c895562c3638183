// Writers put text and numbers into a reused buffer that is handed on whenever it fills: a
// merged report of a million lines is never one string, nor an array of a million strings.
// Numbers are written digit by digit (no string per number); text goes through UTF-8 as is.
import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';

const CHUNK_BYTES = 1 << 16;
const ZERO = 0x30;

export class ByteSink {
  private buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  private position = 0;

  /** `flush` gets each full piece; it must use (or copy) the bytes before returning. */
  constructor(private readonly flush: (bytes: Buffer) => void) {}

  /** Any text, as UTF-8 (short ASCII text byte by byte, the rest through Buffer.write). */
  text(value: string): void {
    const length = value.length;
    if (length * 3 > CHUNK_BYTES - this.position) {
      this.drain();
      if (length * 3 > CHUNK_BYTES) {
        this.flush(Buffer.from(value, 'utf8'));
        return;
      }
    }
    if (length <= 32) {
      const buffer = this.buffer;
      let position = this.position;
      let index = 0;
      for (; index < length; index++) {
        const code = value.charCodeAt(index);
        if (code >= 0x80) break;
        buffer[position++] = code;
      }
      if (index === length) {
        this.position = position;
        return;
      }
    }
    this.position += this.buffer.write(value, this.position, 'utf8');
  }

  /** One ASCII character, by its code. */
  byte(code: number): void {
    if (this.position === CHUNK_BYTES) this.drain();
    this.buffer[this.position++] = code;
  }

  /**
   * `<prefix><first>,<second>\n` in one call (DA lines: most of a tracefile), numbers written
   * as `${value}` writes them.
   */
  pair(prefix: Uint8Array, first: number, second: number): void {
    if (!(isPlain(first) && isPlain(second))) {
      for (const code of prefix) this.byte(code);
      this.number(first);
      this.byte(0x2c);
      this.number(second);
      this.byte(0x0a);
      return;
    }
    if (CHUNK_BYTES - this.position < prefix.length + 22) this.drain();
    const buffer = this.buffer;
    let position = this.position;
    for (let index = 0; index < prefix.length; index++) buffer[position++] = prefix[index] as number;
    position = putDigits(buffer, position, first);
    buffer[position++] = 0x2c;
    position = putDigits(buffer, position, second);
    buffer[position++] = 0x0a;
    this.position = position;
  }

  /** A number exactly as `${value}` writes it. */
  number(value: number): void {
    if (!isPlain(value)) {
      this.text(String(value));
      return;
    }
    if (CHUNK_BYTES - this.position < 10) this.drain();
    this.position = putDigits(this.buffer, this.position, value);
  }

  /** Hands on what is left. */
  end(): void {
    this.drain();
  }

  private drain(): void {
    if (this.position === 0) return;
    this.flush(this.buffer.subarray(0, this.position));
    this.position = 0;
  }
}

/** Numbers written digit by digit here; any other is written as String() writes it. */
function isPlain(value: number): boolean {
  return value >= 0 && value <= 0xffffffff && Number.isInteger(value);
}

/** The decimal digits of a plain number at `position`; returns the position after them. */
function putDigits(buffer: Buffer, position: number, value: number): number {
  if (value < 10) {
    buffer[position] = ZERO + value;
    return position + 1;
  }
  // Plain numbers have at most 10 digits: compared, not counted by dividing.
  const end =
    position +
    (value < 100
      ? 2
      : value < 1e3
        ? 3
        : value < 1e4
          ? 4
          : value < 1e5
            ? 5
            : value < 1e6
              ? 6
              : value < 1e7
                ? 7
                : value < 1e8
                  ? 8
                  : value < 1e9
                    ? 9
                    : 10);
  let at = end;
  let rest = value;
  do {
    const next = Math.floor(rest / 10);
    buffer[--at] = ZERO + rest - next * 10;
    rest = next;
  } while (rest > 0);
  return end;
}

/** The text a writer produces, as one string (for callers that want it in memory). */
export function collectText(write: (sink: ByteSink) => void): string {
  const pieces: Buffer[] = [];
  const sink = new ByteSink((bytes) => pieces.push(Buffer.from(bytes)));
  write(sink);
  sink.end();
  return Buffer.concat(pieces).toString('utf8');
}

/**
 * Streams a writer's output to `path` through a temporary file beside it, renamed over `path`
 * once complete: a reader never sees half a report, a failed write leaves none.
 */
export function writeFileStreamed(path: string, write: (sink: ByteSink) => void): void {
  const temporary = `${path}.${process.pid}.tmp`;
  const descriptor = openSync(temporary, 'w');
  try {
    const sink = new ByteSink((bytes) => {
      for (let offset = 0; offset < bytes.length; )
        offset += writeSync(descriptor, bytes, offset, bytes.length - offset);
    });
    write(sink);
    sink.end();
  } catch (error) {
    closeSync(descriptor);
    rmSync(temporary, { force: true });
    throw error;
  }
  closeSync(descriptor);
  renameSync(temporary, path);
}
