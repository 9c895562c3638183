// The claims mint-test-oidc would put in a token for a given run, built by the same code
// (githubContextFromEnv, buildTokenTemplate), so "would my policy trust this workflow?" can be
// asked before any token exists.
import { githubContextFromEnv } from '../github-claims.js';
import { buildTokenTemplate } from '../token-template.js';
import type { ClaimsInput } from './explanation.js';

export interface MintedClaimsOptions {
  repository: string;
  ref?: string;
  eventName?: string;
  /** The job's deployment environment: GitHub then writes sub as repo:O/R:environment:NAME. */
  environment?: string;
  audience?: string;
  subject?: string;
  actor?: string;
  workflowRef?: string;
  pullRequestNumber?: number;
  /** Merged over the GitHub-shaped claims, as the action's claims input is. */
  claims?: Record<string, unknown>;
  lifetimeSeconds?: number;
  /** Default: none, so the claims stand in for the policy's own issuer. */
  issuer?: string;
  now?: Date;
}

export function mintedClaims(options: MintedClaimsOptions): ClaimsInput {
  const eventName = options.eventName ?? 'push';
  const ref =
    options.ref ??
    (eventName === 'pull_request' && options.pullRequestNumber
      ? `refs/pull/${options.pullRequestNumber}/merge`
      : 'refs/heads/main');
  const github = {
    ...githubContextFromEnv(
      {
        GITHUB_REPOSITORY: options.repository,
        GITHUB_REF: ref,
        GITHUB_EVENT_NAME: eventName,
        ...(options.actor ? { GITHUB_ACTOR: options.actor } : {}),
        ...(options.workflowRef ? { GITHUB_WORKFLOW_REF: options.workflowRef } : {}),
      },
      options.pullRequestNumber ? { pull_request: { number: options.pullRequestNumber } } : {},
    ),
    environment: options.environment ?? '',
  };
  const lifetimeSeconds = options.lifetimeSeconds ?? 300;
  const template = buildTokenTemplate({
    github,
    audience: options.audience ?? 'runevault',
    lifetimeSeconds,
    ...(options.subject ? { subject: options.subject } : {}),
    ...(options.claims ? { claims: options.claims } : {}),
  });
  const iat = Math.floor((options.now ?? new Date()).getTime() / 1000);
  return {
    claims: {
      ...(options.issuer ? { iss: options.issuer } : {}),
      sub: template.subject,
      aud: template.audience,
      iat,
      nbf: iat,
      exp: iat + lifetimeSeconds,
      ...template.claims,
    },
    source: 'the claims mint-test-oidc would mint for this run (no token: nothing to verify)',
    assumeIssuer: !options.issuer,
  };
}
