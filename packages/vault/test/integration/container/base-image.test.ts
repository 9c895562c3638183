// The base image lookup on a real Docker engine: a base the engine cannot pull is asked for
// once per process; the next build gets the same answer without another pull (on a machine
// with no registry, each pull is a DNS lookup that fails the same way).
import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { resolveBaseImage } from '../../../src/image/build-image.js';
import { checkDockerEngine } from '../../../src/image/docker-engine.js';

const engine = await checkDockerEngine();

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
    const nodeImage = `runevault-test/no-such-base:${process.pid}`;
    const first = await resolveBaseImage(docker, { nodeImage, pullTimeoutMs: 30_000 }).catch((e: Error) => e);
    const second = await resolveBaseImage(docker, { nodeImage, pullTimeoutMs: 30_000 }).catch(
      (e: Error) => e,
    );
    expect(first).toBeInstanceOf(Error);
    expect((first as Error).message).toMatch(new RegExp(`^base image ${nodeImage} is not available: \\S`));
    expect((second as Error).message).toBe((first as Error).message);
    expect(pulls).toEqual([nodeImage]);
  }, 60_000);
});
