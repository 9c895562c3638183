export { runActionlint } from './actionlint.js';
export { type Advisory, committedAdvisories, parseAdvisories } from './advisories.js';
export { type CliIo, runCli } from './cli.js';
export { normalizeExpression, readsContext, serializesSecrets } from './expressions.js';
export { applyConfig, type Finding, type IgnoredFinding } from './findings.js';
export { checkWorkflow, checkWorkflowText, listWorkflowFiles, RULES, readWorkflow } from './policy.js';
export { loadPolicyConfig, type PolicyConfig, parsePolicyConfig } from './policy-config.js';
export { jsonReport } from './report/json-report.js';
export type { ReportInput } from './report/report-input.js';
export { sarifReport } from './report/sarif-report.js';
export { textReport } from './report/text-report.js';
export { formatViolation, type Rule, type RuleContext, type Severity, type Violation } from './violation.js';
export { parseWorkflow, type Workflow } from './workflow-document.js';
export {
  emptyWriteAllowList,
  GRANTABLE_WRITE_SCOPES,
  loadWriteAllowList,
  parseWriteAllowList,
  type WriteAllowList,
} from './write-allow-list.js';
