export { runCli, USAGE } from './cli.js';
export { MergeCoverageError, ReportParseError } from './errors.js';
export { DEFAULT_REPORT_PATTERNS, findReports, type SearchBase } from './find-reports.js';
export { mergeFileInto, mergeLineBranches, mergeReports } from './merge.js';
export { type MergeCoverageResult, mergeCoverage, type ReportRead } from './merge-coverage.js';
export * from './model.js';
export {
  applyPathRemap,
  normaliseReportPaths,
  type PathRemapRule,
  parsePathRemap,
  reconcilePrefixes,
} from './normalise-paths.js';
export type { Notice } from './notices.js';
export * from './options.js';
export { parseCobertura, readCoberturaFile } from './parsers/cobertura.js';
export { parseIstanbulJson } from './parsers/istanbul-json.js';
export { parseLcov } from './parsers/lcov.js';
export {
  changedLinesSince,
  computePatchCoverage,
  type PatchCoverage,
  parseUnifiedDiff,
  patchCoverage,
} from './patch-coverage.js';
export { detectFormat, readReport } from './read-report.js';
export {
  COMMENT_MAX_CHARS,
  commentMarker,
  gitHubCommentsClient,
  type IssueCommentsClient,
  upsertStickyComment,
} from './sticky-comment.js';
export {
  describeShortfalls,
  evaluateThresholds,
  type MetricResult,
  parseThresholds,
  shortfalls,
  type Thresholds,
} from './thresholds.js';
export { writeCobertura } from './writers/cobertura-writer.js';
export { writeJsonSummary } from './writers/json-summary-writer.js';
export { writeLcov } from './writers/lcov-writer.js';
export { renderMarkdown, uncoveredRanges, worstFirst } from './writers/markdown-writer.js';
