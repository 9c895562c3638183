// A file's functions as names beside two Float64Arrays (line, hits) rather than an object per
// function: an LCOV tracefile names a function every 20 lines or so, 40,000 objects a report
// at 800,000 lines, each kept and copied by the garbage collector. It answers as a
// Map<string, FunctionHits> does, in the order names were first given; get() and iteration
// hand out copies (set() one back to change it). Two jobs of one build name the same
// functions in the same order: their merge is then a loop over the arrays.
import type { Float64Arena } from './array-arena.js';
// Types only: model.ts imports this module (fileTotals counts functions).
import type { Counter, FunctionHits } from './model.js';

const MIN_FUNCTIONS = 16;

export class PackedFunctions implements Map<string, FunctionHits> {
  private names: string[] = [];
  private slots = new Map<string, number>();
  private lines = new Float64Array(0);
  private hits = new Float64Array(0);

  get size(): number {
    return this.names.length;
  }

  /** The slot of a name, or -1. */
  slotOf(name: string): number {
    return this.slots.get(name) ?? -1;
  }

  /** The name in a slot (slots count from 0 in the order names came), or undefined. */
  nameAt(slot: number): string | undefined {
    return this.names[slot];
  }

  private append(name: string, line: number, hits: number): number {
    const slot = this.names.length;
    if (slot === this.lines.length) {
      const capacity = Math.max(MIN_FUNCTIONS, slot * 4);
      const lines = new Float64Array(capacity);
      lines.set(this.lines);
      const counts = new Float64Array(capacity);
      counts.set(this.hits);
      this.lines = lines;
      this.hits = counts;
    }
    this.names.push(name);
    this.slots.set(name, slot);
    this.lines[slot] = line;
    this.hits[slot] = hits;
    return slot;
  }

  /** LCOV's FN: where a function is (known: moved there; new: 0 hits so far). Returns its slot. */
  declare(name: string, line: number): number {
    const slot = this.slots.get(name);
    if (slot === undefined) return this.append(name, line, 0);
    this.lines[slot] = line;
    return slot;
  }

  /** LCOV's FNDA: adds hits to a function; `line` places it when this is the first word of it. */
  addHits(name: string, hits: number, line: number): void {
    const slot = this.slots.get(name);
    if (slot === undefined) this.append(name, line, hits);
    else this.hits[slot] = (this.hits[slot] as number) + hits;
  }

  /** addHits by slot (the parser's FNDA that names the function it expects). */
  addHitsAt(slot: number, hits: number): void {
    this.hits[slot] = (this.hits[slot] as number) + hits;
  }

  get(name: string): FunctionHits | undefined {
    const slot = this.slots.get(name);
    return slot === undefined
      ? undefined
      : { line: this.lines[slot] as number, hits: this.hits[slot] as number };
  }

  has(name: string): boolean {
    return this.slots.has(name);
  }

  set(name: string, fn: FunctionHits): this {
    const slot = this.slots.get(name);
    if (slot === undefined) this.append(name, fn.line, fn.hits);
    else {
      this.lines[slot] = fn.line;
      this.hits[slot] = fn.hits;
    }
    return this;
  }

  delete(name: string): boolean {
    const slot = this.slots.get(name);
    if (slot === undefined) return false;
    // Rare (nothing in the package deletes): close the gap and renumber what follows.
    this.names.splice(slot, 1);
    this.lines.copyWithin(slot, slot + 1);
    this.hits.copyWithin(slot, slot + 1);
    this.slots.delete(name);
    for (let index = slot; index < this.names.length; index++)
      this.slots.set(this.names[index] as string, index);
    return true;
  }

  clear(): void {
    this.names = [];
    this.slots = new Map();
    this.lines = new Float64Array(0);
    this.hits = new Float64Array(0);
  }

  /** Functions with hits > 0, and all. */
  counter(): Counter {
    let covered = 0;
    const hits = this.hits;
    for (let slot = 0; slot < this.names.length; slot++) if ((hits[slot] as number) > 0) covered++;
    return { covered, total: this.names.length };
  }

  /**
   * Merges another file's functions into this one as the Map merge did: hits summed (or, for
   * coverage.py's flags, the larger kept), a line of 0 (placed by FNDA alone) taken from the other.
   */
  mergeFrom(other: PackedFunctions, flags: boolean): void {
    const count = other.names.length;
    let slot = 0;
    // Same names in the same order, as far as they go: no lookups.
    while (slot < count && this.names[slot] === other.names[slot]) {
      this.combine(slot, other.lines[slot] as number, other.hits[slot] as number, flags);
      slot++;
    }
    for (let index = slot; index < count; index++)
      this.mergeOne(
        other.names[index] as string,
        other.lines[index] as number,
        other.hits[index] as number,
        flags,
      );
  }

  /** One function of another report (any Map of them), merged as mergeFrom merges. */
  mergeOne(name: string, line: number, hits: number, flags: boolean): void {
    const known = this.slots.get(name);
    if (known === undefined) this.append(name, line, hits);
    else this.combine(known, line, hits, flags);
  }

  private combine(slot: number, line: number, addition: number, flags: boolean): void {
    const before = this.hits[slot] as number;
    this.hits[slot] = flags ? Math.max(before, addition) : before + addition;
    if (this.lines[slot] === 0) this.lines[slot] = line;
  }

  /**
   * A copy holding exactly the functions held, after which this one is empty: the parser's
   * storage for the open record (see LineHits.takeCompact; `storage` as there).
   */
  takeCompact(storage?: Float64Arena): PackedFunctions {
    const copy = new PackedFunctions();
    const count = this.names.length;
    copy.names = this.names;
    copy.slots = this.slots;
    copy.lines = storage ? storage.copy(this.lines.subarray(0, count)) : this.lines.slice(0, count);
    copy.hits = storage ? storage.copy(this.hits.subarray(0, count)) : this.hits.slice(0, count);
    // Its arrays are kept: append() writes both numbers of every slot it fills.
    this.names = [];
    this.slots = new Map();
    return copy;
  }

  *entries(): MapIterator<[string, FunctionHits]> {
    for (let slot = 0; slot < this.names.length; slot++)
      yield [
        this.names[slot] as string,
        { line: this.lines[slot] as number, hits: this.hits[slot] as number },
      ];
  }

  /**
   * Every function in order, without a copy (the writers' walk); the name, its line and hits.
   */
  forEachFunction(visit: (name: string, line: number, hits: number) => void): void {
    const { names, lines, hits } = this;
    for (let slot = 0; slot < names.length; slot++)
      visit(names[slot] as string, lines[slot] as number, hits[slot] as number);
  }

  *keys(): MapIterator<string> {
    yield* this.names;
  }

  *values(): MapIterator<FunctionHits> {
    for (const [, fn] of this.entries()) yield fn;
  }

  [Symbol.iterator](): MapIterator<[string, FunctionHits]> {
    return this.entries();
  }

  forEach(
    callback: (fn: FunctionHits, name: string, map: Map<string, FunctionHits>) => void,
    thisArg?: unknown,
  ): void {
    for (const [name, fn] of this.entries()) callback.call(thisArg, fn, name, this);
  }

  get [Symbol.toStringTag](): string {
    return 'PackedFunctions';
  }
}
