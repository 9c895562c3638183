// One PR comment per title that the next run edits instead of adding another: it carries a
// hidden marker, found again by listing the PR's comments.

export interface IssueComment {
  id: number;
  body?: string | null | undefined;
  html_url?: string;
  user?: { login?: string } | null;
}

/** The three REST calls a sticky comment needs (GitHub's issue comments API). */
export interface IssueCommentsClient {
  list(issueNumber: number): Promise<IssueComment[]>;
  create(issueNumber: number, body: string): Promise<IssueComment>;
  update(commentId: number, body: string): Promise<IssueComment>;
}

export interface StickyCommentResult {
  action: 'created' | 'updated';
  id: number;
  url: string | undefined;
}

/** GitHub refuses comment bodies over this many characters. */
export const COMMENT_MAX_CHARS = 65_536;

export function commentMarker(title: string): string {
  const key =
    title
      .replace(/--+/g, '-')
      .replace(/[^\w .:/@()-]/g, '')
      .trim() || 'coverage';
  return `<!-- runevault/merge-coverage: ${key} -->`;
}

export async function upsertStickyComment(
  client: IssueCommentsClient,
  issueNumber: number,
  marker: string,
  markdown: string,
  /** Only comments by this login count as ours (the token's bot): a marker is text anyone can type. */
  author?: string,
): Promise<StickyCommentResult> {
  const body = `${marker}\n${markdown}`;
  if (body.length > COMMENT_MAX_CHARS)
    throw new Error(`the comment is ${body.length} characters, over GitHub's ${COMMENT_MAX_CHARS}`);
  const comments = await client.list(issueNumber);
  // The newest of ours, should a race ever have left two.
  const previous = comments
    .filter((comment) => comment.body?.startsWith(marker))
    .filter((comment) => author === undefined || comment.user?.login === author)
    .at(-1);
  if (previous) {
    const updated = await client.update(previous.id, body);
    return { action: 'updated', id: updated.id, url: updated.html_url };
  }
  const created = await client.create(issueNumber, body);
  return { action: 'created', id: created.id, url: created.html_url };
}

export interface GitHubCommentsOptions {
  token: string;
  owner: string;
  repo: string;
  /** Default: GITHUB_API_URL, else https://api.github.com. */
  baseUrl?: string;
}

/**
 * The client on @actions/github's Octokit (paginated listing: a busy PR has over 100 comments).
 * @actions/github (Octokit, its HTTP client, undici) is loaded on the first call, not with this
 * module: a merge that posts no comment never pays its 30–60 ms of start-up.
 */
export function gitHubCommentsClient(options: GitHubCommentsOptions): IssueCommentsClient {
  const { owner, repo } = options;
  let loading: ReturnType<typeof loadOctokit> | undefined;
  const octokit = () => {
    loading ??= loadOctokit(options);
    return loading;
  };
  return {
    list: async (issueNumber) => {
      const client = await octokit();
      return client.paginate(client.rest.issues.listComments, {
        owner,
        repo,
        issue_number: issueNumber,
        per_page: 100,
      });
    },
    create: async (issueNumber, body) =>
      (await (await octokit()).rest.issues.createComment({ owner, repo, issue_number: issueNumber, body }))
        .data,
    update: async (commentId, body) =>
      (await (await octokit()).rest.issues.updateComment({ owner, repo, comment_id: commentId, body })).data,
  };
}

async function loadOctokit(options: GitHubCommentsOptions) {
  const { getOctokit } = await import('@actions/github');
  return getOctokit(options.token, options.baseUrl ? { baseUrl: options.baseUrl } : {});
}
