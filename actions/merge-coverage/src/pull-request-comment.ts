// The sticky comment on the pull request of this run, through @actions/github. Not being on a
// pull request, or a token that may not write (a fork's), costs the comment, not the step.
import * as core from '@actions/core';
import { commentMarker, gitHubCommentsClient, upsertStickyComment } from '@runevault/coverage';
import { logSafe } from '../../common/src/log-safe.js';
import { runContext, runRepository } from './run-context.js';

function pullRequestNumber(): number | undefined {
  const { payload } = runContext();
  return payload.pull_request?.number ?? (payload.issue?.pull_request ? payload.issue.number : undefined);
}

export async function commentOnPullRequest(token: string, title: string, markdown: string): Promise<void> {
  const number = pullRequestNumber();
  if (number === undefined) {
    core.info(
      `comment: skipped, this ${logSafe(runContext().eventName ?? '')} event is not about a pull request`,
    );
    return;
  }
  if (!token) {
    core.warning('comment: skipped, github-token is empty');
    return;
  }
  try {
    const { owner, repo } = runRepository();
    const client = gitHubCommentsClient({ token, owner, repo });
    const result = await upsertStickyComment(client, number, commentMarker(title), markdown);
    core.info(
      `comment: ${result.action} ${logSafe(result.url ?? `#${result.id}`)} on pull request #${number}`,
    );
  } catch (error) {
    const status = (error as { status?: number }).status;
    const hint =
      status === 403 || status === 404
        ? ' (the token needs pull-requests: write; a pull request from a fork gets a read-only token)'
        : '';
    core.warning(`comment: could not post on pull request #${number}: ${(error as Error).message}${hint}`);
  }
}
