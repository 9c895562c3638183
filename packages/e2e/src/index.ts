// The runevault e2e suite as a library: cases, the runner, reporters and the driver contract.

export { CaseFailure, CaseSkip, type E2eCase } from './cases/case.js';
export { ALL_CASES } from './cases/index.js';
export * from './drivers/index.js';
export { exitCodeFor, writeReportOutputs } from './report-outputs.js';
export { formatConsoleReport } from './reporters/console-reporter.js';
export { formatJUnitXml } from './reporters/junit-reporter.js';
export { formatMarkdownSummary, STEP_SUMMARY_LIMIT_BYTES } from './reporters/markdown-reporter.js';
export { type CaseResult, type RunOptions, runCases, type SuiteResult, selectCases } from './runner.js';
export type { DriverName, RoleSpec, VaultUnderTest } from './vault-under-test.js';
