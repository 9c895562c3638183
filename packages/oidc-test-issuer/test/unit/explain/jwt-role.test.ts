// Vault JWT roles as Vault's docs and issue threads write them, against GitHub- and
// GitLab-shaped claims.
import { describe, expect, it } from 'vitest';
import type { ClaimsInput } from '../../../src/explain/index.js';
import { explainTrust, mintedClaims, parseTrustPolicy } from '../../../src/explain/index.js';

const explain = (role: unknown, input: ClaimsInput) =>
  explainTrust(parseTrustPolicy(JSON.stringify(role), 'role.json'), input);
const claims = (c: Record<string, unknown>): ClaimsInput => ({ claims: c, source: 'test' });

describe('Vault-style JWT role', () => {
  // The role from hashicorp/vault-plugin-auth-jwt#382 (GitHub OIDC, any branch of one repo):
  // bound_claims_type glob, sub "repo:ORG/REPO:ref:refs/heads/*".
  const branchRole = {
    role_type: 'jwt',
    bound_audiences: 'https://github.com/ORG',
    user_claim: 'sub',
    bound_claims_type: 'glob',
    bound_claims: { sub: 'repo:ORG/REPO:ref:refs/heads/*' },
  };
  const run = (over: Partial<Parameters<typeof mintedClaims>[0]> = {}) =>
    mintedClaims({ repository: 'ORG/REPO', audience: 'https://github.com/ORG', ...over });

  it('a glob bound claim admits any branch, and a pull request is refused with the shape named', () => {
    expect(explain(branchRole, run({ ref: 'refs/heads/feature/x' })).verdict).toBe('allowed');
    const pr = explain(branchRole, run({ eventName: 'pull_request', pullRequestNumber: 4 }));
    expect(pr.verdict).toBe('denied');
    expect(pr.reason).toBe('claim "sub" does not match any associated bound claim values (Vault\'s words)');
    expect(pr.checks.find((c) => c.result === 'fail')?.hint).toMatch(/^the run is a pull_request event/);
  });

  it('with bound_claims_type string (the default) a * is literal, and the hint says to set glob', () => {
    const e = explain({ ...branchRole, bound_claims_type: undefined }, run());
    expect(e.verdict).toBe('denied');
    expect(e.checks.find((c) => c.result === 'fail')?.hint).toBe(
      'bound_claims_type is string, so * is literal; set bound_claims_type: glob',
    );
  });

  it('bound_claims lists are alternatives; a comma-separated string is a list too', () => {
    // hashicorp/vault-plugin-auth-jwt#305: a GitLab role binding project_path and a list of iss values.
    const gitlabRole = {
      role_type: 'jwt',
      user_claim: 'user_email',
      bound_claims_type: 'string',
      bound_claims: {
        project_path: 'group/app',
        iss: ['https://gitlab.example', 'gitlab.example'],
        ref_protected: 'true',
      },
    };
    const token = {
      iss: 'gitlab.example',
      project_path: 'group/app',
      ref_protected: 'true',
      user_email: 'a@b.test',
    };
    expect(explain(gitlabRole, claims(token)).verdict).toBe('allowed');
    // The intermittent refusal of #305: a job on an unprotected ref carries ref_protected "false".
    const e = explain(gitlabRole, claims({ ...token, ref_protected: 'false' }));
    expect(e.verdict).toBe('denied');
    expect(e.checks.find((c) => c.result === 'fail')).toMatchObject({
      key: 'bound_claims[ref_protected]',
      expected: ['true'],
      actual: ['false'],
    });
    const colors = { bound_audiences: ['a'], user_claim: 'sub', bound_claims: { color: 'red,green,blue' } };
    expect(explain(colors, claims({ aud: 'a', sub: 'x', color: 'green' })).verdict).toBe('allowed');
    expect(
      explain(
        { ...colors, disable_bound_claims_parsing: true },
        claims({ aud: 'a', sub: 'x', color: 'green' }),
      ).verdict,
    ).toBe('denied');
  });

  it('a token with aud needs bound_audiences (Vault 1.17+); bound_subject is exact', () => {
    const e = explain(
      { user_claim: 'sub', bound_subject: 'repo:o/r:ref:refs/heads/main' },
      claims({ aud: 'x', sub: 'repo:o/r:ref:refs/heads/main' }),
    );
    expect(e.verdict).toBe('denied');
    expect(e.checks[0]).toMatchObject({
      key: 'bound_audiences',
      result: 'fail',
      hint: 'the token has aud, and Vault 1.17+ then requires bound_audiences on the role',
    });
    const subject = explain(
      { bound_audiences: ['x'], user_claim: 'sub', bound_subject: 'repo:o/r:ref:refs/heads/main' },
      claims({ aud: 'x', sub: 'repo:o/r:environment:prod' }),
    );
    expect(subject.checks.find((c) => c.result === 'fail')).toMatchObject({
      key: 'bound_subject',
      hint: expect.stringMatching(/^the job uses an environment/),
    });
  });

  it('JSON-pointer keys read nested claims; `vault read -format=json` output is unwrapped', () => {
    const role = {
      data: { bound_audiences: ['x'], user_claim: 'sub', bound_claims: { '/groups/0': 'admins' } },
    };
    expect(explain(role, claims({ aud: 'x', sub: 's', groups: ['admins'] })).verdict).toBe('allowed');
    expect(explain(role, claims({ aud: 'x', sub: 's', groups: ['users'] })).verdict).toBe('denied');
  });

  it('a malformed role names the field', () => {
    expect(() =>
      parseTrustPolicy('{"bound_claims": {"a": {"b": 1}}, "user_claim": "sub"}', 'role.json'),
    ).toThrow('role.json: bound_claims["a"] must be a string, a number or a list of them');
    expect(() =>
      parseTrustPolicy('{"bound_claims_type": "regex", "user_claim": "sub"}', 'role.json'),
    ).toThrow('role.json: bound_claims_type must be "string" or "glob", got "regex"');
  });
});
