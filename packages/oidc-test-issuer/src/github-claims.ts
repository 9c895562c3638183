// GitHub-shaped identity: the claims, `sub` grammar and run namespace GitHub's OIDC tokens
// carry, derived from the GITHUB_* variables and the event payload of a run.

export interface GithubContext {
  /** owner/repo */
  repository: string;
  repositoryOwner: string;
  repositoryId: string;
  repositoryOwnerId: string;
  ref: string;
  refType: string;
  sha: string;
  runId: string;
  runNumber: string;
  runAttempt: string;
  workflow: string;
  workflowRef: string;
  workflowSha: string;
  actor: string;
  actorId: string;
  eventName: string;
  headRef: string;
  baseRef: string;
  /** The deployment environment of the job, when it has one (changes the `sub` grammar). */
  environment: string;
  /** Set for pull_request events (from the event payload or a refs/pull/<n>/… ref). */
  pullRequestNumber: number | undefined;
  runnerEnvironment: string;
  serverUrl: string;
}

const PULL_REQUEST_EVENTS = new Set(['pull_request']);

/** The run as the GITHUB_* variables describe it; `event` is the parsed GITHUB_EVENT_PATH file. */
export function githubContextFromEnv(env: NodeJS.ProcessEnv, event: unknown = {}): GithubContext {
  const repository = env.GITHUB_REPOSITORY || 'local/repository';
  const ref = env.GITHUB_REF || 'refs/heads/main';
  const payload = (event && typeof event === 'object' ? event : {}) as {
    pull_request?: { number?: unknown };
    number?: unknown;
  };
  const fromPayload = Number(payload.pull_request?.number ?? payload.number);
  const fromRef = Number(/^refs\/pull\/(\d+)\//.exec(ref)?.[1]);
  const eventName = env.GITHUB_EVENT_NAME || 'push';
  const pullRequestNumber = PULL_REQUEST_EVENTS.has(eventName)
    ? [fromPayload, fromRef].find((n) => Number.isInteger(n) && n > 0)
    : undefined;
  return {
    repository,
    repositoryOwner: env.GITHUB_REPOSITORY_OWNER || repository.split('/')[0] || '',
    repositoryId: env.GITHUB_REPOSITORY_ID || '',
    repositoryOwnerId: env.GITHUB_REPOSITORY_OWNER_ID || '',
    ref,
    refType: env.GITHUB_REF_TYPE || (ref.startsWith('refs/tags/') ? 'tag' : 'branch'),
    sha: env.GITHUB_SHA || '0'.repeat(40),
    runId: env.GITHUB_RUN_ID || '0',
    runNumber: env.GITHUB_RUN_NUMBER || '1',
    runAttempt: env.GITHUB_RUN_ATTEMPT || '1',
    workflow: env.GITHUB_WORKFLOW || 'local',
    workflowRef: env.GITHUB_WORKFLOW_REF || '',
    workflowSha: env.GITHUB_WORKFLOW_SHA || '',
    actor: env.GITHUB_ACTOR || 'local',
    actorId: env.GITHUB_ACTOR_ID || '',
    eventName,
    headRef: env.GITHUB_HEAD_REF || '',
    baseRef: env.GITHUB_BASE_REF || '',
    environment: '',
    pullRequestNumber,
    runnerEnvironment: env.RUNNER_ENVIRONMENT || 'self-hosted',
    serverUrl: env.GITHUB_SERVER_URL || 'https://github.com',
  };
}

/** `:` inside a value becomes `%3A`, so the `:`-separated `sub` stays unambiguous. */
export function escapeSubjectValue(value: string): string {
  return value.replaceAll(':', '%3A');
}

/**
 * GitHub's `sub`: `repo:OWNER/REPO:environment:NAME` for a job with an environment,
 * `repo:OWNER/REPO:pull_request` for pull requests, else `repo:OWNER/REPO:ref:<ref>`.
 */
export function githubSubject(ctx: GithubContext): string {
  const repo = `repo:${escapeSubjectValue(ctx.repository)}`;
  if (ctx.environment) return `${repo}:environment:${escapeSubjectValue(ctx.environment)}`;
  if (PULL_REQUEST_EVENTS.has(ctx.eventName)) return `${repo}:pull_request`;
  return `${repo}:ref:${escapeSubjectValue(ctx.ref)}`;
}

/** `pr-<n>/run-<id>-<attempt>` for a pull request, else `run-<id>-<attempt>`. */
export function defaultNamespace(ctx: GithubContext): string {
  const run = `run-${ctx.runId}-${ctx.runAttempt}`;
  return ctx.pullRequestNumber !== undefined ? `pr-${ctx.pullRequestNumber}/${run}` : run;
}

/** The non-registered claims of a GitHub Actions ID token (values are strings, as GitHub's are). */
export function githubShapedClaims(ctx: GithubContext): Record<string, string> {
  const workflowPath =
    ctx.workflowRef || `${ctx.repository}/.github/workflows/${ctx.workflow}.yml@${ctx.ref}`;
  const claims: Record<string, string> = {
    ref: ctx.ref,
    ref_type: ctx.refType,
    sha: ctx.sha,
    repository: ctx.repository,
    repository_owner: ctx.repositoryOwner,
    repository_visibility: 'private',
    run_id: ctx.runId,
    run_number: ctx.runNumber,
    run_attempt: ctx.runAttempt,
    workflow: ctx.workflow,
    workflow_ref: workflowPath,
    workflow_sha: ctx.workflowSha || ctx.sha,
    job_workflow_ref: workflowPath,
    job_workflow_sha: ctx.workflowSha || ctx.sha,
    actor: ctx.actor,
    event_name: ctx.eventName,
    head_ref: ctx.headRef,
    base_ref: ctx.baseRef,
    runner_environment: ctx.runnerEnvironment,
  };
  if (ctx.repositoryId) claims.repository_id = ctx.repositoryId;
  if (ctx.repositoryOwnerId) claims.repository_owner_id = ctx.repositoryOwnerId;
  if (ctx.actorId) claims.actor_id = ctx.actorId;
  if (ctx.environment) claims.environment = ctx.environment;
  return claims;
}
