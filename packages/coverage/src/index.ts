export {
  type BaseComparison,
  type BaseLookup,
  compareWithBase,
  describeDrops,
} from './base-comparison/compare-with-base.js';
export { findBaseSummary, SUMMARY_FILE, summaryArtifactName } from './base-comparison/find-base-summary.js';
export { type MaxDrop, parseMaxDrop } from './base-comparison/max-drop.js';
export { parseCoverageSummary } from './base-comparison/summary-file.js';
export { runCli, USAGE } from './cli.js';
export { MergeCoverageError, ReportParseError } from './errors.js';
export { DEFAULT_REPORT_PATTERNS, findReports, type SearchBase } from './find-reports.js';
export { listRepositoryArtifacts, listRunArtifacts, type RestArtifact } from './github/artifacts-api.js';
export { ArtifactTooLargeError, GitHubApiError, GitHubRestClient } from './github/rest-client.js';
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
export {
  DEFAULT_ZIP_LIMITS,
  quoteEntryName,
  readBoundedZip,
  UnsafeArchiveError,
  type ZipLimits,
} from './publish/bounded-zip.js';
export {
  DEFAULT_MAX_ZIP_BYTES,
  PublishReportError,
  type PublishReportOutcome,
  publishReport,
  reportCommentBody,
  reportMarker,
  workflowRunFacts,
} from './publish/publish-report.js';
export {
  DEFAULT_REPORT_ARTIFACT,
  type ReportManifest,
  readReportBundle,
  writeReportBundle,
} from './publish/report-bundle.js';
export { neutraliseMarkdown } from './publish/untrusted-markdown.js';
export { detectFormat, readReport } from './read-report.js';
export {
  COMMENT_MAX_CHARS,
  commentMarker,
  gitHubCommentsClient,
  type IssueComment,
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
