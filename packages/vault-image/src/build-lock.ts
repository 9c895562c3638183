// One image build at a time on this machine. A build ends by tagging its image and pruning
// the runevault images left untagged; a build running beside it may be reusing one of those
// as its layer cache, or be between committing its image and tagging it, and the prune then
// fails it ("failed to get digest sha256:…"). Builds from two `npm test` runs, an action test
// and a developer's `npm run image` therefore queue on a lock file holding the builder's PID.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isProcessAlive } from '@runevault/vault/pid-file';

const IMAGE_BUILD_LOCK = join(tmpdir(), 'runevault-image-build.lock');

export interface BuildLockOptions {
  /** Default IMAGE_BUILD_LOCK. */
  path?: string;
  /** How often a waiting build looks again (default 200 ms). */
  pollMs?: number;
  /** The pause between looks (tests hand in their own to step through a wait). */
  wait?: (ms: number) => Promise<unknown>;
}

/** Runs `build` once no other process (or call in this one) holds the lock. */
export async function withImageBuildLock<T>(
  build: () => Promise<T>,
  options: BuildLockOptions = {},
): Promise<T> {
  const path = options.path ?? IMAGE_BUILD_LOCK;
  for (;;) {
    try {
      writeFileSync(path, `${process.pid}\n`, { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    // A holder that died mid-build (SIGKILL) never removes its file: take the lock over.
    if (!holderAlive(path)) {
      rmSync(path, { force: true });
      continue;
    }
    await (options.wait ?? sleep)(options.pollMs ?? 200);
  }
  try {
    return await build();
  } finally {
    rmSync(path, { force: true });
  }
}

function holderAlive(path: string): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(path, 'utf8').trim());
  } catch {
    return true; // released between our attempt and this read: just try again
  }
  // An empty file is a holder that has created it but not yet written its PID.
  return !Number.isInteger(pid) || pid <= 0 || isProcessAlive(pid);
}
