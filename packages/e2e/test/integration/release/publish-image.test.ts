// The publish half of release.yml against a real registry on loopback (Debian's docker-registry)
// and the real engine, through the script the workflow runs (scripts/release-image.mjs):
// runevault:dev published as <registry>/release-test/runevault:0.1.0 and :0 with the OCI
// labels, both tags answered by the registry with the pushed digest, the local tags removed,
// then `verify` pulls by digest, runs it on free loopback ports until /health answers 200 and
// removes it; the pulled image carries the labels. A registry that requires auth refuses a
// push without (or with wrong) credentials in one line, and accepts the right ones.
// Buildx, QEMU and GHCR are not here: the two-platform build, SBOM and provenance run only in
// release.yml (see its header).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from '@runevault/action-runner';
import { ciRequiresRealComponents, dockerEngineForTests } from '@runevault/vault-image';
import { VERIFY_LABEL } from '@runevault/vault-image/release';
import type Docker from 'dockerode';
import { pack } from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveVaultImage } from '../../../src/drivers/docker/image-source.js';
import {
  type LoopbackRegistry,
  loopbackRegistryUnavailable,
  startLoopbackRegistry,
} from '../../support/loopback-registry.js';

const engine = await dockerEngineForTests('the release publish test');
const registryMissing = loopbackRegistryUnavailable();
if (registryMissing && ciRequiresRealComponents())
  throw new Error(`the release publish test needs a registry and CI=true requires one: ${registryMissing}`);
const skipReason = !engine.ok ? engine.reason : (registryMissing ?? '');
const docker = engine.ok ? engine.docker : (undefined as unknown as Docker);

const SCRIPT = join(REPO_ROOT, 'scripts/release-image.mjs');
const OWNER = 'Release-Test'; // an owner's display case; the image name is lowercase
const REVISION = '0123456789abcdef0123456789abcdef01234567';
const CREATED = '2026-01-02T03:04:05.000Z';
const SOURCE = 'https://github.com/runevault/runevault';
/** A vault image whose command ends at once (prints its version): published, it never serves. */
const EXITING_IMAGE = `runevault-release-test:exits-${process.pid}`;

interface ScriptRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the release script as release.yml does, with only the environment given (no GITHUB_*). */
function releaseImage(args: string[], env: Record<string, string> = {}): Promise<ScriptRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SCRIPT, ...args], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function outputOf(run: ScriptRun, key: string): string {
  const line = run.stdout.split('\n').find((text) => text.startsWith(`${key}=`));
  if (!line) throw new Error(`no ${key}= in the script's output:\n${run.stdout}\n${run.stderr}`);
  return line.slice(key.length + 1);
}

const publishArgs = (registry: string, version = '0.1.0', image = 'runevault:dev') => [
  'publish',
  '--version',
  version,
  '--owner',
  OWNER,
  '--registry',
  registry,
  '--image',
  image,
  '--source',
  SOURCE,
  '--revision',
  REVISION,
  '--created',
  CREATED,
];

/** What the registry itself says a tag's manifest digest is. */
async function registryDigest(
  registry: LoopbackRegistry,
  tag: string,
  auth?: { username: string; password: string },
) {
  const response = await fetch(`http://${registry.host}/v2/release-test/runevault/manifests/${tag}`, {
    method: 'HEAD',
    headers: {
      accept:
        'application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json',
      ...(auth ? { authorization: `Basic ${btoa(`${auth.username}:${auth.password}`)}` } : {}),
    },
  });
  return { status: response.status, digest: response.headers.get('docker-content-digest') };
}

/** Removes the tags (and digest references) this file made under a registry's host, nothing else. */
async function removeOurImages(registry: LoopbackRegistry | undefined) {
  if (!registry) return;
  const images = await docker.listImages({ digests: true });
  const ours = images.filter((image) =>
    [...(image.RepoTags ?? []), ...(image.RepoDigests ?? [])].some((name) =>
      name.startsWith(`${registry.host}/release-test/`),
    ),
  );
  for (const image of ours) {
    for (const name of [...(image.RepoTags ?? []), ...(image.RepoDigests ?? [])])
      if (name.startsWith(`${registry.host}/release-test/`))
        await docker
          .getImage(name)
          .remove()
          .catch(() => undefined);
  }
}

