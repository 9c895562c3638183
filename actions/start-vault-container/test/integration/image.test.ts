// Where start-vault-container's image comes from when no checkout is at hand, against the real
// engine: a published image pulled from a real registry on loopback (Debian's docker-registry),
// with its digest as an output, each kind of refusal as one error line, a rate limit retried;
// and, with no image input at all, the vault the action carries, built once and then reused.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ActionRunResult, REPO_ROOT, type RunActionOptions, runAction } from '@runevault/action-runner';
import { resolveVaultImage } from '@runevault/e2e/drivers';
import { newRunId, RUN_LABEL } from '@runevault/e2e/drivers/docker';
import {
  type LoopbackRegistry,
  loopbackRegistryUnavailable,
  startLoopbackRegistry,
} from '@runevault/e2e/test-support/loopback-registry';
import {
  type RegistryFaultProxy,
  startRegistryFaultProxy,
} from '@runevault/e2e/test-support/registry-fault-proxy';
import { ciRequiresRealComponents, dockerEngineForTests, inspectImage } from '@runevault/vault-image';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseInputs } from '../../src/inputs.js';
import { resolveActionImage } from '../../src/vault-image.js';

const engine = await dockerEngineForTests('the start-vault-container image tests');
const registryMissing = loopbackRegistryUnavailable();
if (registryMissing && ciRequiresRealComponents()) {
  throw new Error(
    `the start-vault-container image tests need a loopback registry and CI=true requires one: ${registryMissing}`,
  );
}
const skipReason = engine.ok ? (registryMissing ?? '') : engine.reason;
const docker = engine.ok ? engine.docker : (undefined as unknown as Docker);
const PREFIX = `svc-image-${newRunId()}`;
/** The label a runevault image build puts on what it makes (build-offline-base.ts). */
const CONTENT_LABEL = 'io.runevault.content-sha256';
const SOURCE_IMAGE = 'runevault:dev';
const VERSION_TAG = '1.2.3';
const REPOSITORY = 'owner/runevault';
const results: ActionRunResult[] = [];
const scratch = mkdtempSync(join(tmpdir(), 'svc-image-'));
/** Image references this file made (tags and digests): removed at the end, never anything else. */
const madeReferences = new Set<string>();
// No credentials unless a test writes some: the host's own ~/.docker/config.json stays out of it.
const noCredentials = join(scratch, 'docker-config-empty');
mkdirSync(noCredentials);

async function run(options: Omit<RunActionOptions, 'action'>): Promise<ActionRunResult> {
  const result = await runAction({ action: 'start-vault-container', timeoutMs: 600_000, ...options });
  results.push(result);
  return result;
}

/** main; while its vault runs, GET /health; then post, as the runner runs them. */
async function mainThenPost(inputs: Record<string, string>, env: Record<string, string>, repoRoot?: string) {
  const options = { inputs, env, ...(repoRoot ? { repoRoot } : {}) };
  const main = await run(options);
  const health = main.outputs['http-endpoint']
    ? (await fetch(`${main.outputs['http-endpoint']}/health`)).status
    : undefined;
  const post = await run({ ...options, entry: 'post', state: main.state });
  return { main, post, health };
}

async function follow(stream: NodeJS.ReadableStream): Promise<void> {
  await new Promise<void>((resolve, reject) =>
    docker.modem.followProgress(stream, (error: Error | null, events: { error?: string }[]) => {
      const failed = events?.find((event) => event.error);
      if (error || failed) reject(error ?? new Error(failed?.error));
      else resolve();
    }),
  );
}

/**
 * Publishes SOURCE_IMAGE as <host>/owner/runevault:1.2.3, then drops the local tag, so the
 * engine no longer has that reference and must pull it. Returns the registry's digest.
 */
