// The committed bundle actions/start-vault-container/dist/index.js, main then post, run by node
// the way the runner runs it, against the real Docker engine: outputs, masking, a token that
// works over gRPC, and nothing left behind — also when main fails.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ActionRunResult, REPO_ROOT, type RunActionOptions, runAction } from '@runevault/action-runner';
import { resolveVaultImage } from '@runevault/e2e/drivers';
import { listRunContainers, newRunId, RUN_LABEL } from '@runevault/e2e/drivers/docker';
import { createVaultClient } from '@runevault/vault/client';
import { dockerEngineForTests, inspectImage } from '@runevault/vault-image';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BUNDLE = join(REPO_ROOT, 'actions/start-vault-container/dist/index.js');
const engine = await dockerEngineForTests('the start-vault-container bundle tests');
const skipReason = engine.ok ? '' : engine.reason;
const docker = engine.ok ? engine.docker : (undefined as unknown as Docker);
// Every container name this file uses starts with it, so afterAll can remove what a failure left.
const PREFIX = `svc-test-${newRunId()}`;
const TOKEN = /^evt_[0-9a-f]{32}$/;
const results: ActionRunResult[] = [];
const scratch = mkdtempSync(join(tmpdir(), 'svc-test-'));
const imageInputs = { image: 'runevault:dev' };

async function run(options: Omit<RunActionOptions, 'action'>): Promise<ActionRunResult> {
  const result = await runAction({ action: 'start-vault-container', timeoutMs: 300_000, ...options });
  results.push(result);
  return result;
}

/** main, then post with the state main saved (as the runner does, whatever main's outcome). */
async function mainThenPost(inputs: Record<string, string>, env: Record<string, string> = {}) {
  const main = await run({ inputs: { ...imageInputs, ...inputs }, env });
  const post = await run({ entry: 'post', inputs: { ...imageInputs, ...inputs }, env, state: main.state });
  return { main, post };
}

function containersNamed(name: string): Promise<Docker.ContainerInfo[]> {
  return docker.listContainers({ all: true, filters: { name: [`^/${name}$`] } });
}

async function getPublicKeyKeyId(grpcEndpoint: string, token: string): Promise<string> {
  const client = createVaultClient(grpcEndpoint, { deadlineMs: 20_000 });
  try {
    return (await client.getPublicKeyBundle(token)).key_id;
  } finally {
    client.close();
  }
}

/** Main failed with exactly one ::error:: line; post succeeded and left nothing behind. */
async function expectFailedAndCleanedUp(main: ActionRunResult, post: ActionRunResult, name: string) {
  expect(main.exitCode, main.lines.join('\n')).toBe(1);
  expect(main.commands.errors).toHaveLength(1);
  expect(main.outputs).toEqual({});
  expect(main.state.mainFailed).toBe('true');
  expect(post.exitCode, post.lines.join('\n')).toBe(0);
  expect(post.commands.errors).toEqual([]);
  expect(await containersNamed(name)).toEqual([]);
  if (main.state.runLabel) expect(await listRunContainers(docker, main.state.runLabel)).toEqual([]);
  if (main.state.homeDir) expect(existsSync(main.state.homeDir)).toBe(false);
}

