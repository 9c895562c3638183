// The branch arms of a file's lines packed four numbers an arm (line, block, branch, hits) into
// one Float64Array, rather than an object and a Map per branch line: LCOV's BRDA lines are a
// fifth of a tracefile, and as objects they were a third of a large merge's CPU time, most of
// it the garbage collector's. It answers as a Map<number, LineBranches> does (get, set, size,
// iteration in ascending line order), so code written against Maps keeps working; get() and
// iteration hand out a copy of a line's arms (set() it back to change them). Lines a report
// only counted (Cobertura) are kept as given, beside the arrays.
//
// Arms arrive mostly in line order, a line's arms one after another: they are appended, and
// only an arm for an earlier line (or a line with more arms than a scan is worth) leaves the
// table to be sorted, stably, and its repeated keys summed on the next read. Keys are
// `block,branch` as two numbers when both are plain digits (no leading zero, at most 15); any
// other key (coverage.py's `block,#n`, lcov 2's expressions, `007,1`) is kept as text.
import type { Float64Arena } from './array-arena.js';
// Types only: model.ts imports this module (fileTotals counts packed arms).
import type { ArmHits, BranchArms, Counter, LineBranches } from './model.js';

const STRIDE = 4;
const LINE = 0;
const BLOCK = 1;
const BRANCH = 2;
const HITS = 3;
/** In the block slot: the key is texts[branch slot]. Blocks written as digits are never negative. */
const TEXT_KEY = -1;
/** Arms of one line searched one by one for a repeated key as they arrive; beyond, the sort sums them. */
const SCAN_LIMIT = 16;
const MIN_ARMS = 64;
/** Below this, grow 4×: fewer allocations for the small files that are most of a report. */
const QUICK_GROWTH_BELOW = 1 << 14;
const PLAIN_KEY = /^(0|[1-9]\d{0,14}),(0|[1-9]\d{0,14})$/;

/** `-` (NOT_EXECUTED, null) is NaN in the hits slot; counts never are. */
const packHits = (hits: ArmHits): number => (hits === null ? Number.NaN : hits);
const unpackHits = (value: number): ArmHits => (Number.isNaN(value) ? null : value);

/** addArmHits on packed values, or (coverage.py's 0/1 flags) the larger of two executed arms. */
function combine(before: number, addition: number, flags: boolean): number {
  if (Number.isNaN(before)) return addition;
  if (Number.isNaN(addition)) return before;
  return flags ? Math.max(before, addition) : before + addition;
}

export class PackedBranches implements Map<number, LineBranches> {
  private data = new Float64Array(0);
  private armCount = 0;
  /** Keys that are not `<digits>,<digits>`, by the index in an arm's branch slot. */
  private texts: string[] = [];
  /**
   * Lines held as given, not packed: counts (a Cobertura report's, merged into an LCOV file's
   * branches), and a line of arms that holds no arm (istanbul can list a branch without one).
   */
  private unpacked: Map<number, LineBranches> | undefined;
  /** Arms in line order (stable), no key twice on a line: what every read needs. */
  private settled = true;
  /** Distinct lines among the arms; kept while settled. */
  private lineCount = 0;
  /** The line of the last arm and where its arms start (while settled): appends extend it. */
  private lastLine = Number.NEGATIVE_INFINITY;
  private lastLineStart = 0;

  get size(): number {
    this.settle();
    return this.lineCount + (this.unpacked?.size ?? 0);
  }

  /** True when some line is held unpacked (counts, no arms): then the fast paths step aside. */
  get hasUnpacked(): boolean {
    return (this.unpacked?.size ?? 0) > 0;
  }

  /** Adds hits to the arm `block,branch` of a line (both plain digits); a line of counts is left as is. */
  addArm(line: number, block: number, branch: number, hits: ArmHits): void {
    this.append(line, block, branch, packHits(hits), false);
  }

  /** As addArm, for a key as text: `<digits>,<digits>` becomes two numbers, any other stays text. */
  addArmKey(line: number, key: string, hits: ArmHits): void {
    const plain = PLAIN_KEY.exec(key);
    if (plain) this.append(line, Number(plain[1]), Number(plain[2]), packHits(hits), false);
    else this.append(line, TEXT_KEY, this.textIndex(key), packHits(hits), false);
  }

