// What an explanation says: one check per condition (key, operator, expected, actual, result)
// and the verdict with its first reason. Every policy kind produces this one shape, and the
// renderers (text, Markdown, JSON) know nothing about policy kinds.

export type PolicyKind = 'aws-trust-policy' | 'jwt-role' | 'runevault-provider';

export const POLICY_KIND_TITLES: Record<PolicyKind, string> = {
  'aws-trust-policy': 'AWS IAM role trust policy',
  'jwt-role': 'Vault-style JWT role',
  'runevault-provider': 'runevault oidc provider',
};

export type Verdict = 'allowed' | 'denied';

/**
 * pass/fail: evaluated. unknown: cannot be decided offline (the signature, an aws: key).
 * assumed: taken as holding because the input is a stand-in (test-issuer claims).
 */
export type CheckResult = 'pass' | 'fail' | 'unknown' | 'assumed';

export interface Check {
  /** Where in the policy: `Statement[0]`, `provider "ci"`, `role`. */
  at: string;
  /** The condition key (or policy field) as the policy writes it. */
  key: string;
  /** The token claim the key reads, when it reads one. */
  claim?: string;
  operator: string;
  expected: string[];
  /** The token's values; undefined when the claim is missing. */
  actual: string[] | undefined;
  result: CheckResult;
  /** What the verifier answers when this check fails (runevault: the refusal reason). */
  code?: string;
  /** Why it failed, when a usual mistake explains it. */
  hint?: string;
}

export interface Explanation {
  kind: PolicyKind;
  /** What was explained: the file, the statement count or provider name. */
  policy: string;
  verdict: Verdict;
  /** The first reason for the verdict, already made printable. */
  reason: string;
  checks: Check[];
  /** Usual mistakes in the policy that hold whatever the token says. */
  warnings: string[];
  /** How the input was read (e.g. decoded without verifying the signature). */
  notes: string[];
}

/** A policy or token the explainer cannot read: one line naming where and what to do. */
export class ExplainError extends Error {
  override name = 'ExplainError';
}

/** What is explained: the claims, and the JWT's header and size when a token was given. */
export interface ClaimsInput {
  claims: Record<string, unknown>;
  token?: { header: Record<string, unknown>; bytes: number };
  /** How the claims were obtained, for the notes. */
  source: string;
  /**
   * The claims stand in for a token of the policy's own issuer (mint-test-oidc's local mode,
   * a claims file without iss): the issuer check is reported as assumed, not failed.
   */
  assumeIssuer?: boolean;
}

export interface ExplainOptions {
  now?: Date;
  /** runevault.conf with several providers: the one to explain. */
  provider?: string;
}

/** A claim's value as the strings conditions compare; undefined when missing or not scalar(s). */
export function claimStrings(value: unknown): string[] | undefined {
  const scalar = (v: unknown) =>
    typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
  if (Array.isArray(value)) {
    const strings = value.map(scalar);
    return strings.every((s) => s !== undefined) ? (strings as string[]) : undefined;
  }
  const single = scalar(value);
  return single === undefined ? undefined : [single];
}

/** The verdict from checks in the order the verifier makes them: the first failure decides. */
export function firstFailure(checks: readonly Check[]): Check | undefined {
  return checks.find((check) => check.result === 'fail');
}
