// `merge-coverage`: the action's options as flags, for local use and other CI systems.
import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { MergeCoverageError, ReportParseError } from './errors.js';
import { type MergeCoverageResult, mergeCoverage } from './merge-coverage.js';
import {
  DEFAULT_FORMATS,
  DEFAULT_THRESHOLDS,
  DEFAULT_TITLE,
  parseBoolean,
  parseMergeCoverageOptions,
} from './options.js';
import { commentMarker, gitHubCommentsClient, upsertStickyComment } from './sticky-comment.js';
import { describeShortfalls } from './thresholds.js';

export const USAGE = `Usage: merge-coverage [options] [file or glob …]

Merges LCOV, Cobertura XML (istanbul, coverage.py) and istanbul coverage-final.json reports
(recognised by content) into one: totals, patch coverage, thresholds, merged reports.

  -f, --files GLOB            a report or glob (repeatable; also positional; !GLOB excludes)
                              default: **/lcov.info **/*.lcov **/cobertura-coverage.xml
                              **/coverage.xml **/coverage-final.json (never node_modules)
      --path-remap FROM=>TO   rewrite a path prefix as reports write it (repeatable)
      --root DIR              paths become relative to DIR (default: .)
  -o, --output-dir DIR        where merged reports go (default: coverage-merged)
      --formats LIST          of lcov,cobertura,json-summary,markdown (default: all)
      --thresholds LIST       metric=percent for lines, branches, functions, patch
                              (default: ${DEFAULT_THRESHOLDS}; '' for none)
      --fail-below BOOL       exit 1 when a threshold is not met (default: true)
      --diff-base REF         patch coverage of lines changed since REF (git merge base)
      --title TEXT            heading of the Markdown (default: ${DEFAULT_TITLE})
      --if-no-files-found M   error (default), warn or ignore
      --markdown              print the Markdown summary instead of the short table
      --comment               post or update the sticky PR comment: needs GITHUB_TOKEN,
                              --repo OWNER/NAME and --pr N (API: --api-url or GITHUB_API_URL)
      --repo OWNER/NAME
      --pr N
      --api-url URL
  -h, --help

Exit status: 0 merged (and thresholds met), 1 below a threshold or an error, 2 bad usage.`;

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

const defaultIo = (): CliIo => ({
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
  env: process.env,
});

class UsageError extends Error {}

export async function runCli(argv: string[], io: CliIo = defaultIo()): Promise<number> {
  let values: ReturnType<typeof parse>['values'];
  let positionals: string[];
  try {
    ({ values, positionals } = parse(argv));
  } catch (error) {
    io.stderr(`merge-coverage: ${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  try {
    const options = parseMergeCoverageOptions(
      {
        files: [...(values.files ?? []), ...positionals].join('\n'),
        pathRemap: (values['path-remap'] ?? []).join('\n'),
        root: values.root ?? '',
        outputDir: values['output-dir'] ?? '',
        formats: values.formats ?? DEFAULT_FORMATS,
        thresholds: values.thresholds ?? DEFAULT_THRESHOLDS,
        diffBase: values['diff-base'] ?? '',
        title: values.title ?? '',
        ifNoFilesFound: values['if-no-files-found'] ?? '',
      },
      io.cwd,
    );
    const failBelow = parseBoolean('--fail-below', values['fail-below'] ?? '', true);
    const comment = values.comment ? commentTarget(values, io.env) : undefined;
    const result = await mergeCoverage(options);
    for (const notice of result.notices) io.stderr(`${notice.level}: ${notice.message}\n`);
    io.stdout(values.markdown ? `${result.summaryMarkdown}\n` : textSummary(result, io.cwd));
    if (comment && !result.noReports) {
      const client = gitHubCommentsClient(comment);
      const posted = await upsertStickyComment(
        client,
        comment.pr,
        commentMarker(options.title),
        result.commentMarkdown,
      );
      io.stderr(`${posted.action} comment ${posted.url ?? posted.id} on #${comment.pr}\n`);
    }
    if (result.shortfalls.length > 0 && failBelow) {
      io.stderr(`merge-coverage: ${describeShortfalls(result.shortfalls)}\n`);
      return 1;
    }
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`merge-coverage: ${error.message}\n`);
      return 2;
    }
    const known = error instanceof MergeCoverageError || error instanceof ReportParseError;
    io.stderr(`merge-coverage: ${known ? error.message : ((error as Error).stack ?? String(error))}\n`);
    return 1;
  }
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      files: { type: 'string', short: 'f', multiple: true },
      'path-remap': { type: 'string', multiple: true },
      root: { type: 'string' },
      'output-dir': { type: 'string', short: 'o' },
      formats: { type: 'string' },
      thresholds: { type: 'string' },
      'fail-below': { type: 'string' },
      'diff-base': { type: 'string' },
      title: { type: 'string' },
      'if-no-files-found': { type: 'string' },
      markdown: { type: 'boolean' },
      comment: { type: 'boolean' },
      repo: { type: 'string' },
      pr: { type: 'string' },
      'api-url': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

function commentTarget(values: ReturnType<typeof parse>['values'], env: NodeJS.ProcessEnv) {
  const token = env.GITHUB_TOKEN ?? '';
  const [owner, repo, extra] = (values.repo ?? env.GITHUB_REPOSITORY ?? '').split('/');
  const pr = Number(values.pr);
  const problems: string[] = [];
  if (!token) problems.push('GITHUB_TOKEN is not set');
  if (!owner || !repo || extra !== undefined)
    problems.push(`--repo "${values.repo ?? ''}" is not OWNER/NAME`);
  if (!Number.isInteger(pr) || pr <= 0)
    problems.push(`--pr "${values.pr ?? ''}" is not a pull request number`);
  if (problems.length > 0) throw new UsageError(`--comment: ${problems.join('; ')}`);
  const baseUrl = values['api-url'] ?? env.GITHUB_API_URL;
  return { token, owner: owner as string, repo: repo as string, pr, ...(baseUrl ? { baseUrl } : {}) };
}

function textSummary(result: MergeCoverageResult, cwd: string): string {
  if (result.noReports) return 'no coverage report matched: nothing merged\n';
  const lines = [`merged ${result.reports.length} report(s), ${result.files.length} file(s)`];
  for (const metric of result.metrics) {
    const value =
      metric.percent === undefined
        ? 'not measured'
        : `${metric.percent.toFixed(2)}% (${metric.counter.covered}/${metric.counter.total})`;
    const mark =
      metric.met === undefined
        ? ''
        : metric.met
          ? `  ok (>= ${metric.threshold}%)`
          : `  BELOW ${metric.threshold}%`;
    lines.push(`  ${metric.metric.padEnd(10)} ${value}${mark}`);
  }
  const written = Object.values(result.written).map((path) => relative(cwd, path) || path);
  if (written.length > 0) lines.push(`wrote ${written.join(', ')}`);
  return `${lines.join('\n')}\n`;
}
