// What image builds leave on a real Docker engine. A base the engine cannot pull is asked for
// once per process (on a machine with no registry each pull is a DNS lookup that fails the same
// way). Untagged images of earlier runevault builds are removed, unless a container uses one;
// images that are not ours stay.
import { randomBytes } from 'node:crypto';
import type Docker from 'dockerode';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { pruneDanglingVaultImages, resolveBaseImage } from '../../src/build-image.js';
import { withImageBuildLock } from '../../src/build-lock.js';
import { CONTENT_LABEL } from '../../src/build-offline-base.js';
import { followProgress } from '../../src/docker-engine.js';
import { dockerEngineForTests } from '../../src/engine-for-tests.js';
import { packContext } from '../../src/tar-context.js';

const engine = await dockerEngineForTests('the image housekeeping tests');

/** The real client, counting the pulls asked of it. */
function countingPulls(docker: Docker): { docker: Docker; pulls: string[] } {
  const pulls: string[] = [];
  const counting = new Proxy(docker, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (property !== 'pull' || typeof value !== 'function') return value;
      return (image: string, ...rest: unknown[]) => {
        pulls.push(image);
        return value.call(target, image, ...rest);
      };
    },
  });
  return { docker: counting, pulls };
}

describe.skipIf(!engine.ok)(`base image${engine.ok ? '' : ` (skipped: ${engine.reason})`}`, () => {
  it('asks the engine once for a base it cannot pull, and gives the same reason the second time', async () => {
    if (!engine.ok) return;
    const { docker, pulls } = countingPulls(engine.docker);
    // A registry on a loopback port nothing listens on: refused at once, no DNS lookup.
    const nodeImage = `127.0.0.1:1/runevault-test/no-such-base:${process.pid}`;
    const first = await resolveBaseImage(docker, { nodeImage, pullTimeoutMs: 30_000 }).catch((e: Error) => e);
    const second = await resolveBaseImage(docker, { nodeImage, pullTimeoutMs: 30_000 }).catch(
      (e: Error) => e,
    );
    expect(first).toBeInstanceOf(Error);
    expect((first as Error).message).toMatch(new RegExp(`^base image ${nodeImage} is not available: \\S`));
    expect((second as Error).message).toBe((first as Error).message);
    expect(pulls).toEqual([nodeImage]);
  }, 60_000);

  it('with RUNEVAULT_OFFLINE_BASE=1 builds on the offline base without asking a registry for the default', async () => {
    if (!engine.ok) return;
    const { docker, pulls } = countingPulls(engine.docker);
    const lines: string[] = [];
    vi.stubEnv('RUNEVAULT_OFFLINE_BASE', '1');
    vi.stubEnv('RUNEVAULT_NODE_IMAGE', '');
    try {
      const base = await withImageBuildLock(() =>
        resolveBaseImage(docker, { log: (line) => lines.push(line) }),
      );
      expect(base.offline).toBe(true);
      expect(pulls).toEqual([]);
      expect(lines.join('\n')).toContain('not pulled: RUNEVAULT_OFFLINE_BASE=1');
    } finally {
      vi.unstubAllEnvs();
    }
  }, 300_000);
});

/** An untagged image FROM scratch holding one unique file; labelled as ours when `ours`. */
async function buildUntagged(docker: Docker, ours: boolean): Promise<string> {
  const marker = randomBytes(8).toString('hex');
  const stream = await docker.buildImage(
    packContext([
      { type: 'file', name: 'Dockerfile', content: 'FROM scratch\nCOPY marker /marker\n' },
      { type: 'file', name: 'marker', content: marker },
    ]),
    {
      labels: ours ? { [CONTENT_LABEL]: marker } : { 'io.example.not-runevault': marker },
      networkmode: 'none',
    },
  );
  let id = '';
  await followProgress(docker, stream, (event) => {
    const match = /Successfully built ([0-9a-f]+)/.exec(event.stream ?? '');
    if (match?.[1]) id = match[1];
  });
  if (!id) throw new Error('the build printed no image id');
  return (await docker.getImage(id).inspect()).Id;
}

describe.skipIf(!engine.ok)('pruneDanglingVaultImages', () => {
  const made: string[] = [];
  let container: Docker.Container | undefined;
  afterAll(async () => {
    if (!engine.ok) return;
    await container?.remove({ force: true }).catch(() => undefined);
    for (const id of made)
      await engine.docker
        .getImage(id)
        .remove({ force: true })
        .catch(() => undefined);
  });

  it('removes our untagged images, keeps the one a container uses and those that are not ours', async () => {
    if (!engine.ok) return;
    const docker = engine.docker;
    // Under the build lock: a real build's prune beside this test would take `ours` first, and
    // this prune would take the image a real build is about to tag.
    const { ours, oursInUse, notOurs, removed } = await withImageBuildLock(async () => {
      const ours = await buildUntagged(docker, true);
      const oursInUse = await buildUntagged(docker, true);
      const notOurs = await buildUntagged(docker, false);
      made.push(ours, oursInUse, notOurs);
      container = await docker.createContainer({ Image: oursInUse, Cmd: ['/marker'] });
      return { ours, oursInUse, notOurs, removed: await pruneDanglingVaultImages(docker) };
    });
    expect(removed).toContain(ours);
    expect(removed).not.toContain(oursInUse);
    const exists = (id: string) =>
      docker
        .getImage(id)
        .inspect()
        .then(
          () => true,
          () => false,
        );
    expect(await exists(ours)).toBe(false);
    expect(await exists(oursInUse)).toBe(true);
    expect(await exists(notOurs)).toBe(true);
  }, 60_000);
});
