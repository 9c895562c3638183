import { describe, expect, it } from 'vitest';
import {
  defaultNamespace,
  escapeSubjectValue,
  githubContextFromEnv,
  githubShapedClaims,
  githubSubject,
} from '../../src/github-claims.js';

const RUN = { GITHUB_REPOSITORY: 'octo/vault', GITHUB_RUN_ID: '4242', GITHUB_RUN_ATTEMPT: '2' };

describe('githubSubject', () => {
  it('pull requests: repo:OWNER/REPO:pull_request', () => {
    const ctx = githubContextFromEnv({
      ...RUN,
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_REF: 'refs/pull/17/merge',
    });
    expect(githubSubject(ctx)).toBe('repo:octo/vault:pull_request');
  });
  it('pushes: repo:OWNER/REPO:ref:<ref>', () => {
    const ctx = githubContextFromEnv({ ...RUN, GITHUB_EVENT_NAME: 'push', GITHUB_REF: 'refs/heads/main' });
    expect(githubSubject(ctx)).toBe('repo:octo/vault:ref:refs/heads/main');
  });
  it('jobs with an environment: repo:OWNER/REPO:environment:<name>', () => {
    const ctx = { ...githubContextFromEnv(RUN), environment: 'prod:eu' };
    expect(githubSubject(ctx)).toBe('repo:octo/vault:environment:prod%3Aeu');
  });
  it('writes : inside values as %3A', () => {
    expect(escapeSubjectValue('refs/heads/feat:x:y')).toBe('refs/heads/feat%3Ax%3Ay');
    const ctx = githubContextFromEnv({ ...RUN, GITHUB_REF: 'refs/heads/a:b' });
    expect(githubSubject(ctx)).toBe('repo:octo/vault:ref:refs/heads/a%3Ab');
  });
});

describe('defaultNamespace', () => {
  it('pr-<n>/run-<id>-<attempt> for a pull request (number from the event payload or the ref)', () => {
    const fromEvent = githubContextFromEnv(
      { ...RUN, GITHUB_EVENT_NAME: 'pull_request' },
      { pull_request: { number: 31 } },
    );
    expect(defaultNamespace(fromEvent)).toBe('pr-31/run-4242-2');
    const fromRef = githubContextFromEnv({
      ...RUN,
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_REF: 'refs/pull/9/merge',
    });
    expect(defaultNamespace(fromRef)).toBe('pr-9/run-4242-2');
  });
  it('run-<id>-<attempt> otherwise', () => {
    expect(defaultNamespace(githubContextFromEnv({ ...RUN, GITHUB_EVENT_NAME: 'push' }))).toBe('run-4242-2');
  });
});

describe('githubShapedClaims', () => {
  it('carries the claims GitHub puts in its ID tokens, as strings', () => {
    const claims = githubShapedClaims(
      githubContextFromEnv({
        ...RUN,
        GITHUB_REF: 'refs/heads/main',
        GITHUB_SHA: 'a'.repeat(40),
        GITHUB_WORKFLOW: 'e2e',
        GITHUB_WORKFLOW_REF: 'octo/vault/.github/workflows/e2e.yml@refs/heads/main',
        GITHUB_ACTOR: 'octocat',
        GITHUB_EVENT_NAME: 'push',
        GITHUB_REPOSITORY_ID: '1',
        GITHUB_REPOSITORY_OWNER_ID: '2',
        GITHUB_ACTOR_ID: '3',
      }),
    );
    expect(claims).toMatchObject({
      repository: 'octo/vault',
      repository_owner: 'octo',
      repository_id: '1',
      repository_owner_id: '2',
      ref: 'refs/heads/main',
      ref_type: 'branch',
      sha: 'a'.repeat(40),
      run_id: '4242',
      run_attempt: '2',
      workflow: 'e2e',
      job_workflow_ref: 'octo/vault/.github/workflows/e2e.yml@refs/heads/main',
      actor: 'octocat',
      actor_id: '3',
      event_name: 'push',
    });
    for (const value of Object.values(claims)) expect(typeof value).toBe('string');
  });
});