async function publish(registry: LoopbackRegistry): Promise<string> {
  const reference = `${registry.host}/${REPOSITORY}:${VERSION_TAG}`;
  await docker.getImage(SOURCE_IMAGE).tag({ repo: `${registry.host}/${REPOSITORY}`, tag: VERSION_TAG });
  madeReferences.add(reference);
  const auth = registry.credentials
    ? { ...registry.credentials, serveraddress: registry.host }
    : { serveraddress: registry.host };
  await follow(await docker.getImage(reference).push({ authconfig: auth }));
  const digest = await registryDigest(registry, VERSION_TAG);
  madeReferences.add(`${registry.host}/${REPOSITORY}@${digest}`);
  await untag(reference);
  return digest;
}

/** The manifest digest the registry answers for a tag (its Docker-Content-Digest header). */
async function registryDigest(registry: LoopbackRegistry, tag: string): Promise<string> {
  const headers: Record<string, string> = {
    Accept:
      'application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json',
  };
  if (registry.credentials) {
    const { username, password } = registry.credentials;
    headers.Authorization = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
  }
  const response = await fetch(`http://${registry.host}/v2/${REPOSITORY}/manifests/${tag}`, {
    method: 'HEAD',
    headers,
  });
  const digest = response.headers.get('docker-content-digest');
  if (response.status !== 200 || !digest)
    throw new Error(`registry ${registry.host}: HEAD manifest ${tag} → ${response.status}`);
  return digest;
}

/**
 * Removes one reference (a tag or name@digest): the image stays while other names (e.g.
 * runevault:dev) hold it, and goes with its last name. A container still using it (409)
 * keeps it; the engine's own housekeeping gets it later.
 */
async function untag(reference: string): Promise<void> {
  await docker
    .getImage(reference)
    .remove()
    .catch((error: { statusCode?: number }) => {
      if (error.statusCode !== 404 && error.statusCode !== 409) throw error;
    });
}

async function expectHealthyThenGone(
  { main, post, health }: Awaited<ReturnType<typeof mainThenPost>>,
  name: string,
): Promise<void> {
  expect(main.exitCode, main.lines.join('\n')).toBe(0);
  expect(main.commands.errors).toEqual([]);
  expect(health).toBe(200);
  expect(post.exitCode, post.lines.join('\n')).toBe(0);
  expect(await docker.listContainers({ all: true, filters: { name: [`^/${name}$`] } })).toEqual([]);
}

/** Main failed with one ::error:: line, before any container was made; post succeeded. */
function expectRefused(main: ActionRunResult, post: ActionRunResult): string {
  expect(main.exitCode, main.lines.join('\n')).toBe(1);
  expect(main.commands.errors).toHaveLength(1);
  expect(main.state.containerId).toBeUndefined();
  expect(post.exitCode).toBe(0);
  // Auth and not-found are final: no second attempt.
  expect(main.lines.filter((line) => line.startsWith('pull attempt '))).toEqual([]);
  return main.commands.errors[0] ?? '';
}

