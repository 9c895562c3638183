// The suite without the drivers that start vaults: cases, runner, reporters and the address
// driver (a running vault, reached by its endpoints and optionally its container). Nothing
// here loads the image build or the process driver, so a bundle (an action's dist/) can
// import it without dragging in esbuild or files that only exist in this repository.

export {
  ANNOTATIONS_PER_STEP,
  type PlannedAnnotation,
  planAnnotations,
} from './annotation-budget.js';
export { CaseFailure, CaseSkip, caseLabel, type E2eCase } from './cases/case.js';
export { ALL_CASES } from './cases/index.js';
export { parseDuration } from './cli-options.js';
export {
  type AddressDriverOptions,
  connectAddressVault,
  NO_ADMIN_SOCKET,
  NO_LOG_SOURCE,
} from './drivers/address-driver.js';
export { containerLogs } from './drivers/docker/container-logs.js';
export { HealthDeadlineError } from './drivers/wait/http-health-wait.js';
export { parseQuarantine, type QuarantineEntry, QuarantineError } from './quarantine.js';
export { exitCodeFor, writeReportOutputs } from './report-outputs.js';
export {
  describeAttempts,
  formatCaseLine,
  formatConsoleReport,
  formatTotals,
} from './reporters/console-reporter.js';
export { formatJUnitXml } from './reporters/junit-reporter.js';
export { formatMarkdownSummary } from './reporters/markdown-reporter.js';
export {
  type AttemptFailure,
  type CaseResult,
  CaseSelectionError,
  isFlaky,
  MAX_RETRIES,
  type RunOptions,
  runCases,
  type SuiteResult,
  selectCases,
} from './runner.js';
export type { OidcFixture, RoleSpec, VaultUnderTest } from './vault-under-test.js';
export { suiteVerdict, type VerdictOptions } from './verdict.js';
