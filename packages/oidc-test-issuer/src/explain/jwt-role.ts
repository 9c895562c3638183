// A HashiCorp Vault JWT auth role (what `vault read auth/jwt/role/NAME` shows), evaluated in
// the order Vault's login checks it: bound issuer (from the auth config, if given), audiences,
// subject, bound_claims, then the user claim. Semantics from Vault's JWT auth API docs
// (https://developer.hashicorp.com/vault/api-docs/auth/jwt): bound_audiences must match one
// aud exactly (required when the token has aud, since Vault 1.17); bound_subject is exact;
// each bound claim must be present and one of its values match one of the claim's values
// (`bound_claims_type: glob` makes `*` a wildcard); a string with commas is a list unless
// disable_bound_claims_parsing. Keys starting with `/` are JSON pointers into the claims.
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

const MAX_BOUND_CLAIMS = 200;
const MAX_VALUE_LENGTH = 2_048;

export interface JwtRole {
  kind: 'jwt-role';
  label: string;
  boundIssuer: string | undefined;
  boundAudiences: string[];
  boundSubject: string | undefined;
  boundClaims: [string, string[]][];
  glob: boolean;
  userClaim: string | undefined;
}

export const JWT_ROLE_FIELDS = [
  'bound_audiences',
  'bound_claims',
  'bound_subject',
  'user_claim',
  'role_type',
];

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function values(raw: unknown, where: string, label: string, splitCommas: boolean): string[] {
  const list = Array.isArray(raw)
    ? raw
    : typeof raw === 'string' && splitCommas
      ? raw.split(',').map((s) => s.trim())
      : [raw];
  return list.map((item) => {
    if (typeof item !== 'string' && typeof item !== 'number' && typeof item !== 'boolean') {
      throw new ExplainError(`${label}: ${where} must be a string, a number or a list of them`);
    }
    const text = String(item);
    if (text.length > MAX_VALUE_LENGTH)
      throw new ExplainError(`${label}: ${where} has a value longer than ${MAX_VALUE_LENGTH} characters`);
    return text;
  });
}

export function parseJwtRole(document: Record<string, unknown>, label: string): JwtRole {
  // `vault read -format=json` wraps the role in {"data": {...}}.
  const role = isObject(document.data) ? document.data : document;
  const type = role.bound_claims_type ?? 'string';
  if (type !== 'string' && type !== 'glob') {
    throw new ExplainError(
      `${label}: bound_claims_type must be "string" or "glob", got ${quoteInput(String(type))}`,
    );
  }
  const boundClaims = role.bound_claims ?? {};
  if (!isObject(boundClaims))
    throw new ExplainError(`${label}: bound_claims must be an object of claim to value(s)`);
  const entries = Object.entries(boundClaims);
  if (entries.length > MAX_BOUND_CLAIMS)
    throw new ExplainError(`${label}: more than ${MAX_BOUND_CLAIMS} bound_claims`);
  const splitCommas = role.disable_bound_claims_parsing !== true;
  const optionalString = (key: string): string | undefined => {
    const value = role[key];
    if (value === undefined || value === '') return undefined;
    if (typeof value !== 'string') throw new ExplainError(`${label}: ${key} must be a string`);
    return value;
  };
  return {
    kind: 'jwt-role',
    label,
    boundIssuer: optionalString('bound_issuer'),
    boundAudiences:
      role.bound_audiences === undefined ? [] : values(role.bound_audiences, 'bound_audiences', label, true),
    boundSubject: optionalString('bound_subject'),
    boundClaims: entries.map(([claim, raw]) => [
      claim,
      values(raw, `bound_claims[${quoteInput(claim)}]`, label, splitCommas),
    ]),
    glob: type === 'glob',
    userClaim: optionalString('user_claim'),
  };
}

/** A claim by name, or by JSON pointer (`/a/b`, RFC 6901) as Vault reads bound_claims keys. */
function claimAt(claims: Record<string, unknown>, key: string): unknown {
  if (!key.startsWith('/')) return Object.hasOwn(claims, key) ? claims[key] : undefined;
  let node: unknown = claims;
  for (const part of key.slice(1).split('/')) {
    const name = part.replaceAll('~1', '/').replaceAll('~0', '~');
    if (Array.isArray(node) && /^(0|[1-9]\d*)$/.test(name)) node = node[Number(name)];
    else if (isObject(node) && Object.hasOwn(node, name)) node = node[name];
    else return undefined;
  }
  return node;
}

