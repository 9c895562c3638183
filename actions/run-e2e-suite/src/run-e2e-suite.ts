// What the action does, in order: connect → run the cases → report (log, annotations, JUnit,
// job summary). The step functions are exported for the root action, which runs the same
// suite against the container it started.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import * as core from '@actions/core';
import {
  ALL_CASES,
  type CaseResult,
  caseLabel,
  describeAttempts,
  formatCaseLine,
  formatJUnitXml,
  formatMarkdownSummary,
  formatTotals,
  isFlaky,
  type OidcFixture,
  planAnnotations,
  runCases,
  type SuiteResult,
  suiteVerdict,
} from '@runevault/e2e/suite';
import { logSafe, logSafeLines, quoteInput } from '../../common/src/log-safe.js';
import type { RunE2eSuiteInputs } from './inputs.js';
import { connectSuiteVault } from './vault-connection.js';

export interface SuiteOutcome {
  suite: SuiteResult;
  /** Absolute. */
  junitPath: string;
  /** Reports that could not be written (the step fails on them, after the outputs are set). */
  reportProblems: string[];
  /** A flaky case fails the step (input fail-on-flaky). */
  failOnFlaky?: boolean;
}

export async function runE2eSuite(inputs: RunE2eSuiteInputs): Promise<SuiteOutcome> {
  const oidc = inputs.oidcToken
    ? await oidcFixture(inputs.oidcToken, inputs.oidcNegativeTokensFile)
    : undefined;
  const vault = await core.group('Connect to the vault', () => connectSuiteVault(inputs, oidc));
  for (const { selector, reason } of inputs.quarantine ?? []) {
    core.info(
      `quarantined (runs; its failure does not fail the step): ${logSafe(selector)}: ${logSafe(reason)}`,
    );
  }
  const suite = await runCases(vault, ALL_CASES, {
    only: inputs.cases,
    exclude: inputs.exclude,
    timeoutPerCaseMs: inputs.timeoutPerCaseMs,
    retries: inputs.retries ?? 0,
    quarantine: inputs.quarantine ?? [],
    // One line per case as it finishes, so a long run shows progress.
    onCaseDone: (result) => core.info(logSafeLines(formatCaseLine(result))),
    onRetry: (c, attempt, failure) =>
      core.info(
        logSafe(
          `↻ ${caseLabel(c)} failed attempt ${attempt} of ${(inputs.retries ?? 0) + 1}, running it again: ${failure.message}`,
        ),
      ),
  });
  core.info(formatTotals(suite));
  const failOnFlaky = inputs.failOnFlaky ?? false;
  reportFailures(suite, { failOnFlaky });
  const reportProblems = await writeReports(suite, inputs);
  return { suite, junitPath: inputs.junitPath, reportProblems, failOnFlaky };
}

/** The outputs of run-e2e-suite (and of the root action), as strings. */
export function suiteOutputs(outcome: SuiteOutcome): Record<string, string> {
  return {
    passed: String(outcome.suite.passed),
    failed: String(outcome.suite.failed),
    skipped: String(outcome.suite.skipped),
    flaky: String(outcome.suite.flaky ?? 0),
    'quarantined-failed': String(outcome.suite.quarantinedFailed ?? 0),
    'duration-ms': String(outcome.suite.durationMs),
    'junit-path': outcome.junitPath,
  };
}

/**
 * Sets the outputs, then fails the step when a report could not be written, a case failed that
 * is not quarantined, or (fail-on-flaky) a case was flaky; true when it failed. A failed case
 * adds no error here: each has its own annotation already (or the note of those left out).
 */
export function finishSuiteStep(outcome: SuiteOutcome): boolean {
  for (const [name, value] of Object.entries(suiteOutputs(outcome))) core.setOutput(name, value);
  if (outcome.reportProblems.length > 0) {
    core.setFailed(outcome.reportProblems.join('; '));
    return true;
  }
  const verdict = suiteVerdict(outcome.suite, { failOnFlaky: outcome.failOnFlaky ?? false });
  if (verdict.fails) {
    core.info(verdict.reason);
    process.exitCode = core.ExitCode.Failure;
    return true;
  }
  return false;
}

/**
 * Details of every failed and flaky case in a collapsed group, then the annotations: an error
 * per failed case, a warning per flaky (an error with fail-on-flaky) and quarantined failure,
 * within GitHub's per-step limits (planAnnotations).
 */