  /**
   * Adds a line's arms given as a Map (another report's), as the merge adds them. Settled
   * before and after, so that a key met again is combined under `flags`, not summed later.
   */
  addArms(line: number, arms: Map<string, ArmHits>, flags: boolean): void {
    this.settle();
    for (const [key, hits] of arms) {
      const plain = PLAIN_KEY.exec(key);
      if (plain) this.append(line, Number(plain[1]), Number(plain[2]), packHits(hits), flags);
      else this.append(line, TEXT_KEY, this.textIndex(key), packHits(hits), flags);
    }
    this.settle(flags);
  }

  private textIndex(key: string): number {
    // Text keys are rare (checksummed or odd tracefiles) and few per file: a scan is enough.
    const known = this.texts.indexOf(key);
    if (known !== -1) return known;
    this.texts.push(key);
    return this.texts.length - 1;
  }

  private append(written: number, block: number, branch: number, hits: number, flags: boolean): void {
    // A Map keys -0 (BRDA:-0,…) as 0; a Float64Array would keep the sign.
    const line = written === 0 ? 0 : written;
    const unpacked = this.unpacked?.get(line);
    if (unpacked) {
      if (unpacked.kind === 'counts') return;
      // A line of no arms gets its first: packed from here on.
      this.unpacked?.delete(line);
    }
    if (this.settled) {
      if (line === this.lastLine) {
        const data = this.data;
        const from = this.lastLineStart;
        if (this.armCount - from <= SCAN_LIMIT) {
          for (let arm = from; arm < this.armCount; arm++) {
            const at = arm * STRIDE;
            if (data[at + BLOCK] === block && data[at + BRANCH] === branch) {
              data[at + HITS] = combine(data[at + HITS] as number, hits, flags);
              return;
            }
          }
        } else this.settled = false;
      } else if (line > this.lastLine) {
        this.lineCount++;
        this.lastLine = line;
        this.lastLineStart = this.armCount;
      } else this.settled = false;
    }
    if (this.armCount * STRIDE === this.data.length) this.grow(this.armCount + 1);
    const at = this.armCount * STRIDE;
    const data = this.data;
    data[at + LINE] = line;
    data[at + BLOCK] = block;
    data[at + BRANCH] = branch;
    data[at + HITS] = hits;
    this.armCount++;
  }

  private grow(arms: number): void {
    const length = this.data.length / STRIDE;
    const capacity = Math.max(MIN_ARMS, length * (length < QUICK_GROWTH_BELOW ? 4 : 2), arms);
    const data = new Float64Array(capacity * STRIDE);
    data.set(this.data.subarray(0, this.armCount * STRIDE));
    this.data = data;
  }

  /**
   * Sorts the arms by line (stable: a line's arms keep the order they came in) and sums the
   * arms of a line that share a key into the first of them, as a Map keyed by arm would.
   */
  private settle(flags = false): void {
    if (this.settled) return;
    const source = this.data;
    const count = this.armCount;
    const order = new Int32Array(count);
    for (let arm = 0; arm < count; arm++) order[arm] = arm;
    order.sort(
      (a, b) => (source[a * STRIDE + LINE] as number) - (source[b * STRIDE + LINE] as number) || a - b,
    );
    const data = new Float64Array(this.data.length);
    let out = 0;
    let lines = 0;
    let groupStart = 0;
    let groupLine = Number.NaN;
    let keys: Map<string, number> | undefined;
    for (let index = 0; index < count; index++) {
      const from = (order[index] as number) * STRIDE;
      const line = source[from + LINE] as number;
      const block = source[from + BLOCK] as number;
      const branch = source[from + BRANCH] as number;
      const hits = source[from + HITS] as number;
      if (line !== groupLine) {
        groupLine = line;
        groupStart = out;
        keys = undefined;
        lines++;
      }
      const same = this.findInGroup(data, groupStart, out, block, branch, keys);
      if (same !== -1) {
        data[same * STRIDE + HITS] = combine(data[same * STRIDE + HITS] as number, hits, flags);
        continue;
      }
      const at = out * STRIDE;
      data[at + LINE] = line;
      data[at + BLOCK] = block;
      data[at + BRANCH] = branch;
      data[at + HITS] = hits;
      out++;
      keys = indexGroup(data, groupStart, out, keys);
    }
    this.data = data;
    this.armCount = out;
    this.lineCount = lines;
    this.settled = true;
    this.resetLast();
  }

