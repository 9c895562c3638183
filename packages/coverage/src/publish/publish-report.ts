// The privileged half of fork-safe reporting, run on workflow_run: find the pull request through
// the API, download the triggering run's report artifact through the API, read it within limits
// as untrusted text, and post or update one sticky comment. It never checks out or runs anything
// from the triggering run, and nothing from the artifact reaches the log but counts.
import { listRunArtifacts } from '../github/artifacts-api.js';
import { ArtifactTooLargeError, type GitHubRestClient } from '../github/rest-client.js';
import {
  COMMENT_MAX_CHARS,
  type IssueCommentsClient,
  type StickyCommentResult,
  upsertStickyComment,
} from '../sticky-comment.js';
import { DEFAULT_ZIP_LIMITS, readBoundedZip, UnsafeArchiveError, type ZipLimits } from './bounded-zip.js';
import { findPullRequests, type WorkflowRunFacts } from './find-pull-requests.js';
import { readReportBundle } from './report-bundle.js';
import { neutraliseMarkdown } from './untrusted-markdown.js';

/** A failure the user sees as one line. */
export class PublishReportError extends Error {
  override readonly name = 'PublishReportError';
}

interface PublishLog {
  info(message: string): void;
  notice(message: string): void;
}

export interface PublishReportOptions {
  /** The parsed GITHUB_EVENT_PATH. */
  event: unknown;
  /** owner/name of this repository (GITHUB_REPOSITORY): where the comment goes. */
  repository: string;
  artifactName: string;
  /** Login whose comments may be edited (the token's bot). */
  commentAuthor: string;
  /** GITHUB_SERVER_URL, for the link to the run. */
  serverUrl: string;
  maxZipBytes?: number;
  zipLimits?: ZipLimits;
}

export interface PublishReportDeps {
  client: GitHubRestClient;
  comments: IssueCommentsClient;
  log: PublishLog;
}

export interface PublishReportOutcome {
  pullRequests: number[];
  comments: StickyCommentResult[];
  /** Why nothing was posted, when nothing was. */
  skipped?: string;
}

export const DEFAULT_MAX_ZIP_BYTES = 4 * 1024 * 1024;
/** Room under GitHub's 65,536 characters for the marker and the footer. */
const REPORT_MAX_CHARS = COMMENT_MAX_CHARS - 2_000;

/** `<!-- runevault/report: ci -->`: one sticky comment per triggering workflow. */
export function reportMarker(workflowName: string): string {
  const key =
    workflowName
      .replace(/[^\w .()-]/g, '')
      .trim()
      .slice(0, 60) || 'report';
  return `<!-- runevault/report: ${key} -->`;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown) => (typeof value === 'string' ? value : '');

/** The workflow_run fields this code needs, checked; GitHub writes them, but a bad event is a bad setup. */
export function workflowRunFacts(event: unknown): WorkflowRunFacts {
  const run = isObject(event) ? event.workflow_run : undefined;
  if (!isObject(run))
    throw new PublishReportError(
      'publish-report runs on workflow_run events (on: workflow_run: workflows: [ci] types: [completed]); this event has no workflow_run',
    );
  const headRepository = isObject(run.head_repository) ? run.head_repository : {};
  const owner = isObject(headRepository.owner) ? headRepository.owner : {};
  const facts: WorkflowRunFacts = {
    id: typeof run.id === 'number' ? run.id : 0,
    name: text(run.name),
    event: text(run.event),
    headSha: text(run.head_sha),
    headBranch: text(run.head_branch),
    headRepository: text(headRepository.full_name),
    headOwner: text(owner.login),
    payloadPullRequests: (Array.isArray(run.pull_requests) ? run.pull_requests : [])
      .map((pull) => (isObject(pull) ? pull.number : undefined))
      .filter((number): number is number => typeof number === 'number' && Number.isSafeInteger(number)),
  };
  if (!Number.isSafeInteger(facts.id) || facts.id <= 0 || !/^[0-9a-f]{40}$/.test(facts.headSha))
    throw new PublishReportError(
      'the workflow_run event has no run id or head_sha; is this a real workflow_run event?',
    );
  return facts;
}

export interface ReportCommentParts {
  untrustedMarkdown: string;
  runId: number;
  headSha: string;
  serverUrl: string;
  repository: string;
  pullRequest: number;
  claimedPullRequest: number | undefined;
}

/**
 * The comment (without the marker): the run's Markdown neutralised, then a footer of ours. The
 * footer comes last and survives, because nothing in the neutralised text can stay open (no
 * fence, no unpaired tag) and a blank line ends any list, quote or table before it.
 */
