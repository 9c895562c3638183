// AWS trust policies from GitHub's and AWS's documentation, restated here, against the claims
// GitHub's tokens carry for each kind of run; and the usual mistakes people report.
import { describe, expect, it } from 'vitest';
import type { ClaimsInput, Explanation } from '../../../src/explain/index.js';
import { explainTrust, mintedClaims, parseTrustPolicy } from '../../../src/explain/index.js';

const PROVIDER_ARN = 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com';
const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com';
const KEY = 'token.actions.githubusercontent.com';

function trustPolicy(condition: Record<string, unknown>, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Federated: PROVIDER_ARN },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: condition,
        ...extra,
      },
    ],
  });
}

/** Claims of a GitHub token (iss included) for octo-org/octo-repo with aud sts.amazonaws.com. */
function githubToken(run: Partial<Parameters<typeof mintedClaims>[0]> = {}): ClaimsInput {
  return mintedClaims({
    repository: 'octo-org/octo-repo',
    audience: 'sts.amazonaws.com',
    issuer: GITHUB_ISSUER,
    now: new Date('2025-01-01T00:00:00Z'),
    ...run,
  });
}

function explain(policy: string, input: ClaimsInput): Explanation {
  return explainTrust(parseTrustPolicy(policy, 'trust.json'), input);
}

const failed = (e: Explanation) => e.checks.filter((c) => c.result === 'fail');

// GitHub docs, "Configuring OpenID Connect in Amazon Web Services" (trust policy example):
// https://docs.github.com/en/actions/how-tos/secure-your-work/security-harden-deployments/oidc-in-aws
const DOCS_BRANCH_POLICY = trustPolicy({
  StringEquals: {
    [`${KEY}:aud`]: 'sts.amazonaws.com',
    [`${KEY}:sub`]: 'repo:octo-org/octo-repo:ref:refs/heads/octo-branch',
  },
});
// The same guide's StringLike example: any ref, pull request or environment of one repository.
const DOCS_REPO_WILDCARD_POLICY = trustPolicy({
  StringEquals: { [`${KEY}:aud`]: 'sts.amazonaws.com' },
  StringLike: { [`${KEY}:sub`]: 'repo:octo-org/octo-repo:*' },
});