beforeAll(() => {
  if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing; run npm run build:actions`);
});

describe.skipIf(!engine.ok)(
  `start-vault-container bundle${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  () => {
    beforeAll(async () => {
      // Built (or reused) once here; the build-context test covers the action's own build.
      if (!(await inspectImage(docker, 'runevault:dev'))) await resolveVaultImage(docker, { kind: 'build' });
    }, 600_000);

    afterAll(async () => {
      const all = await docker.listContainers({ all: true, filters: { label: [RUN_LABEL] } });
      const ours = all.filter((info) => info.Names.some((name) => name.startsWith(`/${PREFIX}`)));
      await Promise.all(ours.map((info) => docker.getContainer(info.Id).remove({ force: true })));
      await Promise.all(results.map((result) => result.remove()));
      rmSync(scratch, { recursive: true, force: true });
    });

    describe('main → post with the defaults', () => {
      const name = `${PREFIX}-main`;
      let main: ActionRunResult;

      beforeAll(async () => {
        main = await run({ inputs: { ...imageInputs, name } });
      }, 300_000);

      it('succeeds with no warning and every output sane', async () => {
        expect(main.stderr).toBe('');
        expect(main.commands.errors).toEqual([]);
        expect(main.commands.warnings).toEqual([]);
        expect(main.exitCode).toBe(0);
        const {
          'container-id': id,
          'grpc-endpoint': grpc,
          'http-endpoint': http,
          token,
          image,
        } = main.outputs;
        expect(id).toMatch(/^[0-9a-f]{64}$/);
        expect(grpc).toMatch(/^127\.0\.0\.1:\d+$/);
        expect(http).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
        expect(grpc?.split(':')[1]).not.toBe(new URL(http ?? '').port);
        expect(token).toMatch(TOKEN);
        expect(image).toBe('runevault:dev');
        const health = await fetch(`${http}/health`);
        expect(health.status).toBe(200);
        const [info] = await containersNamed(name);
        expect(info?.Id).toBe(id);
        expect(info?.Labels[RUN_LABEL]).toBe(main.state.runLabel);
        expect(info?.Labels['io.runevault.ci.repo']).toBe('runevault/runevault');
      });

      it('masks the token before any line that could show it, and no line shows it', () => {
        const token = main.outputs.token ?? '';
        const report = main.masks.find((mask) => mask.value === token);
        expect(report?.firstShownAt).toBeUndefined();
        // Before the first line that is not a workflow command about groups: nothing printed after could leak it.
        const tokenLineIndex = main.lines.findIndex((line) => line.startsWith('issued a token'));
        expect(report?.maskedAt).toBeLessThan(tokenLineIndex);
        expect(main.stdout.split(token)).toHaveLength(2); // only in its ::add-mask:: line
        expect(main.log.join('\n')).not.toContain(token);
      });

      it('reads as a table of contents and saves what post needs', () => {
        expect(main.commands.groups).toEqual(['Docker engine', 'Image', 'Container', 'Health', 'Token']);
        expect(main.state).toMatchObject({
          isPost: 'true',
          cleanup: 'true',
          logsOn: 'failure',
          containerId: main.outputs['container-id'],
        });
        expect(main.state.runLabel).toBeTruthy();
        expect(existsSync(main.state.homeDir ?? '')).toBe(true);
        expect(main.state.homeDir?.startsWith(main.runnerTemp)).toBe(true);
      });

      it('issues a token that works for a real GetPublicKey', async () => {
        expect(await getPublicKeyKeyId(main.outputs['grpc-endpoint'] ?? '', main.outputs.token ?? '')).toBe(
          'vault-key',
        );
      });

      it('post stops and removes the container and its folder, printing no logs after a success', async () => {
        const post = await run({ entry: 'post', inputs: { ...imageInputs, name }, state: main.state });
        expect(post.exitCode, post.lines.join('\n')).toBe(0);
        expect(post.commands.errors).toEqual([]);
        expect(post.commands.warnings).toEqual([]);
        expect(post.commands.groups).toEqual(['Cleanup']);
        expect(await listRunContainers(docker, main.state.runLabel ?? '')).toEqual([]);
        expect(await containersNamed(name)).toEqual([]);
        expect(existsSync(main.state.homeDir ?? '')).toBe(false);
      });
    });

    it('runs the config and keys setup-vault made, and prints the logs in post with logs-on: always', async () => {
      const setup = await runAction({
        action: 'setup-vault',
        inputs: { cache: 'false' },
        timeoutMs: 300_000,
      });
      results.push(setup);
      expect(setup.exitCode, setup.lines.join('\n')).toBe(0);
      const name = `${PREFIX}-setup`;
      const inputs = {
        ...imageInputs,
        name,
        config: setup.outputs.config ?? '',
        keys: setup.outputs['keys-path'] ?? '',
        'logs-on': 'always',
        'issue-token': 'robot:member',
      };
      const main = await run({ inputs });
      expect(main.exitCode, main.lines.join('\n')).toBe(0);
      expect(main.commands.warnings).toEqual([]);
      expect(await getPublicKeyKeyId(main.outputs['grpc-endpoint'] ?? '', main.outputs.token ?? '')).toBe(
        'vault-key',
      );
      // The vault used the given keys instead of generating new ones.
      expect(main.lines.join('\n')).not.toContain('generating them');

      const post = await run({ entry: 'post', inputs, state: main.state });
      expect(post.exitCode).toBe(0);
      expect(post.commands.warnings).toEqual([]);
      expect(post.commands.groups).toEqual(['Container logs (last 2000 lines)', 'Cleanup']);
      // The audit line of the GetPublicKey above, in the printed container log.
      expect(
        post.lines.some((line) => line.includes('"user_id":"robot"') && line.includes('GetPublicKey')),
      ).toBe(true);
      expect(await containersNamed(name)).toEqual([]);
    });

    it("builds from build-context with the checkout's own npm run image and tags the result as image", async () => {
      const name = `${PREFIX}-build`;
      const tag = `runevault:${PREFIX}`;
      try {
        const main = await run({
          inputs: { name, 'build-context': REPO_ROOT, image: tag, 'issue-token': '' },
        });
        expect(main.exitCode, main.lines.join('\n')).toBe(0);
        expect(main.outputs.image).toBe(tag);
        expect(main.outputs.token).toBe('');
        expect(main.commands.groups).toEqual(['Docker engine', 'Image', 'Container', 'Health']);
        expect(main.lines.some((line) => /^image runevault:dev \(\w+\): (built|reused)/.test(line))).toBe(
          true,
        );
        const [info] = await containersNamed(name);
        expect((await docker.getImage(tag).inspect()).Id).toBe(info?.ImageID);
        const post = await run({ entry: 'post', state: main.state });
        expect(post.exitCode).toBe(0);
        expect(await containersNamed(name)).toEqual([]);
      } finally {
        await docker
          .getImage(tag)
          .remove()
          .catch(() => undefined);
      }
    }, 300_000);

    it('artifact-name without an artifact service: one warning, then the image tag the engine has', async () => {
      const name = `${PREFIX}-artifact`;
      const { main, post } = await mainThenPost({ name, 'artifact-name': 'vault-image', 'issue-token': '' });
      expect(main.exitCode, main.lines.join('\n')).toBe(0);
      expect(main.commands.warnings).toEqual([
        'artifact-name vault-image is not downloaded: no artifact service (ACTIONS_RESULTS_URL is not set: not on a GitHub runner); running image runevault:dev instead',
      ]);
      expect(main.outputs.image).toBe('runevault:dev');
      expect(post.exitCode).toBe(0);
      expect(await containersNamed(name)).toEqual([]);
    });

    describe('on bad input', () => {
      it('a local image name the engine does not have: one ::error:: line, no pull, and post leaves nothing', async () => {
        const name = `${PREFIX}-noimage`;
        const { main, post } = await mainThenPost({ name, image: 'runevault:no-such-tag' });
        await expectFailedAndCleanedUp(main, post, name);
        expect(main.commands.errors[0]).toBe(
          'image runevault:no-such-tag is not on the Docker engine and names no registry to pull it from; ' +
            'leave image empty to run the vault this action carries, give a registry reference (e.g. ghcr.io/OWNER/runevault:VERSION), ' +
            'or set build-context, image-archive or artifact-name',
        );
        expect(main.lines.some((line) => line.startsWith('pulling '))).toBe(false);
        expect(main.state.containerId).toBeUndefined();
      });

      it('a health timeout: one ::error:: line after the vault log, and post leaves nothing', async () => {
        const name = `${PREFIX}-slow`;
        // No vault process starts, generates keys and answers within 50 ms (a 1 s deadline was
        // sometimes met on a quiet machine: the test must not depend on the box's speed).
        const { main, post } = await mainThenPost({ name, 'health-timeout': '50ms' });
        await expectFailedAndCleanedUp(main, post, name);
        expect(main.commands.errors[0]).toMatch(
          /^the vault in container [0-9a-f]{12} did not answer GET \/health within health-timeout \(50 ms\); .*raise health-timeout/,
        );
        expect(main.commands.groups).toContain('Vault log (last lines)');
        // 50 ms in, the vault may not have logged a line yet: the group is there either way.
        expect(main.state.containerId).toMatch(/^[0-9a-f]{64}$/);
      });

      it('a container that exits at start: one ::error:: line, and post leaves nothing', async () => {
        const name = `${PREFIX}-exits`;
        const config = join(scratch, 'runevault.conf');
        writeFileSync(config, 'bogus_key: true\ntokens: { team_secret: abc }\n');
        const { main, post } = await mainThenPost({ name, config });
        await expectFailedAndCleanedUp(main, post, name);
        expect(main.commands.errors[0]).toMatch(
          /^the vault in container [0-9a-f]{12} exited \(code 1\) before it became healthy; /,
        );
        expect(main.lines.join('\n')).toContain('bogus_key');
      });
    });
  },
);
