// A runevault `oidc:` provider (runevault.conf, see packages/vault/src/config/load-config.ts),
// evaluated in the order the vault's verifyProviderJwt checks a token
// (packages/vault/src/oidc/verify-provider-jwt.ts), each failure named by the reason the vault
// answers, so "Token exchange rejected by provider 'ci': bound_claim_mismatch:repository" can be
// looked up here. The signature and the JWKS cannot be checked offline; they are reported as such.
import { quoteInput } from '../../../../actions/common/src/log-safe.js';
import {
  type Check,
  type ClaimsInput,
  claimStrings,
  ExplainError,
  type Explanation,
  firstFailure,
} from './explanation.js';
import { caseOnlyHint, subjectShapeHint } from './subject-hints.js';
import { wildcardMatches } from './wildcard.js';

// The vault's own limits and defaults (packages/vault/src/protocol/exchange-limits.ts, load-config.ts);
// runevault-agreement.test.ts checks this file against the vault's real verifier.
export const RUNEVAULT_MAX_JWT_BYTES = 16 * 1024;
export const RUNEVAULT_CLOCK_TOLERANCE_SECONDS = 60;
const DEFAULT_ALGORITHMS = ['RS256'];
const DEFAULT_MAX_TOKEN_AGE_SECONDS = 3600;
const NEVER_ALLOWED = /^(none|HS\d+)$/i;
const DURATION = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;

