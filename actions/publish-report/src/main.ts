// The action's adapter: inputs and the workflow_run event → publishReport() (packages/coverage)
// → outputs. Every value that came from the triggering run is made log-safe before it is printed.
import { readFileSync } from 'node:fs';
import * as core from '@actions/core';
import {
  DEFAULT_REPORT_ARTIFACT,
  GitHubApiError,
  GitHubRestClient,
  gitHubCommentsClient,
  PublishReportError,
  publishReport,
} from '@runevault/coverage/publish';
import { InputError, InputReader } from '../../common/src/action-inputs.js';
import { logSafe } from '../../common/src/log-safe.js';

const ARTIFACT_NAME = /^[\w.-]{1,100}$/;
const LOGIN = /^[\w.[\]-]{1,60}$/;

export async function run(): Promise<void> {
  try {
    const token = core.getInput('github-token');
    if (token) core.setSecret(token);
    const inputs = new InputReader('publish-report', (name) => core.getInput(name));
    const artifactName = inputs.line('artifact-name') || DEFAULT_REPORT_ARTIFACT;
    if (!ARTIFACT_NAME.test(artifactName))
      inputs.problem(
        `input artifact-name must be an artifact name (letters, digits, . _ -), got ${JSON.stringify(logSafe(artifactName))}`,
      );
    const commentAuthor = inputs.line('comment-author') || 'github-actions[bot]';
    if (!LOGIN.test(commentAuthor))
      inputs.problem(
        `input comment-author must be a GitHub login, got ${JSON.stringify(logSafe(commentAuthor))}`,
      );
    if (!token)
      inputs.problem(
        'input github-token is empty; pass the job token (github.token) with pull-requests: write and actions: read',
      );
    inputs.throwIfProblems();

    const repository = process.env.GITHUB_REPOSITORY ?? '';
    const [owner, repo] = repository.split('/');
    if (!owner || !repo)
      throw new PublishReportError('GITHUB_REPOSITORY is not owner/name: run this on a GitHub runner');
    const eventPath = process.env.GITHUB_EVENT_PATH ?? '';
    let event: unknown;
    try {
      event = JSON.parse(readFileSync(eventPath, 'utf8'));
    } catch {
      throw new PublishReportError(
        `cannot read the event at GITHUB_EVENT_PATH ${JSON.stringify(logSafe(eventPath))}`,
      );
    }
    const baseUrl = process.env.GITHUB_API_URL || undefined;
    const outcome = await publishReport(
      {
        event,
        repository,
        artifactName,
        commentAuthor,
        serverUrl: process.env.GITHUB_SERVER_URL || 'https://github.com',
      },
      {
        client: new GitHubRestClient({ token, baseUrl }),
        comments: gitHubCommentsClient({ token, owner, repo, ...(baseUrl ? { baseUrl } : {}) }),
        log: { info: (message) => core.info(logSafe(message)), notice: (message) => core.notice(message) },
      },
    );
    core.setOutput('pull-requests', outcome.pullRequests.join(','));
    core.setOutput('comment-urls', outcome.comments.map((comment) => comment.url ?? '').join('\n'));
  } catch (error) {
    core.setFailed(describe(error));
  }
}

/** One line: what failed, and for a refused token, the permission that is missing. */
function describe(error: unknown): string {
  if (error instanceof PublishReportError || error instanceof InputError) return error.message;
  const status = error instanceof GitHubApiError ? error.status : (error as { status?: number }).status;
  const message = logSafe((error as Error).message ?? String(error)).split('\\n')[0];
  if (status === 403 || status === 401)
    return `publish-report: ${message}; the job needs permissions pull-requests: write and actions: read`;
  return `publish-report: ${message}`;
}
