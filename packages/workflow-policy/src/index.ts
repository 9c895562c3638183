export { runActionlint } from './actionlint.js';
export { type CliIo, runCli } from './cli.js';
export { normalizeExpression, readsContext, serializesSecrets } from './expressions.js';
export { checkWorkflow, checkWorkflowText, listWorkflowFiles, RULES, readWorkflow } from './policy.js';
export { formatViolation, type Rule, type RuleContext, type Violation } from './violation.js';
export { parseWorkflow, type Workflow } from './workflow-document.js';
export {
  emptyWriteAllowList,
  GRANTABLE_WRITE_SCOPES,
  loadWriteAllowList,
  parseWriteAllowList,
  type WriteAllowList,
} from './write-allow-list.js';
