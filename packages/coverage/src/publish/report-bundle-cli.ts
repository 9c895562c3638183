// The report-bundle command (bin/report-bundle.mjs): the e2e job's half of fork-safe reporting.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { junitMarkdown, readJUnit } from './junit-summary.js';
import { writeReportBundle } from './report-bundle.js';

/** The pull request number the event names (informational: the publisher never trusts it). */
function claimedPullRequest(env: NodeJS.ProcessEnv): number | undefined {
  try {
    const event = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH ?? '', 'utf8'));
    const number = event?.pull_request?.number;
    return Number.isSafeInteger(number) ? number : undefined;
  } catch {
    return undefined;
  }
}

export async function runReportBundleCli(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  try {
    const { values } = parseArgs({
      args: argv,
      strict: true,
      options: { junit: { type: 'string' }, out: { type: 'string' }, title: { type: 'string' } },
    });
    if (!values.junit || !values.out) throw new Error('--junit FILE and --out DIR are required');
    const markdown = junitMarkdown(values.title || 'e2e', readJUnit(readFileSync(values.junit, 'utf8')));
    const claimed = claimedPullRequest(env);
    writeReportBundle(
      values.out,
      { schema: 1, kind: 'e2e', ...(claimed ? { claimedPullRequest: claimed } : {}) },
      markdown,
      [values.junit],
    );
    process.stdout.write(`report-bundle: wrote ${values.out}\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`report-bundle: ${(error as Error).message}\n`);
    return 1;
  }
}