  private findInGroup(
    data: Float64Array,
    from: number,
    to: number,
    block: number,
    branch: number,
    keys: Map<string, number> | undefined,
  ): number {
    if (keys) return keys.get(`${block},${branch}`) ?? -1;
    for (let arm = from; arm < to; arm++)
      if (data[arm * STRIDE + BLOCK] === block && data[arm * STRIDE + BRANCH] === branch) return arm;
    return -1;
  }

  /** lastLine and lastLineStart from the arms (after a sort or a removal). */
  private resetLast(): void {
    if (this.armCount === 0) {
      this.lastLine = Number.NEGATIVE_INFINITY;
      this.lastLineStart = 0;
      return;
    }
    const data = this.data;
    const last = data[(this.armCount - 1) * STRIDE + LINE] as number;
    let start = this.armCount - 1;
    while (start > 0 && data[(start - 1) * STRIDE + LINE] === last) start--;
    this.lastLine = last;
    this.lastLineStart = start;
  }

  /** The first arm of `line`, or -1 (binary search: settled arms are in line order). */
  private firstArm(line: number): number {
    this.settle();
    const data = this.data;
    let low = 0;
    let high = this.armCount;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((data[middle * STRIDE + LINE] as number) < line) low = middle + 1;
      else high = middle;
    }
    return low < this.armCount && data[low * STRIDE + LINE] === line ? low : -1;
  }

  private keyText(arm: number): string {
    const block = this.data[arm * STRIDE + BLOCK] as number;
    const branch = this.data[arm * STRIDE + BRANCH] as number;
    return block === TEXT_KEY ? (this.texts[branch] as string) : `${block},${branch}`;
  }

  /** A copy of the arms of the line starting at `first`. */
  private armsFrom(first: number): BranchArms {
    const arms = new Map<string, ArmHits>();
    const data = this.data;
    const line = data[first * STRIDE + LINE];
    for (let arm = first; arm < this.armCount && data[arm * STRIDE + LINE] === line; arm++)
      arms.set(this.keyText(arm), unpackHits(data[arm * STRIDE + HITS] as number));
    return { kind: 'arms', arms };
  }

  get(line: number): LineBranches | undefined {
    const unpacked = this.unpacked?.get(line);
    if (unpacked) return unpacked;
    const first = this.firstArm(line);
    return first === -1 ? undefined : this.armsFrom(first);
  }

  has(line: number): boolean {
    return this.unpacked?.has(line) === true || this.firstArm(line) !== -1;
  }

  /** Covered and total arms of one line, without a copy (the Cobertura writer's question). */
  counterAt(line: number): Counter | undefined {
    const unpacked = this.unpacked?.get(line);
    if (unpacked) return unpackedCounter(unpacked);
    const first = this.firstArm(line);
    if (first === -1) return undefined;
    const data = this.data;
    let covered = 0;
    let arm = first;
    for (; arm < this.armCount && data[arm * STRIDE + LINE] === line; arm++)
      if ((data[arm * STRIDE + HITS] as number) > 0) covered++;
    return { covered, total: arm - first };
  }

  /** Covered and total arms of the whole file (NaN, `-`, is not > 0). */
  counter(): Counter {
    this.settle();
    const data = this.data;
    let covered = 0;
    for (let at = HITS; at < this.armCount * STRIDE; at += STRIDE) if ((data[at] as number) > 0) covered++;
    let total = this.armCount;
    for (const unpacked of this.unpacked?.values() ?? []) {
      const counter = unpackedCounter(unpacked);
      covered += counter.covered;
      total += counter.total;
    }
    return { covered, total };
  }

  /**
   * Every arm in line order, the key as two numbers or (text keys) as text; lines held unpacked
   * are not visited (see hasUnpacked).
   */
  forEachArm(
    visit: (line: number, block: number, branch: number, text: string | undefined, hits: ArmHits) => void,
  ): void {
    this.settle();
    const data = this.data;
    for (let arm = 0; arm < this.armCount; arm++) {
      const at = arm * STRIDE;
      const block = data[at + BLOCK] as number;
      const branch = data[at + BRANCH] as number;
      visit(
        data[at + LINE] as number,
        block,
        branch,
        block === TEXT_KEY ? this.texts[branch] : undefined,
        unpackHits(data[at + HITS] as number),
      );
    }
  }

  set(line: number, branches: LineBranches): this {
    this.delete(line);
    if (branches.kind === 'counts' || branches.arms.size === 0) {
      this.unpacked ??= new Map();
      this.unpacked.set(line, branches);
    } else this.addArms(line, branches.arms, false);
    return this;
  }

  delete(line: number): boolean {
    if (this.unpacked?.delete(line)) return true;
    const first = this.firstArm(line);
    if (first === -1) return false;
    const data = this.data;
    let end = first;
    while (end < this.armCount && data[end * STRIDE + LINE] === line) end++;
    data.copyWithin(first * STRIDE, end * STRIDE, this.armCount * STRIDE);
    this.armCount -= end - first;
    this.lineCount--;
    this.resetLast();
    return true;
  }

  clear(): void {
    this.data = new Float64Array(0);
    this.armCount = 0;
    this.texts = [];
    this.unpacked = undefined;
    this.settled = true;
    this.lineCount = 0;
    this.resetLast();
  }

  /**
   * Merges another file's arms into this one: hits summed per arm (`-` kept apart from 0), or
   * (coverage.py's flags) the larger kept. When both hold the same lines and keys — two jobs
   * of one build — one loop adds the hits in place; otherwise a merge by line into new arrays.
   * Lines held unpacked are the caller's (see hasUnpacked).
   */
  mergeFrom(other: PackedBranches, flags: boolean): void {
    this.settle();
    other.settle();
    if (this.sameArms(other)) {
      const data = this.data;
      const addition = other.data;
      for (let at = HITS; at < this.armCount * STRIDE; at += STRIDE)
        data[at] = combine(data[at] as number, addition[at] as number, flags);
      return;
    }
    const mine = this.data;
    const theirs = other.data;
    const data = new Float64Array((this.armCount + other.armCount) * STRIDE);
    let out = 0;
    let lines = 0;
    let left = 0;
    let right = 0;
    const copy = (from: Float64Array, arm: number, block: number, branch: number) => {
      const at = out * STRIDE;
      data[at + LINE] = from[arm * STRIDE + LINE] as number;
      data[at + BLOCK] = block;
      data[at + BRANCH] = branch;
      data[at + HITS] = from[arm * STRIDE + HITS] as number;
      out++;
    };
    while (left < this.armCount || right < other.armCount) {
      const leftLine =
        left < this.armCount ? (mine[left * STRIDE + LINE] as number) : Number.POSITIVE_INFINITY;
      const rightLine =
        right < other.armCount ? (theirs[right * STRIDE + LINE] as number) : Number.POSITIVE_INFINITY;
      const line = Math.min(leftLine, rightLine);
      const groupStart = out;
      lines++;
      for (; left < this.armCount && mine[left * STRIDE + LINE] === line; left++)
        copy(mine, left, mine[left * STRIDE + BLOCK] as number, mine[left * STRIDE + BRANCH] as number);
      let keys = indexGroup(data, groupStart, out, undefined);
      for (; right < other.armCount && theirs[right * STRIDE + LINE] === line; right++) {
        const block = theirs[right * STRIDE + BLOCK] as number;
        let branch = theirs[right * STRIDE + BRANCH] as number;
        if (block === TEXT_KEY) branch = this.textIndex(other.texts[branch] as string);
        const same = this.findInGroup(data, groupStart, out, block, branch, keys);
        if (same !== -1) {
          const at = same * STRIDE + HITS;
          data[at] = combine(data[at] as number, theirs[right * STRIDE + HITS] as number, flags);
          continue;
        }
        copy(theirs, right, block, branch);
        keys = indexGroup(data, groupStart, out, keys);
      }
    }
    this.data = data;
    this.armCount = out;
    this.lineCount = lines;
    this.resetLast();
  }

  /** Same lines and keys, arm for arm (text keys compared as text). */
  private sameArms(other: PackedBranches): boolean {
    if (this.armCount !== other.armCount) return false;
    const mine = this.data;
    const theirs = other.data;
    for (let arm = 0; arm < this.armCount; arm++) {
      const at = arm * STRIDE;
      if (mine[at + LINE] !== theirs[at + LINE] || mine[at + BLOCK] !== theirs[at + BLOCK]) return false;
      if (mine[at + BLOCK] === TEXT_KEY) {
        if (this.texts[mine[at + BRANCH] as number] !== other.texts[theirs[at + BRANCH] as number])
          return false;
      } else if (mine[at + BRANCH] !== theirs[at + BRANCH]) return false;
    }
    return true;
  }

  /**
   * A copy holding exactly the arms held (one array sized to them), after which this one is
   * empty with its array kept: the parser's storage for the open record (see LineHits;
   * `storage` as there).
   */
  takeCompact(storage?: Float64Arena): PackedBranches {
    this.settle();
    const copy = new PackedBranches();
    const used = this.data.subarray(0, this.armCount * STRIDE);
    copy.data = storage ? storage.copy(used) : used.slice();
    copy.armCount = this.armCount;
    copy.texts = this.texts;
    copy.unpacked = this.unpacked;
    copy.lineCount = this.lineCount;
    copy.resetLast();
    this.armCount = 0;
    this.texts = [];
    this.unpacked = undefined;
    this.lineCount = 0;
    this.resetLast();
    return copy;
  }

  /** Lines in ascending order. */
  sortedLines(): number[] {
    this.settle();
    const lines: number[] = [];
    const data = this.data;
    for (let arm = 0; arm < this.armCount; arm++) {
      const line = data[arm * STRIDE + LINE] as number;
      if (lines.length === 0 || lines[lines.length - 1] !== line) lines.push(line);
    }
    if (!this.hasUnpacked) return lines;
    return lines.concat([...(this.unpacked as Map<number, LineBranches>).keys()]).sort((a, b) => a - b);
  }

  *entries(): MapIterator<[number, LineBranches]> {
    for (const line of this.sortedLines()) yield [line, this.get(line) as LineBranches];
  }

  *keys(): MapIterator<number> {
    for (const line of this.sortedLines()) yield line;
  }

  *values(): MapIterator<LineBranches> {
    for (const [, branches] of this.entries()) yield branches;
  }

  [Symbol.iterator](): MapIterator<[number, LineBranches]> {
    return this.entries();
  }

  forEach(
    callback: (branches: LineBranches, line: number, map: Map<number, LineBranches>) => void,
    thisArg?: unknown,
  ): void {
    for (const [line, branches] of this.entries()) callback.call(thisArg, branches, line, this);
  }

  get [Symbol.toStringTag](): string {
    return 'PackedBranches';
  }
}

/** Counts as given; a line of arms held unpacked has none (see PackedBranches.unpacked). */
function unpackedCounter(branches: LineBranches): Counter {
  return branches.kind === 'counts'
    ? { covered: branches.covered, total: branches.total }
    : { covered: 0, total: branches.arms.size };
}

/**
 * Once a line's arms grow past SCAN_LIMIT (a large switch), a Map of their keys → arm index,
 * kept up to date as arms are added, so finding a key stays cheap however many arms a line has.
 */
function indexGroup(
  data: Float64Array,
  from: number,
  to: number,
  keys: Map<string, number> | undefined,
): Map<string, number> | undefined {
  if (keys) {
    const last = to - 1;
    keys.set(`${data[last * STRIDE + BLOCK]},${data[last * STRIDE + BRANCH]}`, last);
    return keys;
  }
  if (to - from <= SCAN_LIMIT) return undefined;
  const index = new Map<string, number>();
  for (let arm = from; arm < to; arm++)
    index.set(`${data[arm * STRIDE + BLOCK]},${data[arm * STRIDE + BRANCH]}`, arm);
  return index;
}
