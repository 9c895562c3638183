// An AWS IAM role trust policy, evaluated against an OIDC token's claims the way STS's
// AssumeRoleWithWebIdentity would: statements whose Federated principal is the token's issuer
// and whose Action covers sts:AssumeRoleWithWebIdentity apply; within one, every operator and
// every key must hold (AND) and the values listed under one key are alternatives (OR); any
// matching Deny refuses, else any matching Allow allows. Semantics from the IAM User Guide
// ("Condition operators", "Single-valued vs. multivalued context keys"):
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
import { quoteInput } from '../../../../actions/common/src/log-safe.js';
import { type Check, type ClaimsInput, claimStrings, ExplainError, type Explanation } from './explanation.js';
import { caseOnlyHint, literalWildcardHint, subjectShapeHint } from './subject-hints.js';
import { wildcardMatches } from './wildcard.js';

const WEB_IDENTITY_ACTION = 'sts:AssumeRoleWithWebIdentity';
const GITHUB_PROVIDER = 'token.actions.githubusercontent.com';
const MAX_STATEMENTS = 100;
const MAX_VALUES = 1_000;
const MAX_VALUE_LENGTH = 2_048;
const OIDC_PROVIDER_ARN = /^arn:aws[a-z-]*:iam::\d{12}:oidc-provider\/(.+)$/;

type SetOperator = 'ForAnyValue' | 'ForAllValues' | undefined;

interface Condition {
  /** The operator as written, e.g. ForAnyValue:StringLike. */
  operator: string;
  base: string;
  set: SetOperator;
  ifExists: boolean;
  key: string;
  values: string[];
}