describe.skipIf(skipReason !== '')(
  `start-vault-container image sources${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  () => {
    let registry: LoopbackRegistry;
    let privateRegistry: LoopbackRegistry;
    let proxy: RegistryFaultProxy;
    let digest: string;
    let privateDigest: string;

    beforeAll(async () => {
      if (!(await inspectImage(docker, SOURCE_IMAGE))) await resolveVaultImage(docker, { kind: 'build' });
      [registry, privateRegistry] = await Promise.all([
        startLoopbackRegistry(),
        startLoopbackRegistry({ auth: true }),
      ]);
      proxy = await startRegistryFaultProxy(registry.host);
      digest = await publish(registry);
      privateDigest = await publish(privateRegistry);
    }, 600_000);

    afterAll(async () => {
      const all = await docker.listContainers({ all: true, filters: { label: [RUN_LABEL] } });
      const ours = all.filter((info) => info.Names.some((name) => name.startsWith(`/${PREFIX}`)));
      await Promise.all(ours.map((info) => docker.getContainer(info.Id).remove({ force: true })));
      for (const reference of madeReferences) await untag(reference);
      await proxy?.close();
      await Promise.all([registry?.stop(), privateRegistry?.stop()]);
      await Promise.all(results.map((result) => result.remove()));
      rmSync(scratch, { recursive: true, force: true });
    }, 120_000);

    it('pulls a published image the engine lacks, runs it, and outputs the digest the registry has', async () => {
      const name = `${PREFIX}-pull`;
      const image = `${registry.host}/${REPOSITORY}:${VERSION_TAG}`;
      expect(await inspectImage(docker, image)).toBeUndefined();
      const step = await mainThenPost({ image, name, 'issue-token': '' }, { DOCKER_CONFIG: noCredentials });
      const { main } = step;
      expect(main.lines).toContain(
        `pulling ${image}: no ${join(noCredentials, 'config.json')}: pulling from ${registry.host} anonymously`,
      );
      expect(main.lines).toContain(`pulled ${image} in 1 attempt`);
      expect(main.outputs.image).toBe(image);
      expect(main.outputs['image-digest']).toBe(digest);
      await expectHealthyThenGone(step, name);
    });

    it('a tag the registry does not have: one not-found line, no retry', async () => {
      const image = `${registry.host}/${REPOSITORY}:9.9.9`;
      const { main, post } = await mainThenPost(
        { image, name: `${PREFIX}-missing` },
        { DOCKER_CONFIG: noCredentials },
      );
      expect(expectRefused(main, post)).toMatch(
        new RegExp(
          `^registry ${registry.host.replace(/\./g, '\\.')} has no image ${image.replace(/\./g, '\\.')} \\(not found: .*manifest unknown.*\\); check the repository and the tag or digest in the image input$`,
        ),
      );
    });

    it('a registry that wants a login, with none: one auth line, no retry', async () => {
      const image = `${privateRegistry.host}/${REPOSITORY}:${VERSION_TAG}`;
      const { main, post } = await mainThenPost(
        { image, name: `${PREFIX}-denied` },
        { DOCKER_CONFIG: noCredentials },
      );
      expect(expectRefused(main, post)).toMatch(
        new RegExp(
          `^registry ${privateRegistry.host.replace(/\./g, '\\.')} refused the pull of .* \\(auth: .*\\); log in to it in an earlier step`,
        ),
      );
    });

    it("pulls from that registry with an earlier docker login's credentials, masked", async () => {
      const { username, password } = privateRegistry.credentials ?? { username: '', password: '' };
      const config = join(scratch, 'docker-config-login');
      mkdirSync(config);
      // What `docker login` writes without a credential store.
      const auth = Buffer.from(`${username}:${password}`).toString('base64');
      writeFileSync(
        join(config, 'config.json'),
        JSON.stringify({ auths: { [privateRegistry.host]: { auth } } }),
      );
      const name = `${PREFIX}-login`;
      const image = `${privateRegistry.host}/${REPOSITORY}:${VERSION_TAG}`;
      const step = await mainThenPost({ image, name, 'issue-token': '' }, { DOCKER_CONFIG: config });
      const { main } = step;
      expect(main.lines).toContain(
        `pulling ${image}: credentials for ${privateRegistry.host} from ${join(config, 'config.json')}`,
      );
      expect(main.outputs['image-digest']).toBe(privateDigest);
      expect(main.commands.addMask).toContain(password);
      // Only the add-mask command itself carries it.
      expect(main.lines.filter((line) => line.includes(password))).toEqual([`::add-mask::${password}`]);
      await expectHealthyThenGone(step, name);
    });

    it('retries a rate limit (429 TOOMANYREQUESTS from a fault proxy in front of the real registry), then pulls', async () => {
      const image = `${proxy.host}/${REPOSITORY}:${VERSION_TAG}`;
      madeReferences.add(image);
      madeReferences.add(`${proxy.host}/${REPOSITORY}@${digest}`);
      // The engine asks HEAD first and falls back to GET when that fails: refusing both is
      // what makes it report the refusal (as a registry under load would refuse both).
      proxy.failNextManifests(2);
      const waits: number[] = [];
      const inputs = parseInputs((input) => (input === 'image' ? image : ''), { GITHUB_RUN_ID: '1' });
      const resolved = await resolveActionImage(
        docker,
        inputs,
        { DOCKER_CONFIG: noCredentials },
        { sleep: async (ms) => void waits.push(ms) },
      );
      expect(waits).toEqual([2000]);
      const requests = proxy.manifestRequests();
      expect(requests.slice(0, 2).map((request) => `${request.method} ${request.status}`)).toEqual([
        'HEAD 429',
        'GET 429',
      ]);
      expect(requests.slice(2).some((request) => request.status === 200)).toBe(true);
      expect(resolved).toMatchObject({ ref: image, how: 'pulled', digest });
    });

    describe('with no image input: the vault the action carries', () => {
      // A copy of the action as the runner downloads it, with one comment added to the carried
      // config: its content hash, so its tag, is this file's own and certainly not on the engine.
      const root = join(scratch, 'repository');
      let tag: string | undefined;

      beforeAll(() => {
        const action = join(root, 'actions/start-vault-container');
        mkdirSync(action, { recursive: true });
        cpSync(join(REPO_ROOT, 'actions/start-vault-container/action.yml'), join(action, 'action.yml'));
        cpSync(join(REPO_ROOT, 'actions/start-vault-container/dist'), join(action, 'dist'), {
          recursive: true,
        });
        const conf = join(action, 'dist/vault-image/packages/vault/image/runevault.conf');
        writeFileSync(conf, `${readFileSync(conf, 'utf8')}# ${PREFIX}\n`);
      });

      afterAll(async () => {
        // The tag is this file's own; the build's untagged assemble stage was pruned by the build.
        if (tag) await untag(tag);
      });

      it('builds it without a checkout, runs it, and a second run reuses it', async () => {
        const first = await mainThenPost({ name: `${PREFIX}-carried-1`, 'issue-token': '' }, {}, root);
        tag = first.main.outputs.image;
        expect(tag).toMatch(/^runevault:0\.1\.0-[0-9a-f]{12}$/);
        const built = first.main.lines.find((line) => line.startsWith(`image ${tag} (`));
        // Which base: the pinned Node image when the engine has or can pull it, else the
        // offline base made from the node that ran the bundle (this engine has no registry).
        const offline = first.main.lines.some((line) =>
          line.startsWith('offline image path: cannot pull node:20'),
        );
        expect(built, first.main.lines.join('\n')).toBe(
          `image ${tag} (${first.main.outputs['image-digest']?.slice(7, 19)}): built from the vault this action carries${offline ? ' on the offline base' : ''}`,
        );
        const { Id: id, Config } = await docker.getImage(tag ?? '').inspect();
        const contentHash = Config.Labels?.[CONTENT_LABEL];
        expect(contentHash).toMatch(/^[0-9a-f]{64}$/);
        expect(tag).toBe(`runevault:0.1.0-${contentHash?.slice(0, 12)}`);
        expect(first.main.outputs['image-digest']).toBe(id);
        await expectHealthyThenGone(first, `${PREFIX}-carried-1`);

        const second = await mainThenPost({ name: `${PREFIX}-carried-2`, 'issue-token': '' }, {}, root);
        expect(second.main.outputs.image).toBe(tag);
        expect(second.main.lines.find((line) => line.startsWith(`image ${tag} (`))).toMatch(
          /: reused from the vault this action carries/,
        );
        expect(second.main.lines.some((line) => line.startsWith('Step '))).toBe(false);
        expect(second.main.outputs['image-digest']).toBe(id);
        await expectHealthyThenGone(second, `${PREFIX}-carried-2`);
      }, 900_000);
    });
  },
);
