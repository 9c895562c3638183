import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { formatConsoleReport } from './reporters/console-reporter.js';
import { formatJUnitXml } from './reporters/junit-reporter.js';
import { formatMarkdownSummary } from './reporters/markdown-reporter.js';
import type { SuiteResult } from './runner.js';
import { suiteVerdict, type VerdictOptions } from './verdict.js';

export interface ReportOutputOptions {
  junitPath?: string;
  /** Appended to, as GitHub expects of $GITHUB_STEP_SUMMARY. */
  summaryPath?: string;
  /** JSON of the SuiteResult on stdout; the console report moves to stderr. */
  json?: boolean;
  stdout?: { write(text: string): unknown };
  stderr?: { write(text: string): unknown };
}

/**
 * Prints the console report (or JSON) first, so results are visible even when a report file
 * cannot be written; then writes the files. A write failure throws naming the path.
 */
export async function writeReportOutputs(result: SuiteResult, opts: ReportOutputOptions = {}): Promise<void> {
  const stdout = opts.stdout ?? process.stdout;
  const stderr = opts.stderr ?? process.stderr;
  if (opts.json) {
    stderr.write(formatConsoleReport(result));
    stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } else {
    stdout.write(formatConsoleReport(result));
  }
  const failures: string[] = [];
  if (opts.junitPath) {
    const path = opts.junitPath;
    await mkdir(dirname(path), { recursive: true })
      .then(() => writeFile(path, formatJUnitXml(result)))
      .catch((e: Error) => failures.push(`JUnit report ${path}: ${e.message}`));
  }
  if (opts.summaryPath) {
    const path = opts.summaryPath;
    await mkdir(dirname(path), { recursive: true })
      .then(() => appendFile(path, `${formatMarkdownSummary(result)}\n`))
      .catch((e: Error) => failures.push(`summary ${path}: ${e.message}`));
  }
  if (failures.length > 0) throw new Error(`could not write ${failures.join('; ')}`);
}

/**
 * 1 when a case failed that is not quarantined, or with failOnFlaky a flaky one (skips do
 * not fail a run).
 */
export function exitCodeFor(result: SuiteResult, opts: VerdictOptions = {}): 0 | 1 {
  return suiteVerdict(result, opts).fails ? 1 : 0;
}