describe('documented trust policies', () => {
  it("GitHub's branch example allows a push to octo-branch", () => {
    const e = explain(DOCS_BRANCH_POLICY, githubToken({ ref: 'refs/heads/octo-branch' }));
    expect(e.verdict).toBe('allowed');
    expect(e.reason).toBe('Statement[0] (Allow) matches the token');
    expect(e.warnings).toEqual([]);
    expect(e.checks.map((c) => [c.key, c.result])).toEqual([
      ['Principal.Federated', 'pass'],
      ['Action', 'pass'],
      [`${KEY}:aud`, 'pass'],
      [`${KEY}:sub`, 'pass'],
    ]);
  });

  it("GitHub's repo:octo-org/octo-repo:* example admits every kind of run of that repository", () => {
    // GitHub docs, "OpenID Connect reference", example subject claims: a branch, a tag, a pull
    // request and an environment (https://docs.github.com/en/actions/reference/openid-connect-reference).
    const runs = [
      { ref: 'refs/heads/demo-branch' },
      { ref: 'refs/tags/demo-tag' },
      { eventName: 'pull_request', pullRequestNumber: 7 },
      { environment: 'Production' },
    ];
    const subjects = runs.map((run) => githubToken(run).claims.sub);
    expect(subjects).toEqual([
      'repo:octo-org/octo-repo:ref:refs/heads/demo-branch',
      'repo:octo-org/octo-repo:ref:refs/tags/demo-tag',
      'repo:octo-org/octo-repo:pull_request',
      'repo:octo-org/octo-repo:environment:Production',
    ]);
    for (const run of runs)
      expect(explain(DOCS_REPO_WILDCARD_POLICY, githubToken(run)).verdict).toBe('allowed');
    expect(
      explain(DOCS_REPO_WILDCARD_POLICY, githubToken({ repository: 'octo-org/other-repo' })).verdict,
    ).toBe('denied');
  });

  it('StringLike: * spans any run (/ and : included) and ? one character, case-sensitively', () => {
    // AWS IAM User Guide, "Condition operators", String condition operators: StringLike takes a
    // multi-character match wildcard (*) and a single-character match wildcard (?).
    const policy = (sub: string) =>
      trustPolicy({
        StringEquals: { [`${KEY}:aud`]: 'sts.amazonaws.com' },
        StringLike: { [`${KEY}:sub`]: sub },
      });
    const tag = githubToken({ ref: 'refs/tags/v1.2' });
    expect(explain(policy('repo:octo-org/*:ref:refs/tags/v?.?'), tag).verdict).toBe('allowed');
    expect(explain(policy('repo:octo-org/*:ref:refs/tags/v?'), tag).verdict).toBe('denied');
    expect(explain(policy('repo:OCTO-ORG/*'), tag).verdict).toBe('denied');
  });

  it('several values under one key are alternatives (OR); several keys must all hold (AND)', () => {
    const policy = trustPolicy({
      StringEquals: { [`${KEY}:aud`]: 'sts.amazonaws.com', [`${KEY}:repository_owner`]: 'octo-org' },
      StringLike: {
        [`${KEY}:sub`]: [
          'repo:octo-org/octo-repo:ref:refs/heads/main',
          'repo:octo-org/octo-repo:environment:*',
        ],
      },
    });
    expect(explain(policy, githubToken({ environment: 'prod' })).verdict).toBe('allowed');
    expect(explain(policy, githubToken({ ref: 'refs/heads/main' })).verdict).toBe('allowed');
    const other = explain(
      policy,
      githubToken({ ref: 'refs/heads/main', claims: { repository_owner: 'someone' } }),
    );
    expect(other.verdict).toBe('denied');
    expect(failed(other).map((c) => c.claim)).toEqual(['repository_owner']);
  });

  it('an explicit Deny that matches wins over a matching Allow', () => {
    const doc = JSON.parse(DOCS_REPO_WILDCARD_POLICY);
    doc.Statement.push({
      Effect: 'Deny',
      Principal: { Federated: PROVIDER_ARN },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: { StringEquals: { [`${KEY}:event_name`]: 'pull_request' } },
    });
    const e = explain(JSON.stringify(doc), githubToken({ eventName: 'pull_request', pullRequestNumber: 3 }));
    expect(e.verdict).toBe('denied');
    expect(e.reason).toBe('Statement[1] (Deny) matches the token, and an explicit Deny wins');
    expect(explain(JSON.stringify(doc), githubToken()).verdict).toBe('allowed');
  });

  it('ForAnyValue needs one matching value; ForAllValues holds when the claim is missing (and says so)', () => {
    // AWS IAM User Guide, "Single-valued vs. multivalued context keys": ForAllValues also
    // returns true when the key is not in the request; set operators on single-valued keys
    // can make a policy too permissive.
    const anyAud = trustPolicy({
      'ForAnyValue:StringEquals': { [`${KEY}:aud`]: ['sts.amazonaws.com', 'x'] },
      StringLike: { [`${KEY}:sub`]: 'repo:octo-org/*' },
    });
    expect(explain(anyAud, githubToken({ claims: {} })).verdict).toBe('allowed');
    const allEnv = trustPolicy({
      StringEquals: { [`${KEY}:aud`]: 'sts.amazonaws.com' },
      StringLike: { [`${KEY}:sub`]: 'repo:octo-org/*' },
      'ForAllValues:StringEquals': { [`${KEY}:environment`]: 'Production' },
    });
    const noEnvironment = explain(allEnv, githubToken());
    expect(noEnvironment.verdict).toBe('allowed');
    expect(noEnvironment.warnings).toEqual([
      expect.stringMatching(
        /^Statement\[0\]: ForAllValues on ".*:environment", a single-valued claim, also holds when the claim is missing \(fail open\)/,
      ),
    ]);
    const plain = trustPolicy({
      StringEquals: { [`${KEY}:aud`]: 'sts.amazonaws.com', [`${KEY}:environment`]: 'Production' },
      StringLike: { [`${KEY}:sub`]: 'repo:octo-org/*' },
    });
    const e = explain(plain, githubToken());
    expect(e.verdict).toBe('denied');
    expect(failed(e)[0]?.hint).toBe('the token has no "environment" claim');
  });

  it('negated operators hold when the key is missing; IfExists too', () => {
    const policy = trustPolicy({
      StringEquals: { [`${KEY}:aud`]: 'sts.amazonaws.com' },
      StringLike: { [`${KEY}:sub`]: 'repo:octo-org/*' },
      StringNotEquals: { [`${KEY}:environment`]: 'sandbox' },
      StringEqualsIfExists: { [`${KEY}:head_ref`]: '' },
    });
    expect(explain(policy, githubToken()).verdict).toBe('allowed');
    expect(explain(policy, githubToken({ environment: 'sandbox' })).verdict).toBe('denied');
  });
});

