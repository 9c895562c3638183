// One merge from start to end: find the reports, read them, normalise paths, merge, measure the
// patch, check thresholds, write every asked format and the Markdown for summary and comment.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type BaseComparison, compareWithBase, describeDrops } from './base-comparison/compare-with-base.js';
import { comparisonMarkdown } from './base-comparison/comparison-markdown.js';
import { MergeCoverageError } from './errors.js';
import { findReports } from './find-reports.js';
import { mergeReports } from './merge.js';
import type { CoverageTotals, FileCoverage, ReportFormat } from './model.js';
import { sumTotals } from './model.js';
import { normaliseReportPaths, reconcilePrefixes } from './normalise-paths.js';
import type { Notice } from './notices.js';
import { type MergeCoverageOptions, OUTPUT_FILE_NAMES, type OutputFormat } from './options.js';
import { type PatchCoverage, patchCoverage } from './patch-coverage.js';
import { readReport } from './read-report.js';
import { dropSameRunDuplicates } from './same-run-reports.js';
import { evaluateThresholds, type MetricResult, shortfalls } from './thresholds.js';
import { writeCoberturaFile } from './writers/cobertura-writer.js';
import { writeJsonSummary } from './writers/json-summary-writer.js';
import { writeLcovFile } from './writers/lcov-writer.js';
import {
  COMMENT_BUDGET_BYTES,
  fitMarkdown,
  type MarkdownInput,
  markdownParts,
  SUMMARY_BUDGET_BYTES,
} from './writers/markdown-writer.js';

export interface ReportRead {
  path: string;
  source: string;
  format: ReportFormat;
  producer?: string | undefined;
  files: number;
}

export interface MergeCoverageResult {
  /** The reports merged (same-run duplicates left out). */
  reports: ReportRead[];
  files: FileCoverage[];
  totals: CoverageTotals;
  patch: PatchCoverage | undefined;
  metrics: MetricResult[];
  shortfalls: MetricResult[];
  notices: Notice[];
  outputDir: string;
  /** Format → absolute path of the file written. */
  written: Partial<Record<OutputFormat, string>>;
  /** Fits a job summary (1 MiB). */
  summaryMarkdown: string;
  /** Fits a PR comment (64 KB), marker excluded. */
  commentMarkdown: string;
  /** No report matched and if-no-files-found let that pass. */
  noReports: boolean;
  /** Against the base commit's summary, when one was found. */
  comparison?: BaseComparison | undefined;
  /** One line when a metric fell more than max-drop allows. */
  dropFailure?: string | undefined;
}

export async function mergeCoverage(options: MergeCoverageOptions): Promise<MergeCoverageResult> {
  const notices: Notice[] = [];
  const bases = [{ dir: options.cwd, label: '' }, ...options.artifactDirs];
  const found = await findReports(options.files, bases, [options.outputDir]);
  const searched = bases.map((base) => base.dir).join(', ');
  if (found.reports.length === 0) {
    const message = `no coverage report matched files (${options.files.join(', ')}) in ${searched}`;
    if (options.ifNoFilesFound === 'error')
      throw new MergeCoverageError(
        `${message}; check the paths, or set if-no-files-found: warn to pass without reports`,
      );
    if (options.ifNoFilesFound === 'warn') notices.push({ level: 'warning', message });
    return emptyResult(options, notices);
  }
  if (!options.filesAreDefault)
    for (const pattern of found.unmatched)
      notices.push({ level: 'warning', message: `files pattern ${pattern} matched no file in ${searched}` });

  const context = { root: options.root, remap: options.pathRemap };
  const located = [];
  for (const { path, source } of found.reports) {
    const report = await readReport(path, source);
    normaliseReportPaths(report, context);
    located.push({ path, report });
  }
  const { kept, notices: duplicateNotices } = dropSameRunDuplicates(located);
  notices.push(...duplicateNotices);
  const reports = kept.map((entry) => entry.report);
  notices.push(
    ...reconcilePrefixes(
      reports.flatMap((report) => report.files),
      context,
    ),
  );
  const merged = mergeReports(reports);
  notices.push(...merged.notices);

  const patch = options.diffBase
    ? await patchCoverage(merged.files, options.diffBase, options.root)
    : undefined;
  const metrics = evaluateThresholds(merged.totals, patch, options.thresholds);
  const lookup = options.baseLookup;
  const comparison =
    lookup && 'found' in lookup
      ? compareWithBase(merged.files, lookup.found, patch?.changedFiles ?? [], options.maxDrop ?? {})
      : undefined;
  const reportsRead: ReportRead[] = kept.map(({ path, report }) => ({
    path,
    source: report.source,
    format: report.format,
    producer: report.producer,
    files: report.files.length,
  }));
  const markdownInput: MarkdownInput = {
    title: options.title,
    metrics,
    files: merged.files,
    patch,
    notices,
    reports: reportsRead,
    ...(options.fullReportHint ? { fullReportHint: options.fullReportHint } : {}),
    extraHead: comparisonMarkdown(lookup, comparison),
  };
  const parts = markdownParts(markdownInput);
  const summaryMarkdown = fitMarkdown(parts, { budgetBytes: SUMMARY_BUDGET_BYTES });
  const commentMarkdown = fitMarkdown(parts, { budgetBytes: COMMENT_BUDGET_BYTES });

  const written: Partial<Record<OutputFormat, string>> = {};
  if (options.formats.length > 0) mkdirSync(options.outputDir, { recursive: true });
  for (const format of options.formats) {
    const path = join(options.outputDir, OUTPUT_FILE_NAMES[format]);
    // The two reports as large as the merge are streamed to disk; the others are small.
    if (format === 'lcov') writeLcovFile(merged.files, path);
    else if (format === 'cobertura')
      writeCoberturaFile(
        merged.files,
        { root: options.root, ...(options.timestamp ? { timestamp: options.timestamp } : {}) },
        path,
      );
    else writeFileSync(path, format === 'json-summary' ? writeJsonSummary(merged.files) : summaryMarkdown);
    written[format] = path;
  }
  return {
    reports: reportsRead,
    files: merged.files,
    totals: merged.totals,
    patch,
    metrics,
    shortfalls: shortfalls(metrics),
    notices,
    outputDir: options.outputDir,
    written,
    summaryMarkdown,
    commentMarkdown,
    noReports: false,
    comparison,
    dropFailure: comparison ? describeDrops(comparison) : undefined,
  };
}

function emptyResult(options: MergeCoverageOptions, notices: Notice[]): MergeCoverageResult {
  const totals = sumTotals([]);
  const markdown = `### ${options.title}\n\nNo coverage report matched: nothing to merge.\n`;
  return {
    reports: [],
    files: [],
    totals,
    patch: undefined,
    metrics: [],
    shortfalls: [],
    notices,
    outputDir: options.outputDir,
    written: {},
    summaryMarkdown: markdown,
    commentMarkdown: markdown,
    noReports: true,
  };
}
