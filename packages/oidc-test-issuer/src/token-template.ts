// What every token of one run says: subject, default audience, lifetime and the claims
// (GitHub-shaped, then namespace, then AWS tags, then the caller's own JSON on top).
import { AWS_TAGS_CLAIM, type AwsTagsClaim } from './aws-tags.js';
import { defaultNamespace, type GithubContext, githubShapedClaims, githubSubject } from './github-claims.js';

export interface TokenTemplate {
  subject: string;
  /** The `aud` of tokens minted without an explicit audience. */
  audience: string;
  lifetimeSeconds: number;
  /** Every claim except iss, sub, aud, iat, nbf, exp and jti, which minting sets. */
  claims: Record<string, unknown>;
}

/** Claims a template may not carry: minting sets them (from issuer, subject, audience, lifetime). */
export const MINTED_CLAIMS: Record<string, string> = {
  iss: 'the issuer input',
  sub: 'the subject input',
  aud: 'the audience input',
  iat: 'the lifetime input',
  nbf: 'the lifetime input',
  exp: 'the lifetime input',
  jti: 'nothing (each token gets a fresh one)',
};

export const MAX_LIFETIME_SECONDS = 24 * 3600;

export class TemplateError extends Error {
  override name = 'TemplateError';
}

export interface TemplateInput {
  github: GithubContext;
  audience: string;
  lifetimeSeconds: number;
  /** Default: GitHub's grammar for this run (githubSubject). */
  subject?: string;
  /** Default: defaultNamespace(github). Also written as the `namespace` claim. */
  namespace?: string;
  awsTags?: AwsTagsClaim;
  /** Merged over the GitHub-shaped claims. */
  claims?: Record<string, unknown>;
}

export function buildTokenTemplate(input: TemplateInput): TokenTemplate {
  const extra = input.claims ?? {};
  const reserved = Object.keys(extra).filter((name) => Object.hasOwn(MINTED_CLAIMS, name));
  if (reserved.length > 0) {
    throw new TemplateError(
      `claims may not set ${reserved.join(', ')}: ${reserved.map((n) => `${n} comes from ${MINTED_CLAIMS[n]}`).join('; ')}`,
    );
  }
  if (!Number.isInteger(input.lifetimeSeconds) || input.lifetimeSeconds < 1) {
    throw new TemplateError(`lifetime must be at least 1 second, got ${input.lifetimeSeconds}`);
  }
  if (input.lifetimeSeconds > MAX_LIFETIME_SECONDS) {
    throw new TemplateError(
      `lifetime must be at most 24h (${MAX_LIFETIME_SECONDS}s), got ${input.lifetimeSeconds}s`,
    );
  }
  if (input.audience.trim() === '') throw new TemplateError('audience must not be empty');
  const namespace = input.namespace || defaultNamespace(input.github);
  return {
    subject: input.subject || githubSubject(input.github),
    audience: input.audience,
    lifetimeSeconds: input.lifetimeSeconds,
    claims: {
      ...githubShapedClaims(input.github),
      namespace,
      ...(input.awsTags ? { [AWS_TAGS_CLAIM]: input.awsTags } : {}),
      ...extra,
    },
  };
}

const DURATION = /^(\d+)(ms|s|m|h)?$/;

/** "300s", "5m", "1h" or a bare number of seconds → seconds; undefined when not a duration. */
export function parseLifetimeSeconds(text: string): number | undefined {
  const match = DURATION.exec(text.trim());
  if (!match) return undefined;
  const amount = Number(match[1]);
  const unit = match[2] ?? 's';
  if (unit === 'ms') return amount % 1000 === 0 ? amount / 1000 : undefined;
  return amount * { s: 1, m: 60, h: 3600 }[unit as 's' | 'm' | 'h'];
}
