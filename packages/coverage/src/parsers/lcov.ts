// LCOV tracefiles (geninfo, istanbul, coverage.py, c8…): TN/SF/FN/FNDA/FNL/FNA/DA/BRDA/…/end_of_record.
// Totals lines (LF, LH, BRF…) are not trusted, only noted: the merge recomputes them.
//
// Branch arms are keyed `block,branch` as written — except in records whose DA lines carry
// checksums (coverage.py before 7.6, geninfo --checksum). coverage.py writes those with the
// arc's destination as BRDA line and numbers an arc differently depending on whether it was
// taken, so there the key is `block,#n`: the n-th arm of that block on that BRDA line, an
// order that is stable across runs for both writers.
//
// Lines go into LineHits and arms into PackedBranches (typed arrays, keys as two numbers where
// they are plain digits). Read as bytes, in pieces: DA and BRDA lines (nearly all of a
// tracefile) are parsed where they lie in the buffer, without a string per line; any other
// line, and any DA/BRDA line the fast path does not recognise exactly, is decoded and read by
// the general code below, so errors and corner cases are the same whichever path a line takes.
import { closeSync, openSync, readSync } from 'node:fs';
import { float64Arena, uint8Arena } from '../array-arena.js';
import { ReportParseError } from '../errors.js';
import { LineHits, MAX_LINE_NUMBER } from '../line-hits.js';
import { type ArmHits, type CoverageReport, emptyFile, type FileCoverage, NOT_EXECUTED } from '../model.js';
import { PackedBranches } from '../packed-branches.js';
import { PackedFunctions } from '../packed-functions.js';
import { digitsAt } from './digits.js';

const NEWLINE = 0x0a;
const CR = 0x0d;
const COMMA = 0x2c;
const DASH = 0x2d;
const ZERO = 0x30;
const NINE = 0x39;
const D = 0x44;
const F = 0x46;
const N = 0x4e;
const A = 0x41;
const B = 0x42;
const R = 0x52;
const COLON = 0x3a;

const READ_BYTES = 1 << 20;

/**
 * The first comma in bytes[from, to), or -1. A loop here rather than Buffer.indexOf: the fields
 * of a tracefile line are a few bytes long, shorter than the call into C++ costs.
 */
function commaIn(bytes: Uint8Array, from: number, to: number): number {
  for (let index = from; index < to; index++) if (bytes[index] === COMMA) return index;
  return -1;
}

