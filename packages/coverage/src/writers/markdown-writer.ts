// The Markdown a person reads: totals with threshold marks, what fell short, patch coverage,
// then every file worst first — cut to a byte budget (the job summary takes 1 MiB, a PR
// comment 65,536 characters), saying how many rows were left out and where the rest is.
import { type Counter, type FileCoverage, fileTotals, forEachLine, percent } from '../model.js';
import type { Notice } from '../notices.js';
import type { PatchCoverage } from '../patch-coverage.js';
import type { MetricResult } from '../thresholds.js';

export const SUMMARY_BUDGET_BYTES = 1024 * 1024 - 16 * 1024;
export const COMMENT_BUDGET_BYTES = 60 * 1024;

export interface MarkdownInput {
  title: string;
  metrics: MetricResult[];
  files: FileCoverage[];
  patch?: PatchCoverage | undefined;
  notices: Notice[];
  reports: { source: string; format: string; producer?: string | undefined; files: number }[];
  /** Where the full report is, said when rows are cut (e.g. "the coverage-merged artifact"). */
  fullReportHint?: string;
  /** Lines after the totals and notices (the comparison with the base branch). */
  extraHead?: string[];
}

export interface MarkdownOptions {
  budgetBytes: number;
}

/** Every line the Markdown could hold, before it is cut to a budget (made once for summary and comment). */
export interface MarkdownParts {
  head: string[];
  tail: string[];
  patchRows: string[];
  fileHeader: string[];
  fileRows: string[];
  hint: string;
}

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');
/**
 * A count as toLocaleString('en-US') writes it (1,234,567), by hand: the first toLocaleString
 * call loads ICU's number formatting, about a tenth of a second of a large merge.
 */
const number = (value: number): string => {
  if (!Number.isSafeInteger(value)) return value.toLocaleString('en-US');
  let digits = String(Math.abs(value));
  let grouped = '';
  while (digits.length > 3) {
    grouped = `,${digits.slice(-3)}${grouped}`;
    digits = digits.slice(0, -3);
  }
  return `${value < 0 ? '-' : ''}${digits}${grouped}`;
};

function formatPercent(value: number | undefined): string {
  return value === undefined ? '—' : `${value.toFixed(2)}%`;
}

function counterCell(counter: Counter, measured = true): string {
  if (!measured) return '—';
  if (counter.total === 0) return 'n/a';
  return `${formatPercent(percent(counter))} (${number(counter.covered)}/${number(counter.total)})`;
}