export function reportFailures(suite: SuiteResult, opts: { failOnFlaky?: boolean } = {}): void {
  const notable = suite.cases.filter((result) => result.status === 'failed' || isFlaky(result));
  if (notable.length === 0) return;
  const failed = notable.filter((result) => result.status === 'failed').length;
  const flaky = notable.length - failed;
  core.startGroup(
    flaky > 0 ? `Failure details (${failed} failed, ${flaky} flaky)` : `Failure details (${failed})`,
  );
  // The prefix keeps `::` off a line's start; logSafeLines also stops `##[` and stray controls.
  for (const result of notable) core.info(logSafeLines(describeFailure(result)));
  core.endGroup();
  for (const annotation of planAnnotations(suite, opts)) {
    // core escapes line breaks and `%`; logSafe also makes the rest of the text plain.
    const properties = { title: logSafe(annotation.title) };
    const message = logSafeLines(annotation.message);
    if (annotation.level === 'error') core.error(message, properties);
    else core.warning(message, properties);
  }
}

/** Every log line is prefixed, so a vault log line can never read as a workflow command. */
export function describeFailure(result: CaseResult): string {
  const attempts = describeAttempts(result);
  const head = isFlaky(result)
    ? attempts
    : `${result.message ?? 'failed'}${attempts ? ` (${attempts})` : ''}`;
  const lines = [
    `${caseLabel(result)}: ${head}${result.quarantine !== undefined ? ` [quarantined: ${result.quarantine}]` : ''}`,
  ];
  const failures = result.failedAttempts ?? [];
  for (const [i, failure] of failures.entries()) {
    if (i === 0 && !isFlaky(result)) continue;
    lines.push(`  attempt ${i + 1}: ${failure.message}`);
  }
  if (result.logExcerpt) {
    lines.push('  vault log excerpt:', ...result.logExcerpt.split('\n').map((line) => `  | ${line}`));
  }
  return lines.join('\n');
}

async function writeReports(suite: SuiteResult, inputs: RunE2eSuiteInputs): Promise<string[]> {
  const problems: string[] = [];
  try {
    await mkdir(dirname(inputs.junitPath), { recursive: true });
    await writeFile(inputs.junitPath, formatJUnitXml(suite));
    core.info(`JUnit report: ${logSafe(inputs.junitPath)}`);
  } catch (error) {
    problems.push(
      `could not write the JUnit report ${logSafe(inputs.junitPath)}: ${(error as Error).message}`,
    );
  }
  if (inputs.summary) {
    try {
      await core.summary.addRaw(formatMarkdownSummary(suite), true).write();
    } catch (error) {
      // No summary file (a plain shell, an old runner) is no reason to fail a run that passed.
      core.warning(`the job summary was not written: ${(error as Error).message}`);
    }
  }
  return problems;
}

/**
 * Case 15's fixture from the inputs: the given JWT (mint-test-oidc's token) and the negatives
 * file's tokens, each masked as it is read, for the vault's only OIDC provider.
 */
export async function oidcFixture(token: string, negativesFile: string | undefined): Promise<OidcFixture> {
  const negatives = negativesFile ? await readNegativeTokens(negativesFile) : {};
  return { provider: '', goodToken: async () => token, negatives };
}

/** mint-test-oidc's negatives file: {"expired": "<jwt>", …}; every token masked as read. */
export async function readNegativeTokens(file: string): Promise<Record<string, string>> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch {
    // Not the parser's message: it quotes the start of the text, which may be a token.
    throw new Error(
      `oidc-negative-tokens-file ${logSafe(file)} is not JSON (mint-test-oidc's negatives-file is)`,
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(
      `oidc-negative-tokens-file ${logSafe(file)} must hold a JSON object mapping each preset to its token (mint-test-oidc's negatives-file)`,
    );
  }
  const negatives: Record<string, string> = {};
  for (const [preset, token] of Object.entries(parsed)) {
    if (typeof token !== 'string' || token === '') {
      throw new Error(
        `oidc-negative-tokens-file ${logSafe(file)}: the value of ${quoteInput(preset)} is not a token string`,
      );
    }
    core.setSecret(token);
    negatives[preset] = token;
  }
  return negatives;
}
