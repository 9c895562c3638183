// The hits of a file's instrumented lines, held as typed arrays indexed by line number rather
// than one Map entry per line: a merge of two 800,000-line reports then holds a few MB of
// numbers instead of 1.6 million hash-table entries, and merging two files is a loop over
// arrays. It answers as a Map<number, number> does (get, set, size, iteration), so code and
// tests written against Maps keep working; iteration is in ascending line order.
//
// Memory stays proportional to the number of lines, whatever their numbers: the dense arrays
// grow only while they stay within a few times the number of lines held, and a line beyond
// that (a hostile DA:2000000000, a negative number) goes to a small Map beside them.

import type { Float64Arena, Uint8Arena } from './array-arena.js';

/** A line number above this is no source line (4294967295 is a tool's unsigned -1): parsers refuse it. */
export const MAX_LINE_NUMBER = 2 ** 31 - 1;

const MIN_CAPACITY = 256;
/** Below this, grow 4×: each typed array is an allocation outside the heap, and a GC's worth of bookkeeping. */
const QUICK_GROWTH_BELOW = 1 << 14;
/** Dense storage may hold this many slots per line present (plus DENSE_FLOOR) before lines go sparse. */
const DENSE_SLACK = 4;
const DENSE_FLOOR = 4096;

export class LineHits implements Map<number, number> {
  /** hits[line] is meaningful where present[line] is 1. */
  private hits: Float64Array = new Float64Array(0);
  private present: Uint8Array = new Uint8Array(0);
  /** Lines outside [0, hits.length) that dense storage would not reach cheaply; all ≥ hits.length or < 0. */
  private sparse: Map<number, number> | undefined;
  private count = 0;
  private coveredCount = 0;
  /** The highest dense line present + 1: iteration and merges stop there. */
  private end = 0;

  get size(): number {
    return this.count;
  }

  /** The slots dense storage holds now (what memory it takes, 9 bytes a slot): for tests. */
  get denseSlots(): number {
    return this.hits.length;
  }

  /** Lines with hits > 0, kept as lines are set (totals need no pass over the lines). */
  get covered(): number {
    return this.coveredCount;
  }

  get(line: number): number | undefined {
    // Undefined for a negative, fractional or too large index: then only the sparse Map can hold it.
    const slot = this.present[line];
    if (slot !== undefined) return slot === 1 ? this.hits[line] : undefined;
    return this.sparse?.get(line);
  }

  has(line: number): boolean {
    return this.get(line) !== undefined;
  }

  set(line: number, hits: number): this {
    if (line >= 0 && line < this.hits.length && Number.isInteger(line)) {
      if (this.present[line] === 1) {
        if ((this.hits[line] as number) > 0) this.coveredCount--;
      } else {
        this.present[line] = 1;
        this.count++;
        if (line >= this.end) this.end = line + 1;
      }
      this.hits[line] = hits;
      if (hits > 0) this.coveredCount++;
      return this;
    }
    if (this.grow(line)) return this.set(line, hits);
    this.sparse ??= new Map();
    const before = this.sparse.get(line);
    if (before === undefined) this.count++;
    else if (before > 0) this.coveredCount--;
    this.sparse.set(line, hits);
    if (hits > 0) this.coveredCount++;
    return this;
  }

  /** Adds hits to a line (absent counts as 0): the parsers' and the merge's one operation. */
  add(line: number, hits: number): void {
    if (line >= 0 && line < this.end && this.present[line] === 1) {
      const before = this.hits[line] as number;
      const after = before + hits;
      this.hits[line] = after;
      if (before <= 0 && after > 0) this.coveredCount++;
      else if (before > 0 && after <= 0) this.coveredCount--;
      return;
    }
    const before = this.get(line);
    this.set(line, before === undefined ? hits : before + hits);
  }

  /**
   * Merges another file's lines into this one: hits summed, or (coverage.py's 0/1 flags) the
   * larger kept. A loop over both arrays when both are dense.
   */
  mergeFrom(other: LineHits, flags: boolean): void {
    if (other.end > this.hits.length) this.grow(other.end - 1, other.count);
    const limit = Math.min(other.end, this.hits.length);
    const { hits, present } = this;
    const otherHits = other.hits;
    const otherPresent = other.present;
    for (let line = 0; line < limit; line++) {
      if (otherPresent[line] !== 1) continue;
      const addition = otherHits[line] as number;
      if (present[line] !== 1) {
        present[line] = 1;
        hits[line] = addition;
        this.count++;
        if (addition > 0) this.coveredCount++;
        continue;
      }
      const before = hits[line] as number;
      const after = flags ? Math.max(before, addition) : before + addition;
      hits[line] = after;
      if (before <= 0 && after > 0) this.coveredCount++;
      else if (before > 0 && after <= 0) this.coveredCount--;
    }
    if (limit > this.end) this.end = limit;
    for (let line = limit; line < other.end; line++)
      if (otherPresent[line] === 1) this.mergeOne(line, otherHits[line] as number, flags);
    for (const [line, addition] of other.sparse ?? []) this.mergeOne(line, addition, flags);
  }

  private mergeOne(line: number, addition: number, flags: boolean): void {
    const before = this.get(line);
    this.set(line, before === undefined ? addition : flags ? Math.max(before, addition) : before + addition);
  }