export function explainJwtRole(role: JwtRole, input: ClaimsInput): Explanation {
  const { claims } = input;
  const at = 'role';
  const checks: Check[] = [];
  const warnings: string[] = [];
  const exact = (e: string, a: string) => e === a;
  const matchOf = role.glob
    ? (e: string, a: string) => wildcardMatches(e, a, { singleCharacter: false })
    : exact;

  if (role.boundIssuer !== undefined) {
    const iss = claimStrings(claims.iss);
    checks.push({
      at: 'auth config',
      key: 'bound_issuer',
      claim: 'iss',
      operator: 'equals',
      expected: [role.boundIssuer],
      actual: iss,
      result: input.assumeIssuer ? 'assumed' : iss?.includes(role.boundIssuer) ? 'pass' : 'fail',
    });
  }
  const aud = claimStrings(claims.aud);
  if (role.boundAudiences.length > 0) {
    const pass = aud?.some((a) => role.boundAudiences.includes(a)) ?? false;
    checks.push({
      at,
      key: 'bound_audiences',
      claim: 'aud',
      operator: 'any equals',
      expected: role.boundAudiences,
      actual: aud,
      result: pass ? 'pass' : 'fail',
      ...(pass || !aud ? {} : { hint: caseOnlyHint(role.boundAudiences, aud, exact) }),
    });
  } else if (aud !== undefined) {
    checks.push({
      at,
      key: 'bound_audiences',
      claim: 'aud',
      operator: 'any equals',
      expected: [],
      actual: aud,
      result: 'fail',
      hint: 'the token has aud, and Vault 1.17+ then requires bound_audiences on the role',
    });
  }
  if (role.boundSubject !== undefined) {
    const sub = claimStrings(claims.sub);
    const pass = sub?.[0] === role.boundSubject;
    checks.push({
      at,
      key: 'bound_subject',
      claim: 'sub',
      operator: 'equals',
      expected: [role.boundSubject],
      actual: sub,
      result: pass ? 'pass' : 'fail',
      ...(pass || !sub
        ? {}
        : {
            hint:
              caseOnlyHint([role.boundSubject], sub, exact) ??
              subjectShapeHint([role.boundSubject], sub[0] ?? ''),
          }),
    });
  }
  for (const [key, expected] of role.boundClaims) {
    const raw = claimAt(claims, key);
    const actual = raw === undefined ? undefined : claimStrings(raw);
    const pass = actual?.some((a) => expected.some((e) => matchOf(e, a))) ?? false;
    const check: Check = {
      at,
      key: `bound_claims[${key}]`,
      claim: key,
      operator: role.glob ? 'glob' : 'equals',
      expected,
      actual,
      result: pass ? 'pass' : 'fail',
    };
    if (!pass) {
      check.hint =
        actual === undefined
          ? raw === undefined
            ? `claim ${quoteInput(key)} is missing from the token`
            : `claim ${quoteInput(key)} is not a string, number or list of them`
          : (caseOnlyHint(expected, actual, matchOf) ??
            (key === 'sub' ? subjectShapeHint(expected, actual[0] ?? '') : undefined) ??
            (!role.glob && expected.some((e) => e.includes('*'))
              ? 'bound_claims_type is string, so * is literal; set bound_claims_type: glob'
              : undefined));
    }
    checks.push(check);
  }
  if (role.userClaim !== undefined) {
    const value = claimAt(claims, role.userClaim);
    const ok = typeof value === 'string' || typeof value === 'number';
    checks.push({
      at,
      key: 'user_claim',
      claim: role.userClaim,
      operator: 'present',
      expected: [role.userClaim],
      actual: ok ? [String(value)] : undefined,
      result: ok ? 'pass' : 'fail',
      ...(ok
        ? {}
        : { hint: `the token has no string claim ${quoteInput(role.userClaim)} to name the user by` }),
    });
  } else {
    warnings.push('the role has no user_claim; Vault requires one (e.g. user_claim: sub)');
  }
  if (role.boundSubject === undefined && role.boundClaims.length === 0) {
    warnings.push(
      'the role binds neither bound_subject nor bound_claims: any token for its audience logs in',
    );
  }
  const failed = firstFailure(checks);
  return {
    kind: role.kind,
    policy: role.label,
    verdict: failed ? 'denied' : 'allowed',
    reason: failed
      ? failed.key.startsWith('bound_claims[')
        ? `claim ${quoteInput(failed.claim ?? '')} does not match any associated bound claim values (Vault's words)`
        : `${failed.key} does not match (${failed.actual ? failed.actual.map(quoteInput).join(', ') : 'missing'})`
      : 'every bound value matches',
    checks,
    warnings,
    notes: [],
  };
}
