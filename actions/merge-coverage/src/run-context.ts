// The run's event and names, read as @actions/github's `context` reads them (GITHUB_EVENT_PATH,
// GITHUB_EVENT_NAME, GITHUB_SHA, GITHUB_REPOSITORY) but without importing @actions/github: its
// Octokit and undici are most of the bundle, and a merge that posts no comment needs neither
// (the comment's client loads them when it is used, see gitHubCommentsClient).
import { existsSync, readFileSync } from 'node:fs';

interface EventPayload {
  pull_request?: { number?: number; base?: { sha?: unknown; ref?: unknown }; head?: { sha?: unknown } };
  issue?: { number?: number; pull_request?: unknown };
  repository?: { name?: string; owner?: { login?: string } };
  [key: string]: unknown;
}

export interface RunContext {
  payload: EventPayload;
  eventName: string | undefined;
  sha: string | undefined;
}

let current: RunContext | undefined;

/** Read once, on first use (as @actions/github reads it once, on import). */
export function runContext(env: NodeJS.ProcessEnv = process.env): RunContext {
  if (current) return current;
  let payload: EventPayload = {};
  const path = env.GITHUB_EVENT_PATH;
  if (path) {
    if (existsSync(path)) payload = JSON.parse(readFileSync(path, 'utf8')) as EventPayload;
    else process.stdout.write(`GITHUB_EVENT_PATH ${path} does not exist\n`);
  }
  current = { payload, eventName: env.GITHUB_EVENT_NAME, sha: env.GITHUB_SHA };
  return current;
}

/** owner and name of this repository: GITHUB_REPOSITORY, else the event's repository. */
export function runRepository(env: NodeJS.ProcessEnv = process.env): { owner: string; repo: string } {
  if (env.GITHUB_REPOSITORY) {
    const [owner = '', repo = ''] = env.GITHUB_REPOSITORY.split('/');
    return { owner, repo };
  }
  const repository = runContext(env).payload.repository;
  if (repository?.owner?.login && repository.name)
    return { owner: repository.owner.login, repo: repository.name };
  throw new Error("the repository is unknown: GITHUB_REPOSITORY is not set (expected 'owner/repo')");
}