describe('the usual mistakes', () => {
  it('a missing aud condition is warned about (AWS requires one for GitHub), even when allowed', () => {
    // aws-actions/configure-aws-credentials#1446 and the GitHub guide: aud sts.amazonaws.com.
    const e = explain(
      trustPolicy({ StringLike: { [`${KEY}:sub`]: 'repo:octo-org/octo-repo:*' } }),
      githubToken(),
    );
    expect(e.verdict).toBe('allowed');
    expect(e.warnings).toEqual([
      'Statement[0] has no condition on "token.actions.githubusercontent.com:aud"; AWS requires one for GitHub\'s provider (StringEquals "sts.amazonaws.com" for aws-actions/configure-aws-credentials)',
    ]);
  });

  it('a branch sub pattern for a pull_request run names the reason', () => {
    const e = explain(DOCS_BRANCH_POLICY, githubToken({ eventName: 'pull_request', pullRequestNumber: 12 }));
    expect(e.verdict).toBe('denied');
    expect(e.reason).toBe(
      'Statement[0]: StringEquals "token.actions.githubusercontent.com:sub" expects "repo:octo-org/octo-repo:ref:refs/heads/octo-branch", the token has "repo:octo-org/octo-repo:pull_request"',
    );
    expect(failed(e)[0]?.hint).toMatch(
      /^the run is a pull_request event, so its sub names no branch .* the policy expects a branch sub/,
    );
  });

  it('an environment job has an environment-shaped sub, so a ref pattern does not match', () => {
    // aws-actions/configure-aws-credentials#1024 and #511; GitHub: "specifying a branch in the
    // subject claim only works if the branch does not refer to an environment".
    const e = explain(
      DOCS_BRANCH_POLICY,
      githubToken({ ref: 'refs/heads/octo-branch', environment: 'prod' }),
    );
    expect(e.verdict).toBe('denied');
    expect(failed(e)[0]).toMatchObject({
      claim: 'sub',
      actual: ['repo:octo-org/octo-repo:environment:prod'],
      hint: expect.stringMatching(
        /^the job uses an environment, so its sub names the environment and no ref/,
      ),
    });
  });

  it('an owner written in another case fails, and says the comparison is case-sensitive', () => {
    // aws-actions/configure-aws-credentials#686 and #318: repo:adisoncavani/* vs AdisonCavani.
    const policy = trustPolicy({
      StringEquals: { [`${KEY}:aud`]: 'sts.amazonaws.com' },
      StringLike: { [`${KEY}:sub`]: 'repo:Octo-Org/*' },
    });
    const e = explain(policy, githubToken());
    expect(e.verdict).toBe('denied');
    expect(failed(e)[0]?.hint).toBe(
      '"repo:octo-org/octo-repo:ref:refs/heads/main" differs from "repo:Octo-Org/*" only in letter case, and the comparison is case-sensitive (GitHub keeps the owner\'s and repository\'s case in its claims)',
    );
  });

  it('a wildcard under StringEquals is literal: warned in the policy and named on the failure', () => {
    // aws-actions/configure-aws-credentials#1137: StringEquals sub "repo:<ORG>/*".
    const policy = trustPolicy({
      StringEquals: { [`${KEY}:aud`]: 'sts.amazonaws.com', [`${KEY}:sub`]: 'repo:octo-org/*' },
    });
    const e = explain(policy, githubToken());
    expect(e.verdict).toBe('denied');
    const hint =
      'StringEquals compares literally, so the * or ? in "repo:octo-org/*" matches only itself; use StringLike for wildcards';
    expect(failed(e)[0]?.hint).toBe(hint);
    expect(e.warnings).toContain(`Statement[0]: ${hint}`);
  });

  it("a token of another issuer is not trusted by the statement's provider", () => {
    const e = explain(
      DOCS_REPO_WILDCARD_POLICY,
      githubToken({ issuer: 'https://token.actions.githubusercontent.com/enterprise' }),
    );
    expect(e.verdict).toBe('denied');
    expect(failed(e)[0]).toMatchObject({ key: 'Principal.Federated', result: 'fail' });
  });

  it('claims without iss stand in for the provider: the issuer check is assumed, not failed', () => {
    const e = explain(
      DOCS_REPO_WILDCARD_POLICY,
      mintedClaims({ repository: 'octo-org/octo-repo', audience: 'sts.amazonaws.com' }),
    );
    expect(e.verdict).toBe('allowed');
    expect(e.checks[0]).toMatchObject({ key: 'Principal.Federated', result: 'assumed' });
  });

  it('keys the explainer cannot evaluate offline are reported n/a, not guessed', () => {
    const policy = trustPolicy({
      StringEquals: { [`${KEY}:aud`]: 'sts.amazonaws.com' },
      StringLike: { [`${KEY}:sub`]: 'repo:octo-org/*' },
      IpAddress: { 'aws:SourceIp': '203.0.113.0/24' },
    });
    const e = explain(policy, githubToken());
    expect(e.verdict).toBe('allowed');
    expect(e.checks.at(-1)).toMatchObject({ key: 'aws:SourceIp', result: 'unknown' });
  });
});

describe('malformed policies: one line naming where', () => {
  it.each([
    ['{"Statement": []}', 'trust.json: Statement is missing or empty'],
    [
      '{"Statement": [{"Effect": "allow", "Principal": {}, "Action": "x"}]}',
      'trust.json: Statement[0].Effect must be "Allow" or "Deny"',
    ],
    [
      `{"Statement": [{"Effect": "Allow", "Principal": {"Federated": "${PROVIDER_ARN}"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringLike": {"k": {"nested": 1}}}}]}`,
      'trust.json: Statement[0].Condition["StringLike"]["k"] must be a string or a list of strings',
    ],
    [
      '{"Statement": [{"Effect": "Allow", "Action": "x"}]}',
      'trust.json: Statement[0] has no Principal; a trust policy names who may assume the role',
    ],
    [
      '{"Statement": [ {"Effect": "Allow",, } ]}',
      expect.stringMatching(/^policy trust\.json:1:\d+ is not valid JSON or YAML \(/),
    ],
  ])('%s', (text, message) => {
    expect(() => parseTrustPolicy(text, 'trust.json')).toThrow(
      expect.objectContaining({ name: 'ExplainError', message }),
    );
  });
});
