// The root action (action.yml at the repo top → actions/vault-e2e/dist), run by node the way
// the runner runs it on the real engine: main starts the vault and runs the suite, post removes
// the container. The image is built (or reused) once for the file.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ActionRunResult, REPO_ROOT, runAction } from '@runevault/action-runner';
import { resolveVaultImage } from '@runevault/e2e/drivers';
import { ALL_CASES, caseLabel } from '@runevault/e2e/suite';
import { parseXml } from '@runevault/e2e/test-support/parse-xml';
import { dockerEngineForTests } from '@runevault/vault-image';
import { isNotFound } from '@runevault/vault-image/docker';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BUNDLE = join(REPO_ROOT, 'actions/vault-e2e/dist/index.js');
/** tls and oidc-exchange: the vaults here serve plaintext and trust no OIDC issuer. */
const NEEDS_MORE = ALL_CASES.filter((c) => (c.needs ?? []).length > 0).length;
const engine = await dockerEngineForTests('the root action tests');
const skipReason = engine.ok ? '' : engine.reason;
const docker = engine.ok ? engine.docker : (undefined as unknown as Docker);
const cleanups: ActionRunResult[] = [];
const containers = new Set<string>();
let image: string;

async function run(options: Parameters<typeof runAction>[0]): Promise<ActionRunResult> {
  const result = await runAction({ timeoutMs: 300_000, ...options });
  cleanups.push(result);
  if (result.state.containerId) containers.add(result.state.containerId);
  return result;
}

async function containerExists(id: string): Promise<boolean> {
  try {
    await docker.getContainer(id).inspect();
    return true;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}

describe.skipIf(!engine.ok)(`the root action${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  beforeAll(async () => {
    if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing; run npm run build:actions`);
    image = (await resolveVaultImage(docker, { kind: 'build' })).ref;
  }, 600_000);
  afterAll(async () => {
    // Whatever a failed assertion left before its post ran.
    await Promise.all(
      [...containers].map((id) =>
        docker
          .getContainer(id)
          .remove({ force: true })
          .catch(() => {}),
      ),
    );
    await Promise.all(cleanups.map((result) => result.remove()));
  });

  describe('main then post on a healthy vault', () => {
    let main: ActionRunResult;
    let post: ActionRunResult;
    let containerId: string;

    beforeAll(async () => {
      main = await run({ action: '.', inputs: { image, 'timeout-per-case': '20s' } });
      containerId = main.outputs['container-id'] ?? '';
      post = await run({ action: '.', entry: 'post', state: main.state, workspace: main.workspace });
    }, 300_000);

    it('passes every case but tls and oidc-exchange, with no error or warning', () => {
      expect(main.commands.errors).toEqual([]);
      expect(main.commands.warnings).toEqual([]);
      expect(main.exitCode).toBe(0);
      expect(main.outputs).toMatchObject({
        passed: String(ALL_CASES.length - NEEDS_MORE),
        failed: '0',
        skipped: String(NEEDS_MORE),
        image,
      });
    });

    it('sets the container outputs and the suite outputs', () => {
      expect(containerId).toMatch(/^[0-9a-f]{64}$/);
      expect(main.outputs['grpc-endpoint']).toMatch(/^127\.0\.0\.1:\d+$/);
      expect(main.outputs['http-endpoint']).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(Number(main.outputs['duration-ms'])).toBeGreaterThan(0);
      expect(main.outputs['junit-path']).toBe(join(main.workspace, 'e2e-junit.xml'));
      const suite = parseXml(readFileSync(main.outputs['junit-path'] ?? '', 'utf8'));
      expect(suite.children.map((c) => c.attributes.name)).toEqual(ALL_CASES.map(caseLabel));
    });

    it('writes the summary table and masks every secret before any line could show it', () => {
      expect(main.summary).toMatch(/^### runevault e2e\n\n\| \| case \| ms \| detail \|/);
      expect(main.summary).toContain('| ✅ | 05-public-key |');
      // The team secret, the suite token, and the tokens cases issue.
      expect(main.masks.length).toBeGreaterThanOrEqual(3);
      for (const mask of main.masks) expect(mask.firstShownAt).toBeUndefined();
    });

    it('post removes the container and its folder, quietly, without printing logs of a passing run', async () => {
      expect(post.exitCode).toBe(0);
      expect(post.commands.errors).toEqual([]);
      expect(post.commands.warnings).toEqual([]);
      expect(post.commands.groups).toEqual(['Cleanup']);
      expect(await containerExists(containerId)).toBe(false);
      expect(existsSync(main.state.homeDir ?? '')).toBe(false);
    });
  });

  it('fails on an unknown case name before starting anything, and post has nothing to remove', async () => {
    const main = await run({ action: '.', inputs: { image, cases: 'health,bogus' } });
    expect(main.exitCode).toBe(1);
    expect(main.commands.errors).toEqual([
      expect.stringMatching(
        /^vault-e2e: input cases\/exclude: unknown case "bogus"; valid cases \(name or number\): 1 health, /,
      ),
    ]);
    expect(main.state.containerId).toBeUndefined();
    const post = await run({ action: '.', entry: 'post', state: main.state });
    expect(post.exitCode).toBe(0);
    expect(post.commands.warnings).toEqual([]);
  });

  it('prints the container logs in post when a case failed', async () => {
    // A 1 ms deadline fails any case that talks to the vault.
    const main = await run({
      action: '.',
      inputs: { image, cases: 'public-key', 'timeout-per-case': '1ms' },
    });
    expect(main.exitCode).toBe(1);
    expect(main.outputs).toMatchObject({ passed: '0', failed: '1' });
    expect(main.commands.errors).toEqual(['timed out after 1 ms']);
    const post = await run({ action: '.', entry: 'post', state: main.state });
    expect(post.exitCode).toBe(0);
    expect(post.commands.groups).toEqual(['Container logs (last 2000 lines)', 'Cleanup']);
    expect(await containerExists(main.outputs['container-id'] ?? '')).toBe(false);
  });
});