export interface RunevaultProvider {
  kind: 'runevault-provider';
  label: string;
  name: string;
  issuer: string;
  audiences: string[];
  algorithms: string[];
  boundClaims: [string, string][];
  userClaim: string;
  maxTokenAgeSeconds: number;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function durationSeconds(raw: unknown): number | undefined {
  if (typeof raw === 'number') return Number.isInteger(raw) && raw >= 0 ? raw : undefined;
  if (typeof raw !== 'string' || raw.trim() === '') return undefined;
  const match = DURATION.exec(raw.trim());
  if (!match) return /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : undefined;
  const [, h = '0', m = '0', s = '0'] = match;
  return Number(h) * 3600 + Number(m) * 60 + Number(s);
}

function parseProvider(entry: unknown, at: string, label: string): RunevaultProvider {
  if (!isObject(entry)) throw new ExplainError(`${label}: ${at} must be a mapping`);
  const where = (key: string) => `${label}: ${at}.${key}`;
  const string = (key: string, fallback?: string): string => {
    const value = entry[key] ?? fallback;
    if (typeof value !== 'string' || value === '')
      throw new ExplainError(`${where(key)} is required and must be a string`);
    return value;
  };
  const list = (key: string, fallback?: string[]): string[] => {
    const value = entry[key] ?? fallback;
    if (!Array.isArray(value) || value.length === 0 || !value.every((v) => typeof v === 'string')) {
      throw new ExplainError(`${where(key)} must be a non-empty list of strings`);
    }
    return value as string[];
  };
  const bound = entry.bound_claims ?? {};
  if (!isObject(bound)) throw new ExplainError(`${where('bound_claims')} must be a mapping of claim to glob`);
  const boundClaims = Object.entries(bound).map(([claim, glob]): [string, string] => {
    if (typeof glob !== 'string') {
      throw new ExplainError(
        `${where('bound_claims')}[${quoteInput(claim)}] must be one glob string (runevault takes one pattern per claim; use * for alternatives)`,
      );
    }
    return [claim, glob];
  });
  const maxAge =
    entry.max_token_age === undefined ? DEFAULT_MAX_TOKEN_AGE_SECONDS : durationSeconds(entry.max_token_age);
  if (maxAge === undefined || maxAge < 1)
    throw new ExplainError(`${where('max_token_age')} must be a duration such as 1h`);
  return {
    kind: 'runevault-provider',
    label,
    name: string('name', 'provider'),
    issuer: string('issuer'),
    audiences: list('audiences'),
    algorithms: list('algorithms', DEFAULT_ALGORITHMS),
    boundClaims,
    userClaim: string('user_claim', 'sub'),
    maxTokenAgeSeconds: maxAge,
  };
}

/** A whole runevault.conf (pick `provider` by name, or its only one) or one provider mapping. */
export function parseRunevaultProvider(
  document: Record<string, unknown>,
  label: string,
  wanted?: string,
): RunevaultProvider {
  if (!isObject(document.oidc)) return parseProvider(document, 'provider', label);
  const providers = document.oidc.providers;
  if (!Array.isArray(providers) || providers.length === 0) {
    throw new ExplainError(`${label}: oidc.providers is missing or empty`);
  }
  const parsed = providers.slice(0, 100).map((p, i) => parseProvider(p, `oidc.providers[${i}]`, label));
  if (wanted === undefined || wanted === '') {
    if (parsed.length === 1) return parsed[0] as RunevaultProvider;
    throw new ExplainError(
      `${label} has ${parsed.length} oidc providers (${parsed.map((p) => quoteInput(p.name)).join(', ')}); name one with --provider (action: explain-provider)`,
    );
  }
  const found = parsed.find((p) => p.name === wanted);
  if (!found) {
    throw new ExplainError(
      `${label} has no oidc provider ${quoteInput(wanted)}; it has ${parsed.map((p) => quoteInput(p.name)).join(', ')}`,
    );
  }
  return found;
}

export function explainRunevaultProvider(
  provider: RunevaultProvider,
  input: ClaimsInput,
  now: Date,
): Explanation {
  const { claims } = input;
  const at = `provider ${quoteInput(provider.name)}`;
  const checks: Check[] = [];
  const add = (check: Omit<Check, 'at'>) => checks.push({ at, ...check });
  const present = (claim: string) => Object.hasOwn(claims, claim);

  if (input.token) {
    add({
      key: 'size',
      operator: 'at most',
      expected: [`${RUNEVAULT_MAX_JWT_BYTES} bytes`],
      actual: [`${input.token.bytes} bytes`],
      result: input.token.bytes <= RUNEVAULT_MAX_JWT_BYTES ? 'pass' : 'fail',
      code: 'token_too_large',
    });
    const alg = typeof input.token.header.alg === 'string' ? input.token.header.alg : undefined;
    const allowed = alg !== undefined && !NEVER_ALLOWED.test(alg) && provider.algorithms.includes(alg);
    add({
      key: 'algorithms',
      claim: 'alg (header)',
      operator: 'one of',
      expected: provider.algorithms,
      actual: alg === undefined ? undefined : [alg],
      result: allowed ? 'pass' : 'fail',
      code: alg === undefined ? 'malformed' : `alg_not_allowed:${alg}`,
      ...(alg && NEVER_ALLOWED.test(alg)
        ? { hint: 'none and HS* are never accepted, whatever the config says' }
        : {}),
    });
    add({
      key: 'jwks',
      claim: 'kid (header)',
      operator: 'signature verifies',
      expected: ['a key of the provider JWKS'],
      actual: typeof input.token.header.kid === 'string' ? [input.token.header.kid] : undefined,
      result: 'unknown',
      code: 'bad_signature',
      hint: 'not checked offline: the vault verifies it with jwks_file / jwks_uri',
    });
  }
  // jose's order: presence of iss, aud, iat, sub, exp; then iss, aud; then the times.
  for (const claim of ['iss', 'aud', 'iat', 'sub', 'exp']) {
    if (!present(claim)) {
      add({
        key: 'required claims',
        claim,
        operator: 'present',
        expected: [claim],
        actual: undefined,
        result: 'fail',
        code: `missing_claim:${claim}`,
      });
    }
  }
  const iss = claimStrings(claims.iss);
  if (iss) {
    add({
      key: 'issuer',
      claim: 'iss',
      operator: 'equals',
      expected: [provider.issuer],
      actual: iss,
      result: input.assumeIssuer
        ? 'assumed'
        : iss[0] === provider.issuer && iss.length === 1
          ? 'pass'
          : 'fail',
      code: 'wrong_issuer',
      ...(input.assumeIssuer
        ? { hint: 'claims of a test issuer, read as if the provider had issued them' }
        : {}),
    });
  }
  const aud = claimStrings(claims.aud);
  if (aud) {
    const pass = aud.some((a) => provider.audiences.includes(a));
    add({
      key: 'audiences',
      claim: 'aud',
      operator: 'any equals',
      expected: provider.audiences,
      actual: aud,
      result: pass ? 'pass' : 'fail',
      code: 'wrong_audience',
      ...(pass ? {} : { hint: caseOnlyHint(provider.audiences, aud, (e, a) => e === a) }),
    });
  }
  timeChecks(provider, claims, now, add);
  const user = claims[provider.userClaim];
  const userOk = (typeof user === 'string' && user !== '') || typeof user === 'number';
  add({
    key: 'user_claim',
    claim: provider.userClaim,
    operator: 'present',
    expected: [provider.userClaim],
    actual: userOk ? [String(user)] : undefined,
    result: userOk ? 'pass' : 'fail',
    code: user === undefined ? `missing_claim:${provider.userClaim}` : `invalid_claim:${provider.userClaim}`,
  });
  for (const [claim, glob] of provider.boundClaims) {
    const actual = present(claim) ? claimStrings(claims[claim]) : undefined;
    const matches = (e: string, a: string) => wildcardMatches(e, a, { singleCharacter: false });
    const pass = actual?.some((value) => matches(glob, value)) ?? false;
    add({
      key: `bound_claims[${claim}]`,
      claim,
      operator: 'glob',
      expected: [glob],
      actual,
      result: pass ? 'pass' : 'fail',
      code: `bound_claim_mismatch:${claim}`,
      ...(pass
        ? {}
        : {
            hint:
              actual === undefined
                ? `the token has no ${quoteInput(claim)} claim (or it is not a string, number or list of them)`
                : (caseOnlyHint([glob], actual, matches) ??
                  (claim === 'sub' ? subjectShapeHint([glob], actual[0] ?? '') : undefined)),
          }),
    });
  }
  const warnings: string[] = [];
  if (provider.boundClaims.length === 0) {
    warnings.push(
      `provider ${quoteInput(provider.name)} has no bound_claims: any token from its issuer for its audiences is accepted`,
    );
  }
  const failed = firstFailure(checks);
  return {
    kind: provider.kind,
    policy: provider.label,
    verdict: failed ? 'denied' : 'allowed',
    reason: failed
      ? `Token exchange rejected by provider ${quoteInput(provider.name)}: ${failed.code}`
      : 'every check the vault makes offline passes (the signature and role are checked by the vault)',
    checks,
    warnings,
    notes: [
      'runevault also refuses replays, unknown roles and over-limit subjects; those depend on the vault state',
    ],
  };
}

function timeChecks(
  provider: RunevaultProvider,
  claims: Record<string, unknown>,
  now: Date,
  add: (check: Omit<Check, 'at'>) => void,
): void {
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const tolerance = RUNEVAULT_CLOCK_TOLERANCE_SECONDS;
  const time = (claim: string) => claims[claim];
  for (const claim of ['iat', 'nbf', 'exp']) {
    const value = time(claim);
    if (value !== undefined && typeof value !== 'number') {
      add({
        key: 'times',
        claim,
        operator: 'is a number',
        expected: ['NumericDate'],
        actual: claimStrings(value),
        result: 'fail',
        code: `invalid_claim:${claim}`,
      });
      return;
    }
  }
  const iso = (seconds: number) => new Date(seconds * 1000).toISOString();
  const nbf = time('nbf') as number | undefined;
  if (nbf !== undefined) {
    add({
      key: 'times',
      claim: 'nbf',
      operator: 'not after now + 60 s',
      expected: [iso(nowSeconds + tolerance)],
      actual: [iso(nbf)],
      result: nbf > nowSeconds + tolerance ? 'fail' : 'pass',
      code: 'not_yet_valid',
    });
  }
  const exp = time('exp') as number | undefined;
  if (exp !== undefined) {
    add({
      key: 'times',
      claim: 'exp',
      operator: 'after now - 60 s',
      expected: [iso(nowSeconds - tolerance)],
      actual: [iso(exp)],
      result: exp <= nowSeconds - tolerance ? 'fail' : 'pass',
      code: 'expired',
    });
  }
  const iat = time('iat') as number | undefined;
  if (iat !== undefined) {
    const age = nowSeconds - iat;
    add({
      key: 'max_token_age',
      claim: 'iat',
      operator: `within ${provider.maxTokenAgeSeconds} s (+60 s)`,
      expected: [iso(nowSeconds - provider.maxTokenAgeSeconds - tolerance)],
      actual: [iso(iat)],
      result: age - tolerance > provider.maxTokenAgeSeconds ? 'fail' : 'pass',
      code: 'token_too_old',
    });
    if (age < -tolerance) {
      add({
        key: 'times',
        claim: 'iat',
        operator: 'not after now + 60 s',
        expected: [iso(nowSeconds + tolerance)],
        actual: [iso(iat)],
        result: 'fail',
        code: 'not_yet_valid',
      });
    }
  }
}
