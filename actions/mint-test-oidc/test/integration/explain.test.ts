// mint-test-oidc with explain-policy, through the committed bundle and the runner harness: the
// table in the job summary and the log, the policy-verdict output, fail-on-deny, and the
// issuer check that mode github makes and mode local assumes.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ActionRunResult, type RunActionOptions, runAction } from '@runevault/action-runner';
import { startIssuerServer, TestIssuer } from '@runevault/oidc-test-issuer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const cleanups: ActionRunResult[] = [];
let workspace: string;

// GitHub docs, "Configuring OpenID Connect in Amazon Web Services": StringEquals aud
// sts.amazonaws.com and a sub for one branch (here the harness's runevault/runevault main).
// https://docs.github.com/en/actions/how-tos/secure-your-work/security-harden-deployments/oidc-in-aws
const BRANCH_POLICY = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { Federated: 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com' },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: {
        StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
        StringLike: {
          'token.actions.githubusercontent.com:sub': 'repo:runevault/runevault:ref:refs/heads/main',
        },
      },
    },
  ],
};

async function run(options: Omit<RunActionOptions, 'action' | 'workspace'>): Promise<ActionRunResult> {
  const result = await runAction({ ...options, action: 'mint-test-oidc', workspace });
  cleanups.push(result);
  return result;
}

beforeAll(() => {
  workspace = mkdtempSync(join(tmpdir(), 'mint-explain-ws-'));
  writeFileSync(join(workspace, 'trust.json'), JSON.stringify(BRANCH_POLICY));
  writeFileSync(join(workspace, 'broken.json'), '{"Statement": [\n  {"Effect": "Allow",,}\n]}');
});
afterAll(async () => {
  await Promise.all(cleanups.map((result) => result.remove()));
  rmSync(workspace, { recursive: true, force: true });
});

const PULL_REQUEST = { GITHUB_EVENT_NAME: 'pull_request', GITHUB_REF: 'refs/pull/5/merge' };

describe('mint-test-oidc explain-policy (mode local)', () => {
  it('a push to main is allowed: verdict output, the table in the summary and the log', async () => {
    const result = await run({ inputs: { audience: 'sts.amazonaws.com', 'explain-policy': 'trust.json' } });
    expect(result.commands.errors).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(result.outputs['policy-verdict']).toBe('allowed');
    expect(result.commands.groups).toEqual(['Test OIDC token', 'OIDC trust policy: allowed']);
    expect(result.summary).toContain('| # | result | where | key | operator | expected | actual | why |');
    expect(result.summary).toMatch(/\| 4 \| pass \| Statement&#91;0&#93; \| .*:sub.* \| StringLike \|/);
    // The test issuer's claims stand in for GitHub's: the issuer check is assumed, and said so.
    expect(result.summary).toMatch(/\| 1 \| assumed \| Statement&#91;0&#93; \|/);
    expect(result.lines).toContain('verdict: ALLOWED: Statement[0] (Allow) matches the token');
    expect(result.masks.find((m) => m.value === result.outputs.token)?.firstShownAt).toBeUndefined();
  });

  it('a pull request is denied, says why, and the step still succeeds (fail-on-deny: false)', async () => {
    const result = await run({
      inputs: { audience: 'sts.amazonaws.com', 'explain-policy': 'trust.json' },
      env: PULL_REQUEST,
    });
    expect(result.exitCode).toBe(0);
    expect(result.commands.errors).toEqual([]);
    expect(result.outputs['policy-verdict']).toBe('denied');
    expect(result.outputs.token).toMatch(/^ey/);
    expect(result.commands.notices).toEqual([
      expect.stringMatching(
        /^the token is denied by .*trust\.json: Statement\[0\]: StringLike ".*:sub" expects ".*:ref:refs\/heads\/main", the token has "repo:runevault\/runevault:pull_request" \(fail-on-deny: false/,
      ),
    ]);
    expect(result.summary).toMatch(
      /\| 4 \| FAIL \| Statement&#91;0&#93; \|.*the run is a pull&#95;request event/,
    );
  });

  it('fail-on-deny: true fails the step with the first reason in one line', async () => {
    const result = await run({
      inputs: { audience: 'sts.amazonaws.com', 'explain-policy': 'trust.json', 'fail-on-deny': 'true' },
      env: PULL_REQUEST,
    });
    expect(result.exitCode).toBe(1);
    expect(result.commands.errors).toEqual([
      expect.stringMatching(
        /^mint-test-oidc: the token is denied by .*trust\.json: Statement\[0\]: StringLike/,
      ),
    ]);
    expect(result.outputs['policy-verdict']).toBe('denied');
  });

  it('hostile claim values reach the log and summary escaped, never as workflow commands', async () => {
    const result = await run({
      inputs: {
        audience: 'sts.amazonaws.com',
        'explain-policy': 'trust.json',
        claims: JSON.stringify({
          repository_owner: 'x\n::error::injected',
          actor: '##[group]y\u2028::warning::z',
        }),
        subject: 'repo:runevault/runevault:ref:refs/heads/main',
      },
    });
    expect(result.exitCode).toBe(0);
    expect(result.commands.errors).toEqual([]);
    expect(result.commands.warnings).toEqual([]);
    expect(result.summary).not.toMatch(/[\p{Cc}\u2028\u2029](?<!\n)/u);
  });

  it('a malformed policy fails the step before any token is minted, naming file and line', async () => {
    const result = await run({ inputs: { 'explain-policy': 'broken.json' } });
    expect(result.exitCode).toBe(1);
    expect(result.commands.errors).toEqual([
      expect.stringMatching(
        /^mint-test-oidc: input explain-policy: policy .*broken\.json:2:\d+ is not valid JSON or YAML/,
      ),
    ]);
    expect(result.outputs).toEqual({});
  });
});

describe('mint-test-oidc explain-policy (mode github)', () => {
  it("checks the real token's issuer: a token not from GitHub's provider is denied on Principal.Federated", async () => {
    const issuer = await TestIssuer.create({ issuer: 'https://github-like.test.invalid', alg: 'RS256' });
    const server = await startIssuerServer({
      requestToken: 'g'.repeat(32),
      endpoints: () => ({
        issuer: issuer.issuer,
        jwks: () => issuer.jwks(),
        mint: (aud) =>
          issuer.mint(
            {
              subject: 'repo:runevault/runevault:ref:refs/heads/main',
              audience: 'x',
              lifetimeSeconds: 60,
              claims: {},
            },
            { audience: aud ?? 'x' },
          ),
        algorithms: ['RS256'],
      }),
    });
    try {
      const result = await run({
        inputs: { mode: 'github', audience: 'sts.amazonaws.com', 'explain-policy': 'trust.json' },
        env: {
          ACTIONS_ID_TOKEN_REQUEST_URL: server.tokenRequestUrl,
          ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'g'.repeat(32),
        },
      });
      expect(result.exitCode).toBe(0);
      expect(result.outputs['policy-verdict']).toBe('denied');
      expect(result.summary).toMatch(
        /\| 1 \| FAIL \| Statement&#91;0&#93; \| .*Principal\.Federated.* \| "https:\/\/github-like\.test\.invalid" \|/,
      );
    } finally {
      await server.close();
    }
  });
});
