// The LCOV writer as it was before output was streamed (one string from an array of lines),
// kept verbatim as the oracle for writer-bytes.test.ts: the streamed writer must give the same bytes.
// The merged coverage as an LCOV tracefile (what most coverage services and genhtml read).
import {
  branchCounter,
  type FileCoverage,
  fileTotals,
  type LineBranches,
  NOT_EXECUTED,
  sortedLines,
} from '../../../src/model.js';

export function writeLcovReference(files: FileCoverage[]): string {
  const out: string[] = [];
  for (const file of files) {
    const totals = fileTotals(file);
    out.push('TN:', `SF:${file.path}`);
    if (file.functions) {
      for (const [name, fn] of file.functions) out.push(`FN:${fn.line},${name}`);
      out.push(`FNF:${totals.functions.total}`, `FNH:${totals.functions.covered}`);
      for (const [name, fn] of file.functions) out.push(`FNDA:${fn.hits},${name}`);
    }
    for (const line of sortedLines(file.lines)) out.push(`DA:${line},${file.lines.get(line)}`);
    out.push(`LF:${totals.lines.total}`, `LH:${totals.lines.covered}`);
    if (file.branches) {
      for (const line of sortedLines(file.branches)) {
        const branches = file.branches.get(line) as LineBranches;
        for (const [key, taken] of lcovArms(branches, file.lines.get(line)))
          out.push(`BRDA:${line},${key.replace(',#', ',')},${taken === NOT_EXECUTED ? '-' : taken}`);
      }
      out.push(`BRF:${totals.branches.total}`, `BRH:${totals.branches.covered}`);
    }
    out.push('end_of_record');
  }
  return out.length === 0 ? '' : `${out.join('\n')}\n`;
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