export function reportCommentBody(parts: ReportCommentParts): string {
  const { markdown, cut } = neutraliseMarkdown(parts.untrustedMarkdown, REPORT_MAX_CHARS);
  const claim =
    parts.claimedPullRequest !== undefined && parts.claimedPullRequest !== parts.pullRequest
      ? ` The report says it is for #${parts.claimedPullRequest}; GitHub names this pull request as the run's.`
      : '';
  const run = `[run ${parts.runId}](${parts.serverUrl}/${parts.repository}/actions/runs/${parts.runId})`;
  return [
    markdown,
    '',
    '---',
    `<sub>Published by the report workflow from ${run} (commit ${parts.headSha.slice(0, 7)}).${cut ? ' The report was cut to fit a comment.' : ''}${claim} Written by that run: links, HTML and mentions in it are shown as text.</sub>`,
  ].join('\n');
}

export async function publishReport(
  options: PublishReportOptions,
  deps: PublishReportDeps,
): Promise<PublishReportOutcome> {
  const run = workflowRunFacts(options.event);
  const { client, log } = deps;
  const runLabel = `run ${run.id}`;
  if (run.event !== 'pull_request') {
    const skipped = `${runLabel} was started by a ${run.event || 'unknown'} event, not a pull request: nothing to publish`;
    log.notice(skipped);
    return { pullRequests: [], comments: [], skipped };
  }

  const found = await findPullRequests(client, options.repository, run);
  for (const reason of found.rejected) log.info(`not commenting on ${reason}`);
  if (found.matched.length === 0) {
    const skipped = `no open pull request of ${options.repository} has ${run.headSha.slice(0, 12)} from ${run.headRepository || 'the run'} as its head: no comment`;
    log.notice(skipped);
    return { pullRequests: [], comments: [], skipped };
  }

  const artifacts = (await listRunArtifacts(client, options.repository, run.id, options.artifactName)).filter(
    (artifact) => artifact.name === options.artifactName && artifact.run.id === run.id,
  );
  const artifact = artifacts.at(-1);
  if (!artifact || artifact.expired) {
    const skipped = `${runLabel} has ${artifact ? 'only an expired' : 'no'} ${options.artifactName} artifact: no comment (did its pull_request job upload one?)`;
    log.notice(skipped);
    return { pullRequests: [], comments: [], skipped };
  }
  const maxZipBytes = options.maxZipBytes ?? DEFAULT_MAX_ZIP_BYTES;
  const refused = (why: string) =>
    new PublishReportError(`artifact ${options.artifactName} of ${runLabel} refused: ${why}`);
  if (artifact.sizeInBytes > maxZipBytes)
    throw refused(`it is ${artifact.sizeInBytes} bytes, over the limit of ${maxZipBytes}`);
  let report: ReturnType<typeof readReportBundle>;
  try {
    const [owner, repo] = options.repository.split('/') as [string, string];
    const zip = await client.downloadArtifactZip(owner, repo, artifact.id, maxZipBytes);
    report = readReportBundle(readBoundedZip(zip, options.zipLimits ?? DEFAULT_ZIP_LIMITS));
  } catch (error) {
    if (error instanceof UnsafeArchiveError || error instanceof ArtifactTooLargeError)
      throw refused(`the archive ${error.message}`);
    throw error;
  }
  log.info(
    `read ${report.files.length} file(s) of artifact ${artifact.id} from ${runLabel} (${artifact.sizeInBytes} bytes zipped)`,
  );

  const comments: StickyCommentResult[] = [];
  for (const pull of found.matched) {
    if (report.claimedPullRequest !== undefined && report.claimedPullRequest !== pull.number)
      log.notice(
        `the artifact claims pull request #${report.claimedPullRequest}; posting on #${pull.number}, which the API names`,
      );
    const body = reportCommentBody({
      untrustedMarkdown: report.markdown,
      runId: run.id,
      headSha: run.headSha,
      serverUrl: options.serverUrl,
      repository: options.repository,
      pullRequest: pull.number,
      claimedPullRequest: report.claimedPullRequest,
    });
    const result = await upsertStickyComment(
      deps.comments,
      pull.number,
      reportMarker(run.name),
      body,
      options.commentAuthor,
    );
    comments.push(result);
    log.info(`comment: ${result.action} #${result.id} on pull request #${pull.number}`);
  }
  return { pullRequests: found.matched.map((pull) => pull.number), comments };
}
