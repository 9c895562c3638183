// --format json: the same findings as data, for scripts (jq) and dashboards.
import { failsRun } from '../findings.js';
import { columnOf, type ReportInput, reportPath } from './report-input.js';

export function jsonReport(input: ReportInput): string {
  const located = (finding: (typeof input.findings)[number]) => ({
    file: reportPath(finding.file),
    line: finding.line,
    column: columnOf(input, finding),
    rule: finding.rule,
    severity: finding.severity,
    message: finding.message,
  });
  const report = {
    tool: 'workflow-policy',
    workflows: input.workflows.map((workflow) => reportPath(workflow.file)),
    findings: input.findings.map(located),
    ignored: input.ignored.map((finding) => ({ ...located(finding), reason: finding.reason })),
    summary: {
      errors: input.findings.filter((finding) => finding.severity === 'error').length,
      warnings: input.findings.filter((finding) => finding.severity === 'warning').length,
      notes: input.findings.filter((finding) => finding.severity === 'note').length,
      ignored: input.ignored.length,
      failed: input.findings.some(failsRun),
    },
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}
