// The line-by-line LCOV parser that the byte-level streaming one replaced, kept verbatim as the
// oracle the new parser is compared with (lcov-streaming.test.ts): same reports, same errors.
// Only change: lines go into a plain Map, as they did then.
// LCOV tracefiles (geninfo, istanbul, coverage.py, c8…): TN/SF/FN/FNDA/FNL/FNA/DA/BRDA/…/end_of_record.
// Totals lines (LF, LH, BRF…) are not trusted, only noted: the merge recomputes them.
//
// Branch arms are keyed `block,branch` as written — except in records whose DA lines carry
// checksums (coverage.py before 7.6, geninfo --checksum). coverage.py writes those with the
// arc's destination as BRDA line and numbers an arc differently depending on whether it was
// taken, so there the key is `block,#n`: the n-th arm of that block on that BRDA line, an
// order that is stable across runs for both writers.
import { ReportParseError } from '../../../src/errors.js';
import {
  addArmHits,
  type CoverageReport,
  emptyFile,
  type FileCoverage,
  NOT_EXECUTED,
} from '../../../src/model.js';
import { digitsAt } from '../../../src/parsers/digits.js';

export function parseLcovReference(text: string, source: string): CoverageReport {
  const files: FileCoverage[] = [];
  let file: FileCoverage | undefined;
  let fileStartLine = 0;
  // FNL/FNA (lcov 2.2) name functions by index.
  let functionLinesByIndex = new Map<string, number>();
  let checksummed = false;
  let armsSeen = new Map<string, number>();
  let lineNumber = 0;
  let position = 0;

  const fail = (detail: string): never => {
    throw new ReportParseError(source, lineNumber, detail);
  };
  const integer = (value: string | undefined, what: string): number => {
    const fast = value === undefined ? -1 : digitsAt(value);
    if (fast !== -1) return fast;
    if (value === undefined || !/^-?\d+$/.test(value))
      fail(`${what} is not an integer: ${value ?? '(missing)'}`);
    return Number(value);
  };
  const count = (value: string | undefined, what: string): number => {
    const fast = value === undefined ? -1 : digitsAt(value);
    if (fast !== -1) return fast;
    // gcov writes huge counts as floats in some versions; a count is never negative.
    if (value === undefined || !/^\d+(\.\d+)?(e\+?\d+)?$/i.test(value))
      fail(`${what} is not a count: ${value ?? '(missing)'}`);
    return Math.round(Number(value));
  };
  const current = (key: string): FileCoverage => {
    if (!file) return fail(`${key} outside a record (no SF: line before it)`);
    return file;
  };
  const functionsOf = (target: FileCoverage) => {
    target.functions ??= new Map();
    return target.functions;
  };
  const branchesOf = (target: FileCoverage) => {
    target.branches ??= new Map();
    return target.branches;
  };

  while (position <= text.length) {
    let end = text.indexOf('\n', position);
    if (end === -1) end = text.length;
    const start = position;
    position = end + 1;
    lineNumber++;
    // DA is most of any tracefile: read it in place, without a string per line.
    if (file && text.startsWith('DA:', start)) {
      const stop = text.charCodeAt(end - 1) === 13 ? end - 1 : end;
      const comma = text.indexOf(',', start + 3);
      const second = comma === -1 || comma >= stop ? -1 : text.indexOf(',', comma + 1);
      const hitsEnd = second === -1 || second >= stop ? stop : second;
      const at = comma === -1 || comma >= stop ? -1 : digitsAt(text, start + 3, comma);
      const hits = at === -1 ? -1 : digitsAt(text, comma + 1, hitsEnd);
      if (hits !== -1) {
        if (hitsEnd !== stop) checksummed = true;
        const before = file.lines.get(at);
        file.lines.set(at, before === undefined ? hits : before + hits);
        continue;
      }
    }
    let line = text.slice(start, end);
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (line.trim() === '') continue;
    if (line === 'end_of_record') {
      const done = current('end_of_record');
      files.push(done);
      file = undefined;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0 || !/^[A-Z_]+$/.test(line.slice(0, colon)))
      fail(`not an LCOV line (expected KEY:value or end_of_record): ${line.slice(0, 80)}`);
    const key = line.slice(0, colon);
    const value = line.slice(colon + 1);
    switch (key) {
      case 'SF': {
        if (file) fail(`SF:${value} starts before the record of ${file.path} ended (no end_of_record)`);
        if (value === '') fail('SF: names no file');
        file = { ...emptyFile(value), lines: new Map() };
        fileStartLine = lineNumber;
        functionLinesByIndex = new Map();
        checksummed = false;
        armsSeen = new Map();
        break;
      }
      case 'DA': {
        const target = current(key);
        // DA:<line>,<hits>[,<checksum>]
        const [lineText, hitsText, checksum] = value.split(',', 3);
        if (checksum) checksummed = true;
        const at = integer(lineText, 'DA line number');
        const hits = count(hitsText, 'DA hits');
        target.lines.set(at, (target.lines.get(at) ?? 0) + hits);
        break;
      }
      case 'FN': {
        const target = current(key);
        // FN:<line>,<name> or (lcov 2.x) FN:<line>,<end line>,<name>; names may hold commas.
        const first = value.indexOf(',');
        if (first === -1) fail(`FN needs <line>,<name>: ${value}`);
        const at = integer(value.slice(0, first), 'FN line number');
        let name = value.slice(first + 1);
        const second = name.indexOf(',');
        if (second !== -1 && /^\d+$/.test(name.slice(0, second))) name = name.slice(second + 1);
        const functions = functionsOf(target);
        const known = functions.get(name);
        if (known) known.line = at;
        else functions.set(name, { line: at, hits: 0 });
        break;
      }
      case 'FNDA': {
        const target = current(key);
        const comma = value.indexOf(',');
        if (comma === -1) fail(`FNDA needs <hits>,<name>: ${value}`);
        const hits = count(value.slice(0, comma), 'FNDA hits');
        const name = value.slice(comma + 1);
        const functions = functionsOf(target);
        const known = functions.get(name);
        if (known) known.hits += hits;
        else functions.set(name, { line: 0, hits });
        break;
      }
      case 'FNL': {
        // FNL:<index>,<line>[,<end line>]
        current(key);
        const [index, lineText] = value.split(',', 3);
        functionLinesByIndex.set(index ?? '', integer(lineText, 'FNL line number'));
        break;
      }
      case 'FNA': {
        // FNA:<index>,<hits>,<name>
        const target = current(key);
        const first = value.indexOf(',');
        const second = value.indexOf(',', first + 1);
        if (first === -1 || second === -1) fail(`FNA needs <index>,<hits>,<name>: ${value}`);
        const index = value.slice(0, first);
        const hits = count(value.slice(first + 1, second), 'FNA hits');
        const name = value.slice(second + 1);
        const functions = functionsOf(target);
        const known = functions.get(name);
        if (known) known.hits += hits;
        else functions.set(name, { line: functionLinesByIndex.get(index) ?? 0, hits });
        break;
      }
      case 'BRDA': {
        const target = current(key);
        // BRDA:<line>,<block>,<branch>,<taken>; <branch> may be an expression holding commas (lcov 2).
        const first = value.indexOf(',');
        const second = value.indexOf(',', first + 1);
        const last = value.lastIndexOf(',');
        if (first === -1 || second === -1 || last <= second)
          fail(`BRDA needs <line>,<block>,<branch>,<taken>: ${value}`);
        const at = integer(value.slice(0, first), 'BRDA line number');
        let armKey = value.slice(first + 1, last);
        if (checksummed) {
          const block = value.slice(first + 1, second);
          const seenKey = `${at},${block}`;
          const index = armsSeen.get(seenKey) ?? 0;
          armsSeen.set(seenKey, index + 1);
          armKey = `${block},#${index}`;
        }
        const takenText = value.slice(last + 1);
        const taken = takenText === '-' ? NOT_EXECUTED : count(takenText, 'BRDA taken');
        const branches = branchesOf(target);
        let line = branches.get(at);
        if (!line) {
          line = { kind: 'arms', arms: new Map() };
          branches.set(at, line);
        }
        if (line.kind === 'arms') {
          const before = line.arms.get(armKey);
          line.arms.set(armKey, addArmHits(before, taken));
        }
        break;
      }
      case 'FNF':
      case 'FNH':
        functionsOf(current(key));
        break;
      case 'BRF':
      case 'BRH':
        // A BRF line says branches were measured, even when there are none in this file.
        branchesOf(current(key));
        break;
      default:
        // TN, LF, LH, VER, MCDC and keys of later LCOV versions: nothing to merge.
        break;
    }
  }
  if (file) {
    lineNumber = fileStartLine;
    fail(`the record of ${file.path} that starts here has no end_of_record`);
  }
  return { source, format: 'lcov', files };
}