/** The non-negative integer written in bytes[from, to), or -1 (same rule as digitsAt: 1–15 digits). */
function digitsIn(bytes: Uint8Array, from: number, to: number): number {
  if (to <= from || to - from > 15) return -1;
  let value = 0;
  for (let index = from; index < to; index++) {
    const digit = (bytes[index] as number) - ZERO;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/** Whether bytes[from, to) are ASCII and spell `text` (no decoding, no string made). */
function sameAscii(bytes: Uint8Array, from: number, to: number, text: string): boolean {
  if (to - from !== text.length) return false;
  for (let index = from; index < to; index++) {
    const code = bytes[index] as number;
    if (code >= 0x80 || code !== text.charCodeAt(index - from)) return false;
  }
  return true;
}

export class LcovParser {
  private readonly files: FileCoverage[] = [];
  private file: FileCoverage | undefined;
  private lines: LineHits | undefined;
  /**
   * The open record's lines and arms, in storage reused from record to record: each record
   * gets a compact copy at its end_of_record, so a file's arrays are allocated once, not grown.
   */
  private readonly scratchLines = new LineHits();
  private readonly branches = new PackedBranches();
  /** Where the compact copies go: blocks shared by the report's files (see array-arena.ts). */
  private readonly storage = { hits: float64Arena(), present: uint8Arena() };
  /** A BRDA, BRF or BRH line in the open record: it measured branches (maybe none). */
  private branchesMeasured = false;
  private readonly functions = new PackedFunctions();
  /** An FN, FNDA, FNA, FNF or FNH line in the open record: it measured functions (maybe none). */
  private functionsMeasured = false;
  /** The slot the next FNDA line most likely names (see fastFnda). */
  private fndaGuess = 0;
  private fileStartLine = 0;
  // FNL/FNA (lcov 2.2) name functions by index.
  private functionLinesByIndex = new Map<string, number>();
  private checksummed = false;
  private armsSeen = new Map<string, number>();
  private lineNumber = 0;
  /** The start of a line cut by the end of the last piece(s), copied. */
  private carry: Buffer[] = [];

  constructor(private readonly source: string) {}

  /** A piece of the file (any size, lines may be cut anywhere); the bytes may be reused after. */
  write(piece: Uint8Array): void {
    const buffer = Buffer.from(piece.buffer, piece.byteOffset, piece.length);
    const length = buffer.length;
    let position = 0;
    if (this.carry.length > 0) {
      // Joined only once its end arrives: a line cut across many pieces is copied once.
      const end = buffer.indexOf(NEWLINE);
      if (end === -1) {
        this.carry.push(Buffer.from(buffer));
        return;
      }
      const joined = Buffer.concat([...this.carry, buffer.subarray(0, end)]);
      this.carry = [];
      this.line(joined, 0, joined.length);
      position = end + 1;
    }
    for (;;) {
      if (this.lines) {
        const first = buffer[position];
        const next =
          first === D
            ? this.plainDa(buffer, position)
            : first === B && !this.checksummed
              ? this.plainBrda(buffer, position)
              : -1;
        if (next !== -1) {
          position = next;
          continue;
        }
      }
      // As commaIn: most lines are short, a loop beats a call to Buffer.indexOf.
      let end = position;
      while (end < length && buffer[end] !== NEWLINE) end++;
      if (end === length) break;
      this.line(buffer, position, end);
      position = end + 1;
    }
    if (position < buffer.length) this.carry.push(Buffer.from(buffer.subarray(position)));
  }

  /**
   * The commonest line, `DA:<line>,<hits>` and its newline, read in one pass over its bytes;
   * returns where the next line starts, or -1 when the line is anything else (a checksum, CRLF
   * aside, a bad number, or cut by the end of the piece): then the line is read as any other.
   */
  private plainDa(bytes: Buffer, start: number): number {
    if (bytes[start] !== D || bytes[start + 1] !== A || bytes[start + 2] !== COLON) return -1;
    let position = start + 3;
    let at = 0;
    let code = bytes[position] as number;
    while (code >= ZERO && code <= NINE) {
      at = at * 10 + code - ZERO;
      code = bytes[++position] as number;
    }
    const atDigits = position - start - 3;
    if (code !== COMMA || atDigits === 0 || atDigits > 15 || at > MAX_LINE_NUMBER) return -1;
    const hitsStart = ++position;
    let hits = 0;
    code = bytes[position] as number;
    while (code >= ZERO && code <= NINE) {
      hits = hits * 10 + code - ZERO;
      code = bytes[++position] as number;
    }
    const hitsDigits = position - hitsStart;
    if (hitsDigits === 0 || hitsDigits > 15) return -1;
    if (code === CR && bytes[position + 1] === NEWLINE) position++;
    else if (code !== NEWLINE) return -1;
    this.lineNumber++;
    (this.lines as LineHits).add(at, hits);
    return position + 1;
  }

  /**
   * `BRDA:<line>,<block>,<branch>,<taken>` and its newline in one pass, as plainDa: plain
   * numbers (block and branch without leading zeros, so the key is the text as written), taken
   * digits or `-`. Returns where the next line starts, or -1 to read the line as any other.
   */
  private plainBrda(bytes: Buffer, start: number): number {
    if (
      bytes[start + 1] !== R ||
      bytes[start + 2] !== D ||
      bytes[start + 3] !== A ||
      bytes[start + 4] !== COLON
    )
      return -1;
    let position = start + 5;
    let at = 0;
    let code = bytes[position] as number;
    while (code >= ZERO && code <= NINE) {
      at = at * 10 + code - ZERO;
      code = bytes[++position] as number;
    }
    if (code !== COMMA || position === start + 5 || position - start - 5 > 15 || at > MAX_LINE_NUMBER)
      return -1;
    const blockStart = ++position;
    let block = 0;
    code = bytes[position] as number;
    while (code >= ZERO && code <= NINE) {
      block = block * 10 + code - ZERO;
      code = bytes[++position] as number;
    }
    const blockDigits = position - blockStart;
    if (code !== COMMA || blockDigits === 0 || blockDigits > 15) return -1;
    if (blockDigits > 1 && bytes[blockStart] === ZERO) return -1;
    const branchStart = ++position;
    let branch = 0;
    code = bytes[position] as number;
    while (code >= ZERO && code <= NINE) {
      branch = branch * 10 + code - ZERO;
      code = bytes[++position] as number;
    }
    const branchDigits = position - branchStart;
    if (code !== COMMA || branchDigits === 0 || branchDigits > 15) return -1;
    if (branchDigits > 1 && bytes[branchStart] === ZERO) return -1;
    const takenStart = ++position;
    let taken: ArmHits = 0;
    code = bytes[position] as number;
    if (code === DASH) {
      taken = NOT_EXECUTED;
      code = bytes[++position] as number;
    } else {
      while (code >= ZERO && code <= NINE) {
        taken = (taken as number) * 10 + code - ZERO;
        code = bytes[++position] as number;
      }
      const takenDigits = position - takenStart;
      if (takenDigits === 0 || takenDigits > 15) return -1;
    }
    if (code === CR && bytes[position + 1] === NEWLINE) position++;
    else if (code !== NEWLINE) return -1;
    this.lineNumber++;
    this.branchesMeasured = true;
    this.branches.addArm(at, block, branch, taken);
    return position + 1;
  }

  finish(): CoverageReport {
    // The text after the last newline is a line too (empty when the file ends with one).
    const rest = Buffer.concat(this.carry);
    this.carry = [];
    this.line(rest, 0, rest.length);
    if (this.file) {
      this.lineNumber = this.fileStartLine;
      this.fail(`the record of ${this.file.path} that starts here has no end_of_record`);
    }
    return { source: this.source, format: 'lcov', files: this.files };
  }

  private line(bytes: Buffer, start: number, end: number): void {
    this.lineNumber++;
    const lines = this.lines;
    if (lines) {
      const stop = end > start && bytes[end - 1] === CR ? end - 1 : end;
      const first = bytes[start];
      if (first === D && bytes[start + 1] === A && bytes[start + 2] === COLON) {
        if (this.fastDa(bytes, start + 3, stop, lines)) return;
      } else if (first === F && bytes[start + 1] === N) {
        const third = bytes[start + 2];
        if (third === COLON) {
          if (this.fastFn(bytes, start + 3, stop)) return;
        } else if (third === D && bytes[start + 3] === A && bytes[start + 4] === COLON) {
          if (this.fastFnda(bytes, start + 5, stop)) return;
        }
      } else if (
        first === B &&
        bytes[start + 1] === R &&
        bytes[start + 2] === D &&
        bytes[start + 3] === A &&
        bytes[start + 4] === COLON &&
        !this.checksummed
      ) {
        if (this.fastBrda(bytes, start + 5, stop)) return;
      }
    }
    this.general(bytes.toString('utf8', start, end));
  }

  /** DA:<line>,<hits>[,<checksum>] with plain digits; false sends the line to the general path. */
  private fastDa(bytes: Buffer, from: number, stop: number, lines: LineHits): boolean {
    const comma = commaIn(bytes, from, stop);
    if (comma === -1) return false;
    const second = commaIn(bytes, comma + 1, stop);
    const hitsEnd = second === -1 ? stop : second;
    const at = digitsIn(bytes, from, comma);
    if (at === -1 || at > MAX_LINE_NUMBER) return false;
    const hits = digitsIn(bytes, comma + 1, hitsEnd);
    if (hits === -1) return false;
    if (hitsEnd !== stop) this.checksummed = true;
    lines.add(at, hits);
    return true;
  }

  /** FN:<line>,<name> or FN:<line>,<end line>,<name> with plain numbers; only the name is decoded. */
  private fastFn(bytes: Buffer, from: number, stop: number): boolean {
    const comma = commaIn(bytes, from, stop);
    if (comma === -1) return false;
    const at = digitsIn(bytes, from, comma);
    if (at === -1) return false;
    let nameStart = comma + 1;
    let position = nameStart;
    while (position < stop && (bytes[position] as number) >= ZERO && (bytes[position] as number) <= NINE)
      position++;
    if (position > nameStart && position < stop && bytes[position] === COMMA) nameStart = position + 1;
    this.functionsOf('FN').declare(bytes.toString('utf8', nameStart, stop), at);
    return true;
  }

  /** FNDA:<hits>,<name> with plain digits. */
  private fastFnda(bytes: Buffer, from: number, stop: number): boolean {
    const comma = commaIn(bytes, from, stop);
    if (comma === -1) return false;
    const hits = digitsIn(bytes, from, comma);
    if (hits === -1) return false;
    const functions = this.functionsOf('FNDA');
    // Tools write FNDA lines in the order of their FN lines: the next one is most likely the
    // function named here, and comparing the bytes saves a string and a lookup.
    const guess = this.fndaGuess++;
    const expected = functions.nameAt(guess);
    if (expected !== undefined && sameAscii(bytes, comma + 1, stop, expected))
      functions.addHitsAt(guess, hits);
    else functions.addHits(bytes.toString('utf8', comma + 1, stop), hits, 0);
    return true;
  }

  /**
   * BRDA:<line>,<block>,<branch>,<taken> with plain numbers (no leading zeros, so the key is
   * the text as written) and taken digits or `-`; anything else goes to the general path.
   */
  private fastBrda(bytes: Buffer, from: number, stop: number): boolean {
    const first = commaIn(bytes, from, stop);
    if (first === -1) return false;
    const second = commaIn(bytes, first + 1, stop);
    if (second === -1) return false;
    const third = commaIn(bytes, second + 1, stop);
    if (third === -1) return false;
    const at = digitsIn(bytes, from, first);
    if (at === -1 || at > MAX_LINE_NUMBER) return false;
    const block = digitsIn(bytes, first + 1, second);
    const branch = digitsIn(bytes, second + 1, third);
    if (block === -1 || branch === -1) return false;
    if (
      (bytes[first + 1] === ZERO && second - first > 2) ||
      (bytes[second + 1] === ZERO && third - second > 2)
    )
      return false;
    let taken: ArmHits;
    if (stop === third + 2 && bytes[third + 1] === DASH) taken = NOT_EXECUTED;
    else {
      taken = digitsIn(bytes, third + 1, stop);
      if (taken === -1) return false;
    }
    this.branchesOf('BRDA').addArm(at, block, branch, taken);
    return true;
  }

  private fail(detail: string): never {
    throw new ReportParseError(this.source, this.lineNumber, detail);
  }

  private integer(value: string | undefined, what: string): number {
    const fast = value === undefined ? -1 : digitsAt(value);
    if (fast !== -1) return fast;
    if (value === undefined || !/^-?\d+$/.test(value))
      this.fail(`${what} is not an integer: ${value ?? '(missing)'}`);
    return Number(value);
  }

  /** A line number that indexes memory: bounded (see MAX_LINE_NUMBER). */
  private lineNumberOf(value: string | undefined, what: string): number {
    const at = this.integer(value, what);
    if (at > MAX_LINE_NUMBER)
      this.fail(
        `${what} ${value} is beyond any source line (the largest taken is ${MAX_LINE_NUMBER}; 4294967295 is a tool's -1): fix the tool that wrote the report, or drop that line`,
      );
    return at;
  }

  private count(value: string | undefined, what: string): number {
    const fast = value === undefined ? -1 : digitsAt(value);
    if (fast !== -1) return fast;
    // gcov writes huge counts as floats in some versions; a count is never negative.
    if (value === undefined || !/^\d+(\.\d+)?(e\+?\d+)?$/i.test(value))
      this.fail(`${what} is not a count: ${value ?? '(missing)'}`);
    return Math.round(Number(value));
  }

  private current(key: string): FileCoverage {
    if (!this.file) return this.fail(`${key} outside a record (no SF: line before it)`);
    return this.file;
  }

  /** The open record's functions (a `key` line outside a record is an error); marks them measured. */
  private functionsOf(key: string): PackedFunctions {
    this.current(key);
    this.functionsMeasured = true;
    return this.functions;
  }

  /** Arms packed per file (see PackedBranches); a parser's files hold nothing else. */
  /** The open record's arms (a `key` line outside a record is an error); marks branches measured. */
  private branchesOf(key: string): PackedBranches {
    this.current(key);
    this.branchesMeasured = true;
    return this.branches;
  }

  /** Any line, as text: the rare keys, and what the fast paths left (malformed lines included). */
  private general(text: string): void {
    let line = text;
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (line.trim() === '') return;
    if (line === 'end_of_record') {
      const done = this.current('end_of_record');
      done.lines = this.scratchLines.takeCompact(this.storage);
      if (this.branchesMeasured) done.branches = this.branches.takeCompact(this.storage.hits);
      if (this.functionsMeasured) done.functions = this.functions.takeCompact(this.storage.hits);
      this.files.push(done);
      this.file = undefined;
      this.lines = undefined;
      return;
    }
    const colon = line.indexOf(':');
    if (colon <= 0 || !/^[A-Z_]+$/.test(line.slice(0, colon)))
      this.fail(`not an LCOV line (expected KEY:value or end_of_record): ${line.slice(0, 80)}`);
    const key = line.slice(0, colon);
    const value = line.slice(colon + 1);
    switch (key) {
      case 'SF': {
        if (this.file)
          this.fail(`SF:${value} starts before the record of ${this.file.path} ended (no end_of_record)`);
        if (value === '') this.fail('SF: names no file');
        const file = emptyFile(value);
        this.file = file;
        this.lines = this.scratchLines;
        this.branchesMeasured = false;
        this.functionsMeasured = false;
        this.fndaGuess = 0;
        this.fileStartLine = this.lineNumber;
        this.functionLinesByIndex = new Map();
        this.checksummed = false;
        this.armsSeen = new Map();
        break;
      }
      case 'DA': {
        this.current(key);
        // DA:<line>,<hits>[,<checksum>]
        const [lineText, hitsText, checksum] = value.split(',', 3);
        if (checksum) this.checksummed = true;
        const at = this.lineNumberOf(lineText, 'DA line number');
        const hits = this.count(hitsText, 'DA hits');
        this.lines?.add(at, hits);
        break;
      }
      case 'FN': {
        this.current(key);
        // FN:<line>,<name> or (lcov 2.x) FN:<line>,<end line>,<name>; names may hold commas.
        const first = value.indexOf(',');
        if (first === -1) this.fail(`FN needs <line>,<name>: ${value}`);
        const at = this.integer(value.slice(0, first), 'FN line number');
        let name = value.slice(first + 1);
        const second = name.indexOf(',');
        if (second !== -1 && /^\d+$/.test(name.slice(0, second))) name = name.slice(second + 1);
        this.functionsOf(key).declare(name, at);
        break;
      }
      case 'FNDA': {
        this.current(key);
        const comma = value.indexOf(',');
        if (comma === -1) this.fail(`FNDA needs <hits>,<name>: ${value}`);
        const hits = this.count(value.slice(0, comma), 'FNDA hits');
        this.functionsOf(key).addHits(value.slice(comma + 1), hits, 0);
        break;
      }
      case 'FNL': {
        // FNL:<index>,<line>[,<end line>]
        this.current(key);
        const [index, lineText] = value.split(',', 3);
        this.functionLinesByIndex.set(index ?? '', this.integer(lineText, 'FNL line number'));
        break;
      }
      case 'FNA': {
        // FNA:<index>,<hits>,<name>
        this.current(key);
        const first = value.indexOf(',');
        const second = value.indexOf(',', first + 1);
        if (first === -1 || second === -1) this.fail(`FNA needs <index>,<hits>,<name>: ${value}`);
        const index = value.slice(0, first);
        const hits = this.count(value.slice(first + 1, second), 'FNA hits');
        this.functionsOf(key).addHits(
          value.slice(second + 1),
          hits,
          this.functionLinesByIndex.get(index) ?? 0,
        );
        break;
      }
      case 'BRDA': {
        this.current(key);
        // BRDA:<line>,<block>,<branch>,<taken>; <branch> may be an expression holding commas (lcov 2).
        const first = value.indexOf(',');
        const second = value.indexOf(',', first + 1);
        const last = value.lastIndexOf(',');
        if (first === -1 || second === -1 || last <= second)
          this.fail(`BRDA needs <line>,<block>,<branch>,<taken>: ${value}`);
        const at = this.lineNumberOf(value.slice(0, first), 'BRDA line number');
        let armKey = value.slice(first + 1, last);
        if (this.checksummed) {
          const block = value.slice(first + 1, second);
          const seenKey = `${at},${block}`;
          const index = this.armsSeen.get(seenKey) ?? 0;
          this.armsSeen.set(seenKey, index + 1);
          armKey = `${block},#${index}`;
        }
        const takenText = value.slice(last + 1);
        const taken = takenText === '-' ? NOT_EXECUTED : this.count(takenText, 'BRDA taken');
        this.branchesOf(key).addArmKey(at, armKey, taken);
        break;
      }
      case 'FNF':
      case 'FNH':
        this.functionsOf(key);
        break;
      case 'BRF':
      case 'BRH':
        // A BRF line says branches were measured, even when there are none in this file.
        this.branchesOf(key);
        break;
      default:
        // TN, LF, LH, VER, MCDC and keys of later LCOV versions: nothing to merge.
        break;
    }
  }
}

export function parseLcov(text: string, source: string): CoverageReport {
  const parser = new LcovParser(source);
  parser.write(Buffer.from(text, 'utf8'));
  return parser.finish();
}

/**
 * Streams the file in 1 MiB pieces, so a large tracefile never sits in memory whole, as bytes
 * or as a string. Synchronous reads: there is nothing else to do meanwhile.
 */
export function readLcovFile(path: string, source = path): CoverageReport {
  const parser = new LcovParser(source);
  const buffer = Buffer.allocUnsafe(READ_BYTES);
  const descriptor = openSync(path, 'r');
  try {
    for (;;) {
      const read = readSync(descriptor, buffer, 0, buffer.length, null);
      if (read === 0) break;
      parser.write(buffer.subarray(0, read));
    }
  } finally {
    closeSync(descriptor);
  }
  return parser.finish();
}
