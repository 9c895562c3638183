// The committed bundle actions/mint-test-oidc/dist/index.js, run by node the way the runner
// runs it: main, a later step using the real @actions/core, then post.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  type ActionRunResult,
  HARNESS_RUN_ID,
  REPO_ROOT,
  type RunActionOptions,
  runAction,
} from '@runevault/action-runner';
import { isAlive, startIssuerServer, TestIssuer } from '@runevault/oidc-test-issuer';
import { createLocalJWKSet, createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BUNDLE = join(REPO_ROOT, 'actions/mint-test-oidc/dist/index.js');
const LATER_STEP = join(import.meta.dirname, 'fixtures/later-step-get-id-token.mjs');
const cleanups: ActionRunResult[] = [];
const pids: number[] = [];

async function run(options: Omit<RunActionOptions, 'action'>): Promise<ActionRunResult> {
  const result = await runAction({ ...options, action: 'mint-test-oidc' });
  cleanups.push(result);
  return result;
}

// A stopped issuer may linger as a zombie until init reaps it: isAlive counts that as gone.
const alive = isAlive;

beforeAll(() => {
  if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing; run npm run build:actions`);
});
afterAll(async () => {
  for (const pid of pids) if (alive(pid)) process.kill(pid, 'SIGKILL');
  await Promise.all(cleanups.map((result) => result.remove()));
});

describe('mint-test-oidc (mode local, defaults)', () => {
  let result: ActionRunResult;
  beforeAll(async () => {
    result = await run({ inputs: { negatives: 'all' } });
  });

  it('succeeds without warnings and sets every local output', () => {
    expect(result.commands.errors).toEqual([]);
    expect(result.commands.warnings).toEqual([]);
    expect(result.exitCode).toBe(0);
    const o = result.outputs;
    expect(o.issuer).toBe('https://oidc.test.invalid');
    expect(o.namespace).toBe(`run-${HARNESS_RUN_ID}-1`);
    expect(o['discovery-url']).toBe('');
    expect(o['jwks-url']).toBe('');
    expect(readFileSync(o['token-file'] ?? '', 'utf8')).toBe(o.token);
    expect(statSync(o['token-file'] ?? '').mode & 0o777).toBe(0o600);
    expect(statSync(o['negatives-file'] ?? '').mode & 0o777).toBe(0o600);
    expect(statSync(o['jwks-file'] ?? '').mode & 0o777).toBe(0o644);
    expect(o['token-file']?.startsWith(result.runnerTemp)).toBe(true);
  });

  it('mints a GitHub-shaped RS256 token that verifies against the JWKS file (kid = thumbprint)', async () => {
    const jwks = JSON.parse(readFileSync(result.outputs['jwks-file'] ?? '', 'utf8'));
    const { payload, protectedHeader } = await jwtVerify(
      result.outputs.token ?? '',
      createLocalJWKSet(jwks),
      {
        issuer: 'https://oidc.test.invalid',
        audience: 'runevault',
        algorithms: ['RS256'],
      },
    );
    expect(protectedHeader.kid).toBe(jwks.keys[0].kid);
    expect(payload).toMatchObject({
      sub: 'repo:runevault/runevault:ref:refs/heads/main',
      repository: 'runevault/runevault',
      run_id: HARNESS_RUN_ID,
      run_attempt: '1',
      actor: 'octocat',
      event_name: 'push',
      namespace: `run-${HARNESS_RUN_ID}-1`,
    });
    expect((payload.exp as number) - (payload.iat as number)).toBe(300);
  });

  it('writes every negative preset', () => {
    const negatives = JSON.parse(readFileSync(result.outputs['negatives-file'] ?? '', 'utf8'));
    expect(Object.keys(negatives)).toEqual([
      'expired',
      'future-nbf',
      'wrong-aud',
      'wrong-iss',
      'alg-none',
      'hs256-confusion',
      'unknown-kid',
      'missing-exp',
      'oversized',
    ]);
  });

  it('masks the token and every negative before printing anything, and never shows them', () => {
    const negatives = JSON.parse(readFileSync(result.outputs['negatives-file'] ?? '', 'utf8')) as Record<
      string,
      string
    >;
    for (const secret of [result.outputs.token ?? '', ...Object.values(negatives)]) {
      const report = result.masks.find((mask) => mask.value === secret);
      expect(report?.firstShownAt).toBeUndefined();
      expect(report?.maskedAt).toBeLessThan(10);
    }
    expect(result.commands.groups).toEqual(['Test OIDC token']);
  });

  it('post removes the token files', async () => {
    const post = await run({ entry: 'post', state: result.state });
    expect(post.exitCode).toBe(0);
    expect(post.commands.warnings).toEqual([]);
    expect(existsSync(result.outputs['token-file'] ?? '')).toBe(false);
  });
});

describe('mint-test-oidc (serve: true, export-id-token-env: true)', () => {
  let result: ActionRunResult;
  beforeAll(async () => {
    result = await run({
      inputs: {
        alg: 'ES256',
        serve: 'true',
        'export-id-token-env': 'true',
        claims: '{"environment_url":"https://x.test"}',
        'aws-principal-tags': '{"Project":"vault"}',
        lifetime: '10m',
      },
      env: { GITHUB_EVENT_NAME: 'pull_request', GITHUB_REF: 'refs/pull/17/merge' },
    });
    const pid = Number(result.state.issuerPid);
    if (pid > 0) pids.push(pid);
  });

  it('starts a loopback issuer that outlives the step, and exports the token endpoint', () => {
    expect(result.commands.errors).toEqual([]);
    expect(result.exitCode).toBe(0);
    const pid = Number(result.state.issuerPid);
    expect(alive(pid)).toBe(true);
    expect(result.outputs.issuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(result.outputs['discovery-url']).toBe(`${result.outputs.issuer}/.well-known/openid-configuration`);
    expect(result.outputs.namespace).toBe(`pr-17/run-${HARNESS_RUN_ID}-1`);
    expect(result.env.ACTIONS_ID_TOKEN_REQUEST_URL).toBe(`${result.outputs.issuer}/token?api-version=2.0`);
    expect(result.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN).toMatch(/^[0-9a-f]{48}$/);
    expect(result.commands.addMask).toContain(result.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN);
    expect(result.commands.addMask).toContain(result.state.issuerShutdownToken);
  });

  it("a later step's unmodified core.getIDToken(aud) receives test tokens from it", async () => {
    const later = spawnSync(process.execPath, [LATER_STEP, 'runevault', 'sts.amazonaws.com'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: { PATH: process.env.PATH, ...result.env },
      timeout: 30_000,
    });
    expect(later.status).toBe(0);
    const lines = later.stdout.trim().split('\n');
    const { tokens } = JSON.parse(lines.at(-1) ?? '{}') as { tokens: Record<string, string> };
    // core.getIDToken masks what it receives, as with GitHub's service.
    expect(lines.filter((l) => l.startsWith('::add-mask::'))).toHaveLength(2);
    const jwks = createRemoteJWKSet(new URL(result.outputs['jwks-url'] ?? ''));
    for (const audience of ['runevault', 'sts.amazonaws.com']) {
      const { payload, protectedHeader } = await jwtVerify(tokens[audience] ?? '', jwks, {
        issuer: result.outputs.issuer ?? '',
        audience,
        algorithms: ['ES256'],
      });
      expect(protectedHeader.alg).toBe('ES256');
      expect(payload).toMatchObject({
        sub: 'repo:runevault/runevault:pull_request',
        namespace: `pr-17/run-${HARNESS_RUN_ID}-1`,
        environment_url: 'https://x.test',
        'https://aws.amazon.com/tags': { principal_tags: { Project: ['vault'] } },
      });
      expect((payload.exp as number) - (payload.iat as number)).toBe(600);
    }
    // The output token and the JWKS file agree with the served keys.
    const fileJwks = JSON.parse(readFileSync(result.outputs['jwks-file'] ?? '', 'utf8'));
    expect(decodeProtectedHeader(result.outputs.token ?? '').kid).toBe(fileJwks.keys[0].kid);
  });

  it('refuses a later step without the request token', async () => {
    const response = await fetch(result.env.ACTIONS_ID_TOKEN_REQUEST_URL ?? '');
    expect(response.status).toBe(401);
  });

  it('post stops the issuer by its shutdown request and removes the files', async () => {
    const pid = Number(result.state.issuerPid);
    const post = await run({ entry: 'post', state: result.state });
    expect(post.exitCode).toBe(0);
    expect(post.commands.warnings).toEqual([]);
    expect(
      post.lines.some((l) => l.startsWith(`stopped the test issuer (pid ${pid}; shutdown request)`)),
    ).toBe(true);
    // The shutdown request (not a kill after a grace period) is the line above; how long it
    // took is the machine's business, not asserted.
    expect(alive(pid)).toBe(false);
    expect(existsSync(result.outputs['token-file'] ?? '')).toBe(false);
  });

  it('post again (issuer already gone) neither fails nor warns about the process', async () => {
    const post = await run({ entry: 'post', state: result.state });
    expect(post.exitCode).toBe(0);
    expect(post.commands.errors).toEqual([]);
  });
});

describe('mint-test-oidc (mode github)', () => {
  it('fetches the job token through core.getIDToken and reports its issuer', async () => {
    const issuer = await TestIssuer.create({ issuer: 'https://github-like.test.invalid', alg: 'RS256' });
    const server = await startIssuerServer({
      requestToken: 'g'.repeat(32),
      endpoints: () => ({
        issuer: issuer.issuer,
        jwks: () => issuer.jwks(),
        mint: (aud) =>
          issuer.mint(
            { subject: 'repo:o/r:ref:refs/heads/main', audience: 'x', lifetimeSeconds: 60, claims: {} },
            { audience: aud ?? 'x' },
          ),
        algorithms: ['RS256'],
      }),
    });
    try {
      const result = await run({
        inputs: { mode: 'github', audience: 'runevault' },
        env: {
          ACTIONS_ID_TOKEN_REQUEST_URL: server.tokenRequestUrl,
          ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'g'.repeat(32),
        },
      });
      expect(result.commands.errors).toEqual([]);
      expect(result.exitCode).toBe(0);
      expect(decodeJwt(result.outputs.token ?? '').aud).toBe('runevault');
      expect(result.outputs.issuer).toBe('https://github-like.test.invalid');
      expect(result.outputs['jwks-file']).toBe('');
      expect(result.outputs.namespace).toBe(`run-${HARNESS_RUN_ID}-1`);
      expect(result.masks.find((m) => m.value === result.outputs.token)?.firstShownAt).toBeUndefined();
    } finally {
      await server.close();
    }
  });

  it('without id-token: write, fails with one line saying to add it', async () => {
    const result = await run({ inputs: { mode: 'github' } });
    expect(result.exitCode).toBe(1);
    expect(result.commands.errors).toHaveLength(1);
    expect(result.commands.errors[0]).toMatch(
      /needs the job's OIDC token endpoint.*permissions: id-token: write/,
    );
  });

  it('under act, fails with one line suggesting mode: local', async () => {
    const result = await run({ inputs: { mode: 'github' }, env: { ACT: 'true' } });
    expect(result.exitCode).toBe(1);
    expect(result.commands.errors).toEqual([
      expect.stringMatching(/^mode: github cannot work under act: .*Use mode: local/),
    ]);
  });
});

describe('mint-test-oidc on bad input', () => {
  it.each([
    [
      { issuer: 'https://token.actions.githubusercontent.com' },
      /GitHub's production issuer; mode local never mints/,
    ],
    [{ alg: 'HS256', lifetime: 'soon' }, /input lifetime must be .*; input alg must be one of RS256, ES256/],
    [{ negatives: 'expired,bogus' }, /unknown negative preset\(s\) "bogus"/],
    [
      { 'aws-principal-tags': '{"aws:x":"1"}' },
      /aws-principal-tags: tag key "aws:x" uses the reserved aws: prefix/,
    ],
    [{ claims: '{"aud":"x"}' }, /claims may not set aud/],
    [{ 'export-id-token-env': 'true' }, /needs serve: true/],
    [{ mode: 'github', negatives: 'all' }, /apply only to mode: local/],
  ])('%o fails the step with one ::error:: line', async (inputs, expected) => {
    const result = await run({ inputs });
    expect(result.exitCode).toBe(1);
    expect(result.commands.errors).toHaveLength(1);
    expect(result.commands.errors[0]).toMatch(expected);
    expect(result.outputs).toEqual({});
  });
});