interface Statement {
  at: string;
  effect: 'Allow' | 'Deny';
  /** Provider paths (host[/path]) of the Federated principal; undefined when the principal is not Federated. */
  providers: string[] | undefined;
  actions: string[] | undefined;
  notActions: string[] | undefined;
  conditions: Condition[];
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function stringList(value: unknown, at: string, label: string): string[] {
  const list = Array.isArray(value) ? value : [value];
  if (list.length > MAX_VALUES)
    throw new ExplainError(`${label}: ${at} lists more than ${MAX_VALUES} values`);
  return list.map((item, i) => {
    if (typeof item !== 'string' && typeof item !== 'number' && typeof item !== 'boolean') {
      throw new ExplainError(
        `${label}: ${at}${Array.isArray(value) ? `[${i}]` : ''} must be a string or a list of strings`,
      );
    }
    const text = String(item);
    if (text.length > MAX_VALUE_LENGTH) {
      throw new ExplainError(`${label}: ${at} has a value longer than ${MAX_VALUE_LENGTH} characters`);
    }
    return text;
  });
}

const SET_PREFIX = /^(ForAnyValue|ForAllValues):/;

function parseCondition(block: unknown, at: string, label: string): Condition[] {
  if (block === undefined) return [];
  if (!isObject(block)) throw new ExplainError(`${label}: ${at}.Condition must be an object of operators`);
  return Object.entries(block).flatMap(([operator, keys]) => {
    const where = `${at}.Condition[${quoteInput(operator)}]`;
    if (!isObject(keys))
      throw new ExplainError(`${label}: ${where} must be an object of condition keys to values`);
    const set = SET_PREFIX.exec(operator)?.[1] as SetOperator;
    let base = operator.replace(SET_PREFIX, '');
    const ifExists = base.endsWith('IfExists');
    if (ifExists) base = base.slice(0, -'IfExists'.length);
    return Object.entries(keys).map(([key, values]) => ({
      operator,
      base,
      set,
      ifExists,
      key,
      values: stringList(values, `${where}[${quoteInput(key)}]`, label),
    }));
  });
}

function parseStatement(raw: unknown, index: number, label: string): Statement {
  const at = `Statement[${index}]`;
  if (!isObject(raw)) throw new ExplainError(`${label}: ${at} must be an object`);
  if (raw.Effect !== 'Allow' && raw.Effect !== 'Deny') {
    throw new ExplainError(`${label}: ${at}.Effect must be "Allow" or "Deny"`);
  }
  let providers: string[] | undefined;
  if (isObject(raw.Principal) && raw.Principal.Federated !== undefined) {
    providers = stringList(raw.Principal.Federated, `${at}.Principal.Federated`, label).map(
      (arn) => OIDC_PROVIDER_ARN.exec(arn)?.[1] ?? arn,
    );
  } else if (raw.Principal === undefined && raw.NotPrincipal === undefined) {
    throw new ExplainError(`${label}: ${at} has no Principal; a trust policy names who may assume the role`);
  }
  if (raw.Action === undefined && raw.NotAction === undefined) {
    throw new ExplainError(`${label}: ${at} has no Action; use "${WEB_IDENTITY_ACTION}"`);
  }
  return {
    at,
    effect: raw.Effect,
    providers,
    actions: raw.Action === undefined ? undefined : stringList(raw.Action, `${at}.Action`, label),
    notActions: raw.NotAction === undefined ? undefined : stringList(raw.NotAction, `${at}.NotAction`, label),
    conditions: parseCondition(raw.Condition, at, label),
  };
}

export interface AwsTrustPolicy {
  kind: 'aws-trust-policy';
  label: string;
  statements: Statement[];
}

export function parseAwsTrustPolicy(document: Record<string, unknown>, label: string): AwsTrustPolicy {
  const raw = document.Statement;
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  if (list.length === 0) throw new ExplainError(`${label}: Statement is missing or empty`);
  if (list.length > MAX_STATEMENTS)
    throw new ExplainError(`${label}: more than ${MAX_STATEMENTS} statements`);
  return { kind: 'aws-trust-policy', label, statements: list.map((s, i) => parseStatement(s, i, label)) };
}

/** host[/path] of an issuer URL, as IAM names its OIDC provider. */
function providerPath(issuer: string): string {
  return issuer
    .replace(/^https:\/\//i, '')
    .replace(/\/+$/, '')
    .toLowerCase();
}

/** The claim a condition key reads (`<provider>:<claim>`, key names being case-insensitive). */
function claimForKey(key: string, provider: string, claims: Record<string, unknown>): string | undefined {
  const lower = key.toLowerCase();
  if (!lower.startsWith(`${provider.toLowerCase()}:`)) return undefined;
  const name = key.slice(provider.length + 1);
  return Object.hasOwn(claims, name)
    ? name
    : (Object.keys(claims).find((claim) => claim.toLowerCase() === name.toLowerCase()) ?? name);
}

type Matcher = (expected: string, actual: string) => boolean;
const STRING_MATCHERS: Record<string, { match: Matcher; negated: boolean }> = {
  StringEquals: { match: (e, a) => e === a, negated: false },
  StringNotEquals: { match: (e, a) => e === a, negated: true },
  StringEqualsIgnoreCase: { match: (e, a) => e.toLowerCase() === a.toLowerCase(), negated: false },
  StringNotEqualsIgnoreCase: { match: (e, a) => e.toLowerCase() === a.toLowerCase(), negated: true },
  StringLike: { match: (e, a) => wildcardMatches(e, a, { singleCharacter: true }), negated: false },
  StringNotLike: { match: (e, a) => wildcardMatches(e, a, { singleCharacter: true }), negated: true },
  Bool: { match: (e, a) => e.toLowerCase() === a.toLowerCase(), negated: false },
};

// The claims GitHub's tokens carry one value of; a set operator on them is a mistake (AWS:
// "Do not use ForAllValues or ForAnyValue with single-valued context keys").
function isSingleValued(claim: string, value: unknown): boolean {
  return claim !== 'aud' && !Array.isArray(value);
}

function evaluateCondition(
  condition: Condition,
  at: string,
  provider: string | undefined,
  claims: Record<string, unknown>,
  warnings: string[],
): Check {
  const claim = provider ? claimForKey(condition.key, provider, claims) : undefined;
  const check: Check = {
    at,
    key: condition.key,
    operator: condition.operator,
    expected: condition.values,
    actual: undefined,
    result: 'unknown',
  };
  if (claim === undefined) {
    check.hint = `not a claim of this token's provider (${quoteInput(provider ?? '?')}); the explainer cannot evaluate it offline and assumes it holds`;
    return check;
  }
  check.claim = claim;
  const raw = claims[claim];
  const actual = raw === undefined ? undefined : claimStrings(raw);
  check.actual = actual;
  if (raw !== undefined && actual === undefined) {
    check.result = 'fail';
    check.hint = `claim ${quoteInput(claim)} is not a string or a list of strings`;
    return check;
  }
  if (condition.base === 'Null') {
    const wantsMissing = condition.values.some((v) => v.toLowerCase() === 'true');
    check.result = (actual === undefined) === wantsMissing ? 'pass' : 'fail';
    return check;
  }
  const matcher = STRING_MATCHERS[condition.base];
  if (!matcher) {
    check.hint = `operator ${quoteInput(condition.operator)} is not evaluated offline; assumed to hold`;
    return check;
  }
  if (condition.set === 'ForAllValues' && isSingleValued(claim, raw)) {
    warnings.push(
      `${at}: ForAllValues on ${quoteInput(condition.key)}, a single-valued claim, also holds when the claim is missing (fail open); use ${condition.base} without a set operator`,
    );
  } else if (condition.set === 'ForAnyValue' && isSingleValued(claim, raw)) {
    warnings.push(
      `${at}: ${quoteInput(condition.key)} is single-valued; AWS advises against set operators on it (use ${condition.base})`,
    );
  }
  const matchesAny = (value: string) => condition.values.some((expected) => matcher.match(expected, value));
  const holds = (value: string) => (matcher.negated ? !matchesAny(value) : matchesAny(value));
  let pass: boolean;
  if (actual === undefined) {
    // A missing key: false for positive operators, true for negated ones; IfExists and
    // ForAllValues hold (the latter is why it fails open on an Allow).
    pass = condition.ifExists || condition.set === 'ForAllValues' || (matcher.negated && !condition.set);
  } else if (condition.set === 'ForAllValues') {
    pass = actual.every(holds);
  } else if (condition.set === 'ForAnyValue') {
    pass = actual.some(holds);
  } else {
    pass = matcher.negated ? !actual.some(matchesAny) : actual.some(matchesAny);
  }
  check.result = pass ? 'pass' : 'fail';
  if (!pass && actual !== undefined && !matcher.negated) {
    check.hint =
      (condition.base === 'StringEquals'
        ? literalWildcardHint(condition.base, condition.values)
        : undefined) ??
      caseOnlyHint(condition.values, actual, (e, a) => matcher.match(e, a)) ??
      (claim === 'sub' ? subjectShapeHint(condition.values, actual[0] ?? '') : undefined);
  } else if (!pass && actual === undefined) {
    check.hint = `the token has no ${quoteInput(claim)} claim`;
  }
  return check;
}

function actionCovers(patterns: readonly string[]): boolean {
  return patterns.some((p) =>
    wildcardMatches(p.toLowerCase(), WEB_IDENTITY_ACTION.toLowerCase(), { singleCharacter: true }),
  );
}

interface StatementOutcome {
  statement: Statement;
  checks: Check[];
  applies: boolean;
  matches: boolean;
}

function evaluateStatement(statement: Statement, input: ClaimsInput, warnings: string[]): StatementOutcome {
  const { at } = statement;
  const checks: Check[] = [];
  const issuer = typeof input.claims.iss === 'string' ? input.claims.iss : undefined;
  const providers = statement.providers ?? [];
  // A stand-in token is taken as coming from the statement's (first) provider.
  const provider = input.assumeIssuer
    ? providers[0]
    : providers.find((p) => issuer !== undefined && p.toLowerCase() === providerPath(issuer));
  const principal: Check = {
    at,
    key: 'Principal.Federated',
    claim: 'iss',
    operator: 'OIDC provider of',
    expected: providers,
    actual: issuer === undefined ? undefined : [issuer],
    result:
      statement.providers === undefined
        ? 'fail'
        : provider
          ? input.assumeIssuer
            ? 'assumed'
            : 'pass'
          : 'fail',
  };
  if (statement.providers === undefined) {
    principal.hint = 'the principal is not Federated, so web identity tokens never match this statement';
  } else if (!provider) {
    principal.hint = `the token's issuer is not this OIDC provider (IAM names it by the issuer's host and path, e.g. ${GITHUB_PROVIDER})`;
  } else if (input.assumeIssuer) {
    principal.hint = `claims of a test issuer, read as if ${quoteInput(`https://${provider}`)} had issued them`;
  }
  checks.push(principal);
  const actionApplies = statement.actions
    ? actionCovers(statement.actions)
    : !actionCovers(statement.notActions ?? []);
  checks.push({
    at,
    key: statement.actions ? 'Action' : 'NotAction',
    operator: statement.actions ? 'covers' : 'excludes',
    expected: statement.actions ?? statement.notActions ?? [],
    actual: [WEB_IDENTITY_ACTION],
    result: actionApplies ? 'pass' : 'fail',
  });
  for (const condition of statement.conditions) {
    checks.push(evaluateCondition(condition, at, provider, input.claims, warnings));
  }
  const applies = principal.result !== 'fail' && actionApplies;
  return { statement, checks, applies, matches: checks.every((c) => c.result !== 'fail') };
}

function mistakeWarnings(statement: Statement, warnings: string[]): void {
  if (statement.effect !== 'Allow') return;
  for (const provider of statement.providers ?? []) {
    if (!provider.toLowerCase().startsWith(GITHUB_PROVIDER)) continue;
    const keys = statement.conditions.map((c) => c.key.toLowerCase());
    if (!keys.includes(`${provider.toLowerCase()}:aud`)) {
      warnings.push(
        `${statement.at} has no condition on ${quoteInput(`${provider}:aud`)}; AWS requires one for GitHub's provider (StringEquals ${quoteInput('sts.amazonaws.com')} for aws-actions/configure-aws-credentials)`,
      );
    }
    if (!keys.includes(`${provider.toLowerCase()}:sub`)) {
      warnings.push(
        `${statement.at} has no condition on ${quoteInput(`${provider}:sub`)}: any repository's workflow on GitHub could assume this role; restrict sub to repo:ORG/REPO:…`,
      );
    }
  }
  for (const condition of statement.conditions) {
    if (condition.base.startsWith('StringEquals') || condition.base.startsWith('StringNotEquals')) {
      const hint = literalWildcardHint(condition.operator, condition.values);
      if (hint) warnings.push(`${statement.at}: ${hint}`);
    }
  }
}

function failureSentence(check: Check): string {
  const actual = check.actual === undefined ? 'none' : check.actual.map(quoteInput).join(', ');
  return `${check.at}: ${check.operator} ${quoteInput(check.key)} expects ${check.expected.map(quoteInput).join(' or ')}, the token has ${actual}`;
}

export function explainAwsTrustPolicy(policy: AwsTrustPolicy, input: ClaimsInput): Explanation {
  const warnings: string[] = [];
  for (const statement of policy.statements) mistakeWarnings(statement, warnings);
  const outcomes = policy.statements.map((statement) => evaluateStatement(statement, input, warnings));
  const checks = outcomes.flatMap((o) => o.checks);
  const base = {
    kind: policy.kind,
    policy: policy.label,
    checks,
    warnings: [...new Set(warnings)],
    notes: [],
  };
  const deny = outcomes.find((o) => o.statement.effect === 'Deny' && o.applies && o.matches);
  if (deny) {
    return {
      ...base,
      verdict: 'denied',
      reason: `${deny.statement.at} (Deny) matches the token, and an explicit Deny wins`,
    };
  }
  const allow = outcomes.find((o) => o.statement.effect === 'Allow' && o.matches);
  if (allow)
    return { ...base, verdict: 'allowed', reason: `${allow.statement.at} (Allow) matches the token` };
  // The nearest Allow: the one that fails the fewest checks explains the refusal best.
  const allows = outcomes.filter((o) => o.statement.effect === 'Allow');
  if (allows.length === 0) return { ...base, verdict: 'denied', reason: 'no statement has Effect Allow' };
  const failures = (o: StatementOutcome) => o.checks.filter((c) => c.result === 'fail').length;
  const nearest = allows.reduce((best, o) => (failures(o) < failures(best) ? o : best));
  const first = nearest.checks.find((c) => c.result === 'fail') as Check;
  return { ...base, verdict: 'denied', reason: failureSentence(first) };
}
