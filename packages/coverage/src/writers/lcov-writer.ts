// The merged coverage as an LCOV tracefile (what most coverage services and genhtml read),
// streamed: written piece by piece to a file, or collected into a string.
import {
  branchCounter,
  type FileCoverage,
  fileTotals,
  forEachFunction,
  forEachLine,
  type LineBranches,
  LineHits,
  NOT_EXECUTED,
  PackedBranches,
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
      forEachFunction(file.functions, (name, at) => {
        sink.text('FN:');
        sink.number(at);
        sink.byte(COMMA);
        line(name);
      });
      line('FNF:', totals.functions.total);
      line('FNH:', totals.functions.covered);
      forEachFunction(file.functions, (name, _at, hits) => {
        sink.text('FNDA:');
        sink.number(hits);
        sink.byte(COMMA);
        line(name);
      });
    }
    const lines = file.lines;
    const dense = lines instanceof LineHits ? lines.denseView() : undefined;
    if (dense) {
      // Most of the tracefile: a plain loop (through forEachLine the call is not inlined).
      const { hits, present, end } = dense;
      for (let at = 0; at < end; at++) if (present[at] === 1) sink.pair(DA, at, hits[at] as number);
    } else forEachLine(lines, (at, hits) => sink.pair(DA, at, hits));
    line('LF:', totals.lines.total);
    line('LH:', totals.lines.covered);
    if (file.branches instanceof PackedBranches && !file.branches.hasUnpacked)
      file.branches.forEachArm((at, block, branch, text, taken) =>
        brda(sink, at, block, branch, text, taken),
      );
    else if (file.branches)
      for (const at of sortedLines(file.branches)) {
        const branches = file.branches.get(at) as LineBranches;
        for (const [key, taken] of lcovArms(branches, lines.get(at))) brda(sink, at, 0, 0, key, taken);
      }
    if (file.branches) {
      line('BRF:', totals.branches.total);
      line('BRH:', totals.branches.covered);
    }
    line('end_of_record');
  }
}

/** `BRDA:<line>,<key>,<taken>`: the key as text when given, else `<block>,<branch>`. */
function brda(
  sink: ByteSink,
  at: number,
  block: number,
  branch: number,
  text: string | undefined,
  taken: number | null,
): void {
  sink.text('BRDA:');
  sink.number(at);
  sink.byte(COMMA);
  if (text === undefined) {
    sink.number(block);
    sink.byte(COMMA);
    sink.number(branch);
  } else sink.text(text.replace(',#', ','));
  sink.byte(COMMA);
  if (taken === NOT_EXECUTED) sink.byte(DASH);
  else sink.number(taken);
  sink.byte(NEWLINE);
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
