// The job of e2e.yml, step by step through the committed bundles on the real engine:
// setup-vault → mint-test-oidc → (its issuer in the config) → start-vault-container with tls →
// run-e2e-suite → post of start-vault-container, sharing one RUNNER_TEMP and workspace as a
// job's steps do, so every case runs and none is skipped. The image is built (or reused) before
// the chain, so the chain's time is that of a warm image.
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ActionRunResult, REPO_ROOT, type RunActionOptions, runAction } from '@runevault/action-runner';
import { resolveVaultImage } from '@runevault/e2e/drivers';
import { ALL_CASES, caseLabel } from '@runevault/e2e/suite';
import { parseXml } from '@runevault/e2e/test-support/parse-xml';
import { dockerEngineForTests } from '@runevault/vault-image';
import { isNotFound } from '@runevault/vault-image/docker';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BUNDLES = ['setup-vault', 'mint-test-oidc', 'start-vault-container', 'run-e2e-suite'].map((name) =>
  join(REPO_ROOT, 'actions', name, 'dist/index.js'),
);
/** e2e.yml's own list: every negative case 15 checks and more. */
const NEGATIVES = 'expired,future-nbf,wrong-aud,wrong-iss,alg-none,hs256-confusion,unknown-kid,missing-exp';
const engine = await dockerEngineForTests('the action-chain tests (e2e.yml through the committed bundles)');
const skipReason = engine.ok ? '' : engine.reason;
const docker = engine.ok ? engine.docker : (undefined as unknown as Docker);
/** The issue's target for the whole chain with a warm image. */
const TOKEN = /^evt_[0-9a-f]{32}$/;
const results: ActionRunResult[] = [];