  /**
   * Makes room for `line` in dense storage if that keeps memory within DENSE_SLACK slots per
   * line held; moves the sparse lines the new range covers. False: the line stays sparse.
   */
  private grow(line: number, incoming = 1): boolean {
    if (!Number.isInteger(line) || line < this.hits.length) return false;
    const length = this.hits.length;
    const capacity = Math.max(MIN_CAPACITY, length * (length < QUICK_GROWTH_BELOW ? 4 : 2), line + 1);
    if (capacity > DENSE_SLACK * (this.count + incoming) + DENSE_FLOOR) return false;
    const hits = new Float64Array(capacity);
    hits.set(this.hits.subarray(0, this.end));
    const present = new Uint8Array(capacity);
    present.set(this.present.subarray(0, this.end));
    this.hits = hits;
    this.present = present;
    if (this.sparse) {
      const moved = [...this.sparse].filter(([key]) => Number.isInteger(key) && key >= 0 && key < capacity);
      for (const [key, value] of moved) {
        this.sparse.delete(key);
        present[key] = 1;
        hits[key] = value;
        if (key >= this.end) this.end = key + 1;
      }
      if (this.sparse.size === 0) this.sparse = undefined;
    }
    return true;
  }

  delete(line: number): boolean {
    const before = this.get(line);
    if (before === undefined) return false;
    if (line >= 0 && line < this.end && this.present[line] === 1) this.present[line] = 0;
    else this.sparse?.delete(line);
    this.count--;
    if (before > 0) this.coveredCount--;
    return true;
  }

  clear(): void {
    this.hits = new Float64Array(0);
    this.present = new Uint8Array(0);
    this.sparse = undefined;
    this.count = 0;
    this.coveredCount = 0;
    this.end = 0;
  }

  /** Ascending line order (what every writer wants; a Map would give insertion order). */
  *entries(): MapIterator<[number, number]> {
    if (this.sparse) {
      for (const line of this.sortedLines()) yield [line, this.get(line) as number];
      return;
    }
    const { hits, present } = this;
    for (let line = 0; line < this.end; line++) if (present[line] === 1) yield [line, hits[line] as number];
  }

  *keys(): MapIterator<number> {
    for (const [line] of this.entries()) yield line;
  }

  *values(): MapIterator<number> {
    for (const [, hits] of this.entries()) yield hits;
  }

  [Symbol.iterator](): MapIterator<[number, number]> {
    return this.entries();
  }

  forEach(callback: (hits: number, line: number, map: Map<number, number>) => void, thisArg?: unknown): void {
    for (const [line, hits] of this.entries()) callback.call(thisArg, hits, line, this);
  }

  /**
   * Visits the lines in ascending order, without an array of them or a lookup per line (the
   * writers' walk); a visit that returns false stops it.
   */
  forEachInOrder(visit: (line: number, hits: number) => unknown): void {
    if (this.sparse) {
      for (const line of this.sortedLines()) if (visit(line, this.get(line) as number) === false) return;
      return;
    }
    const { hits, present } = this;
    for (let line = 0; line < this.end; line++)
      if (present[line] === 1 && visit(line, hits[line] as number) === false) return;
  }

  /**
   * The dense arrays themselves, for a loop that must not go through a callback (the LCOV
   * writer's 800,000 DA lines); undefined when some lines are sparse. Read them, never write.
   */
  denseView(): { hits: Float64Array; present: Uint8Array; end: number } | undefined {
    return this.sparse ? undefined : { hits: this.hits, present: this.present, end: this.end };
  }

  /**
   * A copy holding exactly the lines held (arrays sized to them), after which this one is
   * empty with its arrays kept: the parser fills one LineHits per tracefile, record after
   * record, and keeps a compact copy of each, so a file's arrays are allocated once, not grown
   * (or, given `storage`, are views into blocks shared with other files: see array-arena.ts).
   */
  takeCompact(storage?: { hits: Float64Arena; present: Uint8Arena }): LineHits {
    const copy = new LineHits();
    const end = this.end;
    copy.hits = storage ? storage.hits.copy(this.hits.subarray(0, end)) : this.hits.slice(0, end);
    copy.present = storage ? storage.present.copy(this.present.subarray(0, end)) : this.present.slice(0, end);
    copy.sparse = this.sparse;
    copy.count = this.count;
    copy.coveredCount = this.coveredCount;
    copy.end = end;
    this.present.fill(0, 0, end);
    this.sparse = undefined;
    this.count = 0;
    this.coveredCount = 0;
    this.end = 0;
    return copy;
  }

  /** The lines in ascending order, as an array (writers walk it once per output). */
  sortedLines(): number[] {
    const lines: number[] = [];
    const present = this.present;
    for (let line = 0; line < this.end; line++) if (present[line] === 1) lines.push(line);
    if (!this.sparse) return lines;
    // Rare (hostile or odd numbers): a sort is fine there.
    return lines.concat([...this.sparse.keys()]).sort((a, b) => a - b);
  }

  get [Symbol.toStringTag](): string {
    return 'LineHits';
  }
}

/** A Map<number, number> of any kind, or LineHits: the lines with hits > 0. */
export function coveredLineCount(lines: Map<number, number>): number {
  if (lines instanceof LineHits) return lines.covered;
  let covered = 0;
  for (const hits of lines.values()) if (hits > 0) covered++;
  return covered;
}
