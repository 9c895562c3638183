// The default report: `file:line rule message` per finding (a warning or note says so after the
// rule), `ignored: …` per ignored finding with its reason, then one summary line.
import { type Finding, failsRun } from '../findings.js';
import type { ReportInput } from './report-input.js';

function formatFinding(finding: Finding): string {
  const level = finding.severity === 'error' ? '' : ` (${finding.severity})`;
  return `${finding.file}:${finding.line} ${finding.rule}${level} ${finding.message}`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function textReport(input: ReportInput): string[] {
  const lines = input.findings.map(formatFinding);
  for (const ignored of input.ignored)
    lines.push(`ignored: ${ignored.rule} at ${ignored.file}:${ignored.line} — ${ignored.reason}`);
  const failing = input.findings.filter(failsRun);
  const notes = input.findings.length - failing.length;
  const extras = [
    ...(notes > 0 ? [plural(notes, 'note')] : []),
    ...(input.ignored.length > 0 ? [`${input.ignored.length} ignored`] : []),
  ];
  const suffix = extras.length > 0 ? ` (${extras.join(', ')})` : '';
  const total = plural(input.workflows.length, 'workflow');
  if (failing.length === 0) lines.push(`${total} clean${suffix}`);
  else {
    const dirty = new Set(failing.map((finding) => finding.file)).size;
    lines.push(`${plural(failing.length, 'problem')} in ${dirty} of ${total}${suffix}`);
  }
  return lines;
}
