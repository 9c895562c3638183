// What every report format is made from: the findings, the ignored ones, the rules that ran and
// the workflow texts (a finding that names only a line points at the line's first character).
import type { Finding, IgnoredFinding } from '../findings.js';
import type { Rule, Severity } from '../violation.js';

export interface ReportInput {
  workflows: readonly { file: string; text: string }[];
  findings: readonly Finding[];
  ignored: readonly IgnoredFinding[];
  /** The rules that ran, each with the severity it ran at. */
  rules: readonly { rule: Rule; severity: Severity }[];
}

/** The finding's column, or the first non-blank character of its line (1 for a blank line). */
export function columnOf(input: ReportInput, finding: Finding): number {
  if (finding.column !== undefined && finding.column > 0) return finding.column;
  const text = input.workflows.find((workflow) => workflow.file === finding.file)?.text ?? '';
  const line = text.split('\n')[finding.line - 1] ?? '';
  const indent = line.search(/\S/);
  return indent < 0 ? 1 : indent + 1;
}

/** The file as a report names it: forward slashes, no leading ./ (SARIF wants a relative URI). */
export function reportPath(file: string): string {
  return file.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
}