describe.skipIf(skipReason !== '')(
  `release publish on a loopback registry${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  () => {
    let open: LoopbackRegistry | undefined;
    let guarded: LoopbackRegistry | undefined;

    beforeAll(async () => {
      await resolveVaultImage(docker, { kind: 'build' });
      const context = pack();
      context.entry({ name: 'Dockerfile' }, 'FROM runevault:dev\nCMD ["version"]\n');
      context.finalize();
      const build = await docker.buildImage(context as unknown as NodeJS.ReadableStream, {
        t: EXITING_IMAGE,
        networkmode: 'none',
        pull: false,
      });
      await new Promise((resolve, reject) =>
        docker.modem.followProgress(build, (error: Error | null) =>
          error ? reject(error) : resolve(undefined),
        ),
      );
      [open, guarded] = await Promise.all([startLoopbackRegistry(), startLoopbackRegistry({ auth: true })]);
    }, 600_000);

    afterAll(async () => {
      await removeOurImages(open);
      await removeOurImages(guarded);
      await docker
        .getImage(EXITING_IMAGE)
        .remove()
        .catch(() => undefined);
      await Promise.all([open?.stop(), guarded?.stop()]);
      const left = await docker.listContainers({ all: true, filters: { label: [VERIFY_LABEL] } });
      expect(left, 'verify left a container behind').toEqual([]);
    }, 120_000);

    it('pushes :0.1.0 and :0 with the OCI labels; verify pulls that digest, runs it and /health answers 200', async () => {
      const registry = open as LoopbackRegistry;
      const published = await releaseImage(publishArgs(registry.host));
      expect(published.stderr).toBe('');
      expect(published.code).toBe(0);
      const digest = outputOf(published, 'digest');
      const reference = outputOf(published, 'reference');
      expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(reference).toBe(`${registry.host}/release-test/runevault@${digest}`);
      // The registry, not the engine, says both tags name that manifest.
      expect(await registryDigest(registry, '0.1.0')).toEqual({ status: 200, digest });
      expect(await registryDigest(registry, '0')).toEqual({ status: 200, digest });

      // Only our tags go: the pull below must fetch from the registry, not find it locally.
      await removeOurImages(registry);
      expect(
        (await docker.listImages({ digests: true })).some((image) =>
          (image.RepoDigests ?? []).includes(reference),
        ),
      ).toBe(false);

      const verified = await releaseImage(['verify', '--image', reference]);
      expect(verified.stderr).toBe('');
      expect(verified.code).toBe(0);
      expect(verified.stdout).toMatch(/healthy on 127\.0\.0\.1:\d+ in \d+ ms/);
      expect(Number(outputOf(verified, 'healthy-ms'))).toBeGreaterThan(0);

      const pulled = await docker.getImage(reference).inspect();
      expect(pulled.RepoDigests).toContain(reference);
      expect(pulled.Config.Labels).toMatchObject({
        'org.opencontainers.image.source': SOURCE,
        'org.opencontainers.image.version': '0.1.0',
        'org.opencontainers.image.revision': REVISION,
        'org.opencontainers.image.created': CREATED,
        'org.opencontainers.image.title': 'runevault',
        'org.opencontainers.image.description': 'FHE decryption vault over gRPC (daemon and admin CLI)',
        'org.opencontainers.image.licenses': 'NOASSERTION',
      });
    }, 600_000);

    it('a registry that requires auth refuses a push without or with wrong credentials in one line, and takes the right ones', async () => {
      const registry = guarded as LoopbackRegistry;
      const credentials = registry.credentials as { username: string; password: string };
      const target = `${registry.host}/release-test/runevault:0.1.0`;

      const anonymous = await releaseImage(publishArgs(registry.host));
      expect(anonymous.code).toBe(1);
      expect(anonymous.stderr.trimEnd().split('\n')).toEqual([
        expect.stringMatching(
          new RegExp(
            `^release-image: push of ${target.replace(/\./g, '\\.')} refused \\(authentication\\): .+; ${registry.host.replace(/\./g, '\\.')} needs credentials; set REGISTRY_USERNAME and REGISTRY_PASSWORD$`,
          ),
        ),
      ]);
      expect(anonymous.stdout).not.toMatch(/digest=/);

      const wrong = await releaseImage(publishArgs(registry.host), {
        REGISTRY_USERNAME: credentials.username,
        REGISTRY_PASSWORD: 'not-the-password',
      });
      expect(wrong.code).toBe(1);
      expect(wrong.stderr.trimEnd().split('\n')).toEqual([
        expect.stringMatching(
          /refused \(authentication\): .+; the credentials were refused; check REGISTRY_USERNAME/,
        ),
      ]);
      expect(`${wrong.stdout}${wrong.stderr}`).not.toContain('not-the-password');
      expect(await registryDigest(registry, '0.1.0', credentials)).toMatchObject({ status: 404 });

      const accepted = await releaseImage(publishArgs(registry.host), {
        REGISTRY_USERNAME: credentials.username,
        REGISTRY_PASSWORD: credentials.password,
      });
      expect(accepted.stderr).toBe('');
      expect(accepted.code).toBe(0);
      expect(`${accepted.stdout}`).not.toContain(credentials.password);
      const digest = outputOf(accepted, 'digest');
      expect(await registryDigest(registry, '0.1.0', credentials)).toEqual({ status: 200, digest });
    }, 600_000);

    it('an image that does not serve fails verify with one line after its log, and leaves no container', async () => {
      const registry = open as LoopbackRegistry;
      const published = await releaseImage(publishArgs(registry.host, '0.0.1-exits', EXITING_IMAGE));
      expect(published.code).toBe(0);
      const reference = outputOf(published, 'reference');
      const verified = await releaseImage(['verify', '--image', reference]);
      expect(verified.code).toBe(1);
      // The container's own output (the version it printed) comes first, then the one line.
      expect(verified.stdout).toMatch(/^runevault 0\.1\.0$/m);
      expect(verified.stderr.trimEnd().split('\n')).toEqual([
        expect.stringMatching(
          /^release-image: container [0-9a-f]{12} of .+@sha256:[0-9a-f]{64} exited \(code 0\) before GET http:\/\/127\.0\.0\.1:\d+\/health answered 200 \(last: no answer\); its last log lines are above$/,
        ),
      ]);
      expect(await docker.listContainers({ all: true, filters: { label: [VERIFY_LABEL] } })).toEqual([]);
    }, 600_000);
  },
);
