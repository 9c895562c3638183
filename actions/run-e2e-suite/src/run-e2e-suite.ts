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
  formatCaseLine,
  formatJUnitXml,
  formatMarkdownSummary,
  formatTotals,
  type OidcFixture,
  runCases,
  type SuiteResult,
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
}

export async function runE2eSuite(inputs: RunE2eSuiteInputs): Promise<SuiteOutcome> {
  const oidc = inputs.oidcToken
    ? await oidcFixture(inputs.oidcToken, inputs.oidcNegativeTokensFile)
    : undefined;
  const vault = await core.group('Connect to the vault', () => connectSuiteVault(inputs, oidc));
  const suite = await runCases(vault, ALL_CASES, {
    only: inputs.cases,
    exclude: inputs.exclude,
    timeoutPerCaseMs: inputs.timeoutPerCaseMs,
    // One line per case as it finishes, so a long run shows progress.
    onCaseDone: (result) => core.info(logSafeLines(formatCaseLine(result))),
  });
  core.info(formatTotals(suite));
  reportFailures(suite);
  const reportProblems = await writeReports(suite, inputs);
  return { suite, junitPath: inputs.junitPath, reportProblems };
}

/** The outputs of run-e2e-suite (and of the root action), as strings. */
export function suiteOutputs(outcome: SuiteOutcome): Record<string, string> {
  return {
    passed: String(outcome.suite.passed),
    failed: String(outcome.suite.failed),
    skipped: String(outcome.suite.skipped),
    'duration-ms': String(outcome.suite.durationMs),
    'junit-path': outcome.junitPath,
  };
}

/**
 * Sets the outputs, then fails the step when a report could not be written or a case failed;
 * true when it failed. A failed case adds no error here: each has its own annotation already.
 */
export function finishSuiteStep(outcome: SuiteOutcome): boolean {
  for (const [name, value] of Object.entries(suiteOutputs(outcome))) core.setOutput(name, value);
  if (outcome.reportProblems.length > 0) {
    core.setFailed(outcome.reportProblems.join('; '));
    return true;
  }
  if (outcome.suite.failed > 0) {
    core.info(`${outcome.suite.failed} of ${outcome.suite.cases.length} cases failed`);
    process.exitCode = core.ExitCode.Failure;
    return true;
  }
  return false;
}

/** Details in a collapsed group, then one error annotation per failed case (its file list entry). */
export function reportFailures(suite: SuiteResult): void {
  const failed = suite.cases.filter((result) => result.status === 'failed');
  if (failed.length === 0) return;
  core.startGroup(`Failure details (${failed.length})`);
  // The prefix keeps `::` off a line's start; logSafeLines also stops `##[` and stray controls.
  for (const result of failed) core.info(logSafeLines(describeFailure(result)));
  core.endGroup();
  for (const result of failed) {
    core.error(result.message ?? 'failed', { title: caseLabel(result) });
  }
}

/** Every log line is prefixed, so a vault log line can never read as a workflow command. */
export function describeFailure(result: CaseResult): string {
  const lines = [`${caseLabel(result)}: ${result.message ?? 'failed'}`];
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