async function containerExists(id: string): Promise<boolean> {
  try {
    await docker.getContainer(id).inspect();
    return true;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}

describe.skipIf(!engine.ok)(`the action chain${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let image: string;
  const steps: Record<'setup' | 'oidc' | 'start' | 'suite' | 'post', ActionRunResult> = {} as never;
  let chainMs: number;

  beforeAll(async () => {
    for (const bundle of BUNDLES)
      if (!existsSync(bundle)) throw new Error(`${bundle} is missing; run npm run build:actions`);
    image = (await resolveVaultImage(docker, { kind: 'build' })).ref;

    const started = performance.now();
    const step = async (options: RunActionOptions) => {
      const result = await runAction({ timeoutMs: 300_000, ...options });
      results.push(result);
      return result;
    };
    steps.setup = await step({ action: 'setup-vault', inputs: { cache: 'false' } });
    // Every later step shares the job's folders, as on a runner.
    const job = { workspace: steps.setup.workspace, runnerTemp: steps.setup.runnerTemp };
    steps.oidc = await step({
      action: 'mint-test-oidc',
      inputs: { mode: 'local', audience: 'runevault', negatives: NEGATIVES },
      ...job,
    });
    // e2e.yml's "Trust the test issuer in runevault.conf" step.
    const config = steps.setup.outputs.config ?? '';
    appendFileSync(
      config,
      [
        'oidc:',
        '  providers:',
        '    - name: ci-test-issuer',
        `      issuer: "${steps.oidc.outputs.issuer}"`,
        '      audiences: [runevault]',
        '      jwks_file: configs/oidc-jwks.json',
        '      role: member',
        '',
      ].join('\n'),
    );
    const startInputs = {
      image,
      config,
      keys: steps.setup.outputs['keys-path'] ?? '',
      'oidc-jwks': steps.oidc.outputs['jwks-file'] ?? '',
      tls: 'true',
    };
    steps.start = await step({ action: 'start-vault-container', inputs: startInputs, ...job });
    steps.suite = await step({
      action: 'run-e2e-suite',
      inputs: {
        'grpc-endpoint': steps.start.outputs['grpc-endpoint'] ?? '',
        'http-endpoint': steps.start.outputs['http-endpoint'] ?? '',
        token: steps.start.outputs.token ?? '',
        container: steps.start.outputs['container-id'] ?? '',
        'oidc-token': steps.oidc.outputs.token ?? '',
        'oidc-negative-tokens-file': steps.oidc.outputs['negatives-file'] ?? '',
      },
      // No tls-ca input: the CA comes from what start-vault-container exported, as a runner
      // hands a step's GITHUB_ENV to the later ones.
      env: steps.start.env,
      ...job,
    });
    steps.post = await step({
      action: 'start-vault-container',
      entry: 'post',
      inputs: startInputs,
      state: steps.start.state,
      ...job,
    });
    chainMs = performance.now() - started;
    const ms = (result: ActionRunResult) => Math.round(result.timing.totalMs);
    console.log(
      `action chain (warm image): setup-vault ${ms(steps.setup)} ms, start-vault-container ${ms(steps.start)} ms, ` +
        `run-e2e-suite ${ms(steps.suite)} ms, post ${ms(steps.post)} ms; total ${Math.round(chainMs)} ms (benchmark target 25 s: reported, not asserted)`,
    );
  }, 600_000);

  afterAll(async () => {
    const id = steps.start?.outputs['container-id'];
    if (id)
      await docker
        .getContainer(id)
        .remove({ force: true })
        .catch(() => {});
    await Promise.all(results.map((result) => result.remove()));
  });

  it('runs every step without an error', () => {
    for (const [name, result] of Object.entries(steps)) {
      expect(result.commands.errors, `${name}: ${result.lines.join('\n')}`).toEqual([]);
      expect(result.exitCode, name).toBe(0);
    }
  });

  it('gives every output of every step a sane value', () => {
    const { setup, start, suite } = steps;
    expect(setup.outputs).toMatchObject({ 'cache-hit': 'false', home: join(setup.runnerTemp, 'runevault') });
    expect(existsSync(setup.outputs.config ?? '')).toBe(true);
    expect(existsSync(join(setup.outputs['keys-path'] ?? '', 'vault-key/SecKey.json'))).toBe(true);
    expect(setup.outputs.version).toMatch(/^\d+\.\d+\.\d+/);

    expect(start.outputs['container-id']).toMatch(/^[0-9a-f]{64}$/);
    expect(start.outputs['grpc-endpoint']).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(start.outputs['http-endpoint']).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(start.outputs.token).toMatch(TOKEN);
    expect(start.outputs.image).toBe(image);
    expect(start.outputs['tls-ca']).toBe(join(start.state.homeDir ?? '', 'tls-ca.pem'));
    expect(start.env.RUNEVAULT_TLS_CA).toBe(start.outputs['tls-ca']);

    // Every case ran: tls with the exported CA, oidc-exchange with the minted tokens.
    expect(suite.outputs).toMatchObject({
      passed: String(ALL_CASES.length),
      failed: '0',
      skipped: '0',
      'junit-path': join(suite.workspace, 'e2e-junit.xml'),
    });
    expect(Number(suite.outputs['duration-ms'])).toBeGreaterThan(0);
    const junit = parseXml(readFileSync(suite.outputs['junit-path'] ?? '', 'utf8'));
    expect(junit.children.map((c) => c.attributes.name)).toEqual(ALL_CASES.map(caseLabel));
  });

  it('masks the token and every secret before any line that could show it', () => {
    const token = steps.start.outputs.token ?? '';
    expect(steps.start.commands.addMask).toContain(token);
    // The suite masks it again on its first line: a mask from an earlier step is the runner's
    // memory, and the suite must not depend on it.
    expect(steps.suite.masks[0]).toEqual({ value: token, maskedAt: 0, firstShownAt: undefined });
    for (const result of Object.values(steps))
      for (const mask of result.masks) expect(mask.firstShownAt).toBeUndefined();
    for (const result of [steps.suite, steps.post])
      expect(result.stdout).not.toMatch(new RegExp(`(?<!::add-mask::)${token}`));
  });

  it('writes the summary table', () => {
    expect(steps.suite.summary).toMatch(/^### runevault e2e\n\n\| \| case \| ms \| detail \|/);
    for (const label of ALL_CASES.map(caseLabel)) expect(steps.suite.summary).toContain(` ${label} |`);
  });

  it('leaves no container after post', async () => {
    expect(await containerExists(steps.start.outputs['container-id'] ?? '')).toBe(false);
    expect(existsSync(steps.start.state.homeDir ?? '')).toBe(false);
  });
});
