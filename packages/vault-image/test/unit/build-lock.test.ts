import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useTempDir } from '@runevault/vault/test-support/temp-dir';
import { describe, expect, it } from 'vitest';
import { withImageBuildLock } from '../../src/build-lock.js';

const tmp = useTempDir('build-lock');

/** A promise with its resolve handed out. */
function deferred<T = void>() {
  let resolve: (value: T) => void = () => {};
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** A wait the test steps through: each call is announced, and returns when released. */
function steppedWait() {
  let called = deferred();
  let release = deferred();
  return {
    wait: () => {
      called.resolve();
      return release.promise;
    },
    /** Resolves when the waiting build has looked at the lock and pauses. */
    nextCall: () => called.promise,
    releaseOne: () => {
      const current = release;
      called = deferred();
      release = deferred();
      current.resolve();
    },
  };
}

describe('withImageBuildLock', () => {
  it('runs a second build only after the first has finished, then removes the lock', async () => {
    const path = join(tmp(), 'build.lock');
    const events: string[] = [];
    const firstDone = deferred();
    const first = withImageBuildLock(
      async () => {
        events.push('first starts');
        await firstDone.promise;
        events.push('first ends');
      },
      { path },
    );
    expect(readFileSync(path, 'utf8')).toBe(`${process.pid}\n`);

    const stepped = steppedWait();
    const second = withImageBuildLock(
      async () => {
        events.push('second starts');
      },
      { path, wait: stepped.wait },
    );
    // It found the lock held and waits; it looks again as often as it is let, and still waits.
    await stepped.nextCall();
    stepped.releaseOne();
    await stepped.nextCall();
    expect(events).toEqual(['first starts']);

    firstDone.resolve();
    await first;
    stepped.releaseOne();
    await second;
    expect(events).toEqual(['first starts', 'first ends', 'second starts']);
    expect(existsSync(path)).toBe(false);
  });

  it('releases the lock when the build throws', async () => {
    const path = join(tmp(), 'build.lock');
    await expect(
      withImageBuildLock(
        async () => {
          throw new Error('build failed');
        },
        { path },
      ),
    ).rejects.toThrow('build failed');
    expect(existsSync(path)).toBe(false);
  });

  it('takes over a lock whose holder died mid-build', async () => {
    const path = join(tmp(), 'build.lock');
    const child = spawn(process.execPath, ['-e', '0']);
    await new Promise((resolve) => child.once('exit', resolve));
    writeFileSync(path, `${child.pid}\n`);
    const result = await withImageBuildLock(async () => 'built', {
      path,
      wait: async () => {
        throw new Error('waited for a holder that is dead');
      },
    });
    expect(result).toBe('built');
    expect(existsSync(path)).toBe(false);
  });
});
