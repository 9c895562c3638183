// Which pull request a workflow_run belongs to, decided by the API alone. For a fork GitHub
// sends `pull_requests: []`, and an artifact's own claim is the fork's word; so candidates come
// from the payload (same-repository runs), the commit's associated pull requests and the open
// pull requests from the run's head branch, and one is kept only when the API says its head
// is the run's commit in the run's head repository, and its base is this repository.
import {
  getPullRequest,
  openPullRequestsFromBranch,
  type PullRequestHead,
  pullRequestsForCommit,
} from '../github/pull-requests-api.js';
import type { GitHubRestClient } from '../github/rest-client.js';

/** The fields of a workflow_run event this code reads (GitHub writes them, not the fork). */
export interface WorkflowRunFacts {
  id: number;
  name: string;
  event: string;
  headSha: string;
  headBranch: string;
  /** owner/name of the repository the run's head came from (the fork). */
  headRepository: string;
  headOwner: string;
  payloadPullRequests: number[];
}

export interface PullRequestMatch {
  matched: PullRequestHead[];
  /** Candidates that were looked at and rejected, each with why (for the log). */
  rejected: string[];
}

const sameName = (a: string | undefined, b: string | undefined) =>
  a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();

export async function findPullRequests(
  client: GitHubRestClient,
  repository: string,
  run: WorkflowRunFacts,
): Promise<PullRequestMatch> {
  const candidates = new Map<number, PullRequestHead>();
  for (const number of run.payloadPullRequests.slice(0, 10)) {
    const pull = await getPullRequest(client, repository, number);
    if (pull) candidates.set(pull.number, pull);
  }
  for (const pull of await pullRequestsForCommit(client, repository, run.headSha))
    candidates.set(pull.number, pull);
  if (run.headOwner && run.headBranch)
    for (const pull of await openPullRequestsFromBranch(client, repository, run.headOwner, run.headBranch))
      candidates.set(pull.number, pull);

  const matched: PullRequestHead[] = [];
  const rejected: string[] = [];
  for (const pull of [...candidates.values()].sort((a, b) => a.number - b.number)) {
    if (pull.state !== 'open') rejected.push(`#${pull.number} is ${pull.state}`);
    else if (pull.headSha !== run.headSha)
      rejected.push(`#${pull.number}'s head is now ${pull.headSha.slice(0, 12)}, not the run's commit`);
    else if (!sameName(pull.headRepository, run.headRepository))
      rejected.push(`#${pull.number}'s head is in another repository`);
    else if (!sameName(pull.baseRepository, repository))
      rejected.push(`#${pull.number} is a pull request into another repository`);
    else matched.push(pull);
  }
  return { matched, rejected };
}
