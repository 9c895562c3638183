// The merged coverage as an LCOV tracefile (what most coverage services and genhtml read),
// streamed: written piece by piece to a file, or collected into a string.
import {
  branchCounter,
  type FileCoverage,
  fileTotals,
  type LineBranches,
  NOT_EXECUTED,
  sortedLines,
} from '../model.js';
import { type ByteSink, collectText, writeFileStreamed } from './byte-sink.js';

const NEWLINE = 0x0a;
const COMMA = 0x2c;
const DASH = 0x2d;
const DA = Buffer.from('DA:');

export function writeLcov(files: FileCoverage[]): string {
  return collectText((sink) => writeLcovTo(files, sink));
}

/** Streams the tracefile to `path` (through a temporary file renamed when complete). */
export function writeLcovFile(files: FileCoverage[], path: string): void {
  writeFileStreamed(path, (sink) => writeLcovTo(files, sink));
}

function writeLcovTo(files: FileCoverage[], sink: ByteSink): void {
  const line = (text: string, value?: number) => {
    sink.text(text);
    if (value !== undefined) sink.number(value);
    sink.byte(NEWLINE);
  };
  for (const file of files) {
    const totals = fileTotals(file);
    line('TN:');
    line(`SF:${file.path}`);
    if (file.functions) {
      for (const [name, fn] of file.functions) {
        sink.text('FN:');
        sink.number(fn.line);
        sink.byte(COMMA);
        line(name);
      }
      line('FNF:', totals.functions.total);
      line('FNH:', totals.functions.covered);
      for (const [name, fn] of file.functions) {
        sink.text('FNDA:');
        sink.number(fn.hits);
        sink.byte(COMMA);
        line(name);
      }
    }
    const lines = file.lines;
    for (const at of sortedLines(lines)) sink.pair(DA, at, lines.get(at) as number);
    line('LF:', totals.lines.total);
    line('LH:', totals.lines.covered);
    if (file.branches) {
      for (const at of sortedLines(file.branches)) {
        const branches = file.branches.get(at) as LineBranches;
        for (const [key, taken] of lcovArms(branches, lines.get(at))) {
          sink.text('BRDA:');
          sink.number(at);
          sink.byte(COMMA);
          sink.text(key.replace(',#', ','));
          sink.byte(COMMA);
          if (taken === NOT_EXECUTED) sink.byte(DASH);
          else sink.number(taken);
          sink.byte(NEWLINE);
        }
      }
      line('BRF:', totals.branches.total);
      line('BRH:', totals.branches.covered);
    }
    line('end_of_record');
  }
}

/**
 * Branches a Cobertura report only counted become numbered arms: the covered ones taken once
 * (the count is not known), the rest 0, or `-` when the line itself never ran.
 */
function lcovArms(branches: LineBranches, lineHits: number | undefined): Iterable<[string, number | null]> {
  if (branches.kind === 'arms') return branches.arms;
  const { covered, total } = branchCounter(branches);
  const arms: [string, number | null][] = [];
  for (let index = 0; index < total; index++)
    arms.push([`0,${index}`, index < covered ? 1 : lineHits === 0 ? NOT_EXECUTED : 0]);
  return arms;
}
