// Pull requests as the API describes them: the only source the publisher believes about which
// pull request a run belongs to.
import type { GitHubRestClient } from './rest-client.js';

export interface PullRequestHead {
  number: number;
  state: string;
  headSha: string;
  /** owner/name of the repository the head branch lives in; undefined when it was deleted. */
  headRepository: string | undefined;
  baseRepository: string | undefined;
}

interface PullJson {
  number: number;
  state: string;
  head?: { sha?: string; repo?: { full_name?: string } | null };
  base?: { repo?: { full_name?: string } | null };
}

function toPull(json: PullJson): PullRequestHead {
  return {
    number: json.number,
    state: json.state,
    headSha: json.head?.sha ?? '',
    headRepository: json.head?.repo?.full_name ?? undefined,
    baseRepository: json.base?.repo?.full_name ?? undefined,
  };
}

/** GET /repos/{o}/{r}/pulls/{n}; undefined when there is none. */
export async function getPullRequest(
  client: GitHubRestClient,
  repository: string,
  number: number,
): Promise<PullRequestHead | undefined> {
  const json = await client.get<PullJson>(
    `/repos/${repository}/pulls/${number}`,
    `reading pull request #${number}`,
  );
  return json ? toPull(json) : undefined;
}

/** GET /repos/{o}/{r}/commits/{sha}/pulls: the pull requests GitHub associates with a commit. */
export async function pullRequestsForCommit(
  client: GitHubRestClient,
  repository: string,
  sha: string,
): Promise<PullRequestHead[]> {
  const pulls = await client.paginate<PullJson>(
    `/repos/${repository}/commits/${sha}/pulls`,
    `listing the pull requests of commit ${sha}`,
    undefined,
    3,
  );
  return pulls.map(toPull);
}

/** GET /repos/{o}/{r}/pulls?state=open&head=owner:branch: how a fork's pull request is found. */
export async function openPullRequestsFromBranch(
  client: GitHubRestClient,
  repository: string,
  headOwner: string,
  headBranch: string,
): Promise<PullRequestHead[]> {
  const head = encodeURIComponent(`${headOwner}:${headBranch}`);
  const pulls = await client.paginate<PullJson>(
    `/repos/${repository}/pulls?state=open&head=${head}`,
    `listing the open pull requests from ${headOwner}:${headBranch}`,
    undefined,
    3,
  );
  return pulls.map(toPull);
}

/** GET /repos/{o}/{r}/commits?sha=…: `sha` and up to count-1 commits before it (first-parent order as GitHub lists them). */
export async function commitsFrom(
  client: GitHubRestClient,
  repository: string,
  sha: string,
  count: number,
): Promise<string[]> {
  const commits = await client.paginate<{ sha: string }>(
    `/repos/${repository}/commits?sha=${encodeURIComponent(sha)}`,
    `listing the commits before ${sha}`,
    undefined,
    1,
  );
  return commits.slice(0, count).map((commit) => commit.sha);
}