/** A file path as inline code that survives pipes and backticks inside it. */
function codePath(path: string): string {
  const escaped = path.replace(/\|/g, '\\|');
  return escaped.includes('`') ? escaped.replace(/([\\`*_[\]<>])/g, '\\$1') : `\`${escaped}\``;
}

/** Uncovered instrumented lines as ranges; a range may span lines no report instruments. */
export function uncoveredRanges(lines: Map<number, number>, limit = 120): string {
  let text = '';
  let full = false;
  let start: number | undefined;
  let end: number | undefined;
  // Ranges are joined as they close, and the walk stops at the first that would not fit: a
  // file of 100,000 lines is not turned into ranges only for all but a few to be dropped.
  const flush = () => {
    if (start === undefined) return;
    const range = start === end ? `${start}` : `${start}-${end}`;
    start = undefined;
    const next = text === '' ? range : `${text}, ${range}`;
    if (next.length > limit) full = true;
    else text = next;
  };
  forEachLine(lines, (line, hits) => {
    if (hits > 0) {
      flush();
      return !full;
    }
    start ??= line;
    end = line;
  });
  if (!full) flush();
  return full ? `${text}, …` : text;
}

function lineList(lines: number[], limit = 120): string {
  const map = new Map(lines.map((line) => [line, 0]));
  return uncoveredRanges(map, limit);
}

/** Worst first: lowest line coverage, then most lines not run, then path. */
export function worstFirst(
  files: FileCoverage[],
): { file: FileCoverage; totals: ReturnType<typeof fileTotals> }[] {
  return files
    .map((file) => ({ file, totals: fileTotals(file) }))
    .sort((a, b) => {
      const byPercent = percent(a.totals.lines) - percent(b.totals.lines);
      if (byPercent !== 0) return byPercent;
      const byMissed =
        b.totals.lines.total - b.totals.lines.covered - (a.totals.lines.total - a.totals.lines.covered);
      if (byMissed !== 0) return byMissed;
      return a.file.path < b.file.path ? -1 : a.file.path > b.file.path ? 1 : 0;
    });
}

const METRIC_LABEL = {
  lines: 'Lines',
  branches: 'Branches',
  functions: 'Functions',
  patch: 'Patch',
} as const;

function thresholdCell(result: MetricResult): string {
  if (result.threshold === undefined) return '';
  if (result.met === undefined) return `${result.threshold}% (nothing measured)`;
  return result.met ? `✅ ≥ ${result.threshold}%` : `❌ < ${result.threshold}%`;
}

export function renderMarkdown(input: MarkdownInput, options: MarkdownOptions): string {
  return fitMarkdown(markdownParts(input), options);
}

export function markdownParts(input: MarkdownInput): MarkdownParts {
  const head: string[] = [`### ${input.title}`, ''];
  head.push('| Metric | Coverage | Covered / total | Threshold |', '|:--|--:|--:|:--|');
  for (const result of input.metrics) {
    const label =
      result.metric === 'patch' && input.patch
        ? `Patch (changed lines since ${codePath(input.patch.base)})`
        : METRIC_LABEL[result.metric];
    const covered =
      result.percent === undefined
        ? 'not measured'
        : `${number(result.counter.covered)} / ${number(result.counter.total)}`;
    head.push(`| ${label} | ${formatPercent(result.percent)} | ${covered} | ${thresholdCell(result)} |`);
  }
  const failed = input.metrics.filter((result) => result.met === false);
  if (failed.length > 0) {
    head.push(
      '',
      '**Below threshold**',
      '',
      '| Metric | Coverage | Threshold | Short by |',
      '|:--|--:|--:|--:|',
    );
    for (const result of failed)
      head.push(
        `| ${METRIC_LABEL[result.metric]} | ${formatPercent(result.percent)} | ${result.threshold}% | ${((result.threshold ?? 0) - (result.percent ?? 0)).toFixed(2)} pts |`,
      );
  }
  for (const notice of input.notices)
    head.push('', `> ${notice.level === 'warning' ? '⚠️ ' : ''}${notice.message}`);
  head.push(...(input.extraHead ?? []));

  const sources = input.reports
    .map((report) => `${codePath(report.source)} (${reportLabel(report)}, ${number(report.files)} files)`)
    .join(', ');
  const tail = ['', `<sub>Merged ${input.reports.length} report(s): ${sources}</sub>`, ''];
  const hint = input.fullReportHint ? `: see ${input.fullReportHint}` : '';

  const patchRows: string[] = [];
  if (input.patch && input.patch.files.length > 0) {
    const withMisses = input.patch.files.filter((file) => file.uncovered.length > 0);
    if (withMisses.length > 0) {
      patchRows.push(
        '',
        `<details><summary>Changed lines not run (${number(withMisses.length)} file(s))</summary>`,
        '',
        '| File | Changed lines run | Not run |',
        '|:--|--:|:--|',
      );
      for (const file of withMisses)
        patchRows.push(
          `| ${codePath(file.path)} | ${number(file.covered)} / ${number(file.total)} | ${lineList(file.uncovered)} |`,
        );
      patchRows.push('', '</details>');
    }
  }

  const fileHeader = [
    '',
    `<details><summary>Files (${number(input.files.length)}), worst first</summary>`,
    '',
    '| File | Lines | Branches | Functions | Lines not run |',
    '|:--|--:|--:|--:|:--|',
  ];
  const fileRows = worstFirst(input.files).map(
    ({ file, totals }) =>
      `| ${codePath(file.path)} | ${counterCell(totals.lines)} | ${counterCell(totals.branches, totals.hasBranchData)} | ${counterCell(totals.functions, totals.hasFunctionData)} | ${uncoveredRanges(file.lines)} |`,
  );

  return { head, tail, patchRows, fileHeader, fileRows, hint };
}

export function fitMarkdown(parts: MarkdownParts, options: MarkdownOptions): string {
  const { head, tail, patchRows, fileHeader, fileRows, hint } = parts;
  // Fill the budget: head and tail always, then patch rows, then file rows, each cut with a note.
  const reserve = 400;
  let used = bytes(head.join('\n')) + bytes(tail.join('\n')) + reserve;
  const body: string[] = [];
  const addRows = (header: string[], rows: string[], footer: string[], what: string) => {
    if (rows.length === 0) return;
    used += bytes(header.join('\n')) + bytes(footer.join('\n')) + 2;
    let shown = 0;
    const kept: string[] = [];
    for (const row of rows) {
      const size = bytes(row) + 1;
      if (used + size > options.budgetBytes) break;
      used += size;
      kept.push(row);
      shown++;
    }
    const cut = rows.length - shown;
    body.push(...header, ...kept);
    if (cut > 0) {
      const note = `| _${number(cut)} more ${what} not shown (size limit)${hint}_ | | | | |`;
      body.push(note);
      used += bytes(note) + 1;
    }
    body.push(...footer);
  };
  if (patchRows.length > 0)
    addRows(patchRows.slice(0, 5), patchRows.slice(5, -2), patchRows.slice(-2), 'file(s)');
  addRows(fileHeader, fileRows, ['', '</details>'], 'file(s)');
  return [...head, ...body, ...tail].join('\n');
}

const FORMAT_LABEL = { lcov: 'LCOV', cobertura: 'Cobertura', 'istanbul-json': 'istanbul JSON' } as Record<
  string,
  string
>;

function reportLabel(report: MarkdownInput['reports'][number]): string {
  const format = FORMAT_LABEL[report.format] ?? report.format;
  return report.producer && report.producer !== 'istanbul' ? `${format} from ${report.producer}` : format;
}
