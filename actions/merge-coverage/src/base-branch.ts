// Coverage against the base branch, in the action: on a pull request, find the base commit's
// summary through the REST API (actions: read); on a push, name the summary to keep for later
// pull requests. Without a token or API the comparison is skipped, said in one line.
import { type BaseLookup, findBaseSummary, GitHubRestClient, summaryArtifactName } from '@runevault/coverage';
import { logSafe } from '../../common/src/log-safe.js';
import { runContext, runRepository } from './run-context.js';

export interface PullRequestBase {
  number: number;
  sha: string;
  ref: string;
}

/** The pull request's number and base from the event (pull_request, pull_request_target). */
export function pullRequestBase(): PullRequestBase | undefined {
  const pull = runContext().payload.pull_request as
    | { number?: unknown; base?: { sha?: unknown; ref?: unknown } }
    | undefined;
  const sha = pull?.base?.sha;
  const ref = pull?.base?.ref;
  if (typeof pull?.number !== 'number' || typeof sha !== 'string' || typeof ref !== 'string')
    return undefined;
  return { number: pull.number, sha, ref };
}

/** The artifact name a push keeps its summary under, or undefined when this run keeps none. */
export function summaryToKeep(prefix: string): string | undefined {
  const { eventName, sha } = runContext();
  if (!prefix || eventName !== 'push' || sha === undefined || !/^[0-9a-f]{40}$/.test(sha)) return undefined;
  return summaryArtifactName(prefix, sha);
}

export async function lookUpBaseSummary(
  prefix: string,
  token: string,
  lookback: number,
): Promise<BaseLookup | undefined> {
  if (!prefix) return undefined;
  const base = pullRequestBase();
  if (!base) return undefined;
  const skip = (why: string): BaseLookup => ({
    missing: `no comparison with the base branch: ${why}; only the absolute thresholds apply`,
  });
  if (!token) return skip('github-token is empty');
  try {
    const { owner, repo } = runRepository();
    return await findBaseSummary(new GitHubRestClient({ token, baseUrl: process.env.GITHUB_API_URL }), {
      repository: `${owner}/${repo}`,
      baseSha: base.sha,
      baseBranch: base.ref,
      prefix,
      lookback,
    });
  } catch (error) {
    return skip(
      `${logSafe((error as Error).message)} (the job needs actions: read to list and download artifacts)`,
    );
  }
}
