import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, statSync, unlinkSync, writeSync } from 'node:fs';
import net from 'node:net';
import { basename, dirname, join } from 'node:path';

export interface InstanceLock {
  release(): Promise<void>;
}

/**
 * A single-instance lock held by the kernel for as long as this process lives, so a crash
 * can never leave it behind. On Linux: an abstract Unix socket whose name derives from the
 * identity (device + inode) of the PID file's directory — identity rather than path, so
 * containers sharing the host's network namespace with the same path do not collide.
 * Elsewhere: an O_EXCL lock file next to the PID file (removed on release).
 * Resolves undefined when another process holds the lock.
 */
export async function acquireInstanceLock(pidFile: string): Promise<InstanceLock | undefined> {
  const dir = dirname(pidFile);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (process.platform === 'linux') return acquireAbstractSocketLock(dir, basename(pidFile));
  return acquireLockFile(join(dir, `${basename(pidFile)}.lock`));
}

function acquireAbstractSocketLock(dir: string, name: string): Promise<InstanceLock | undefined> {
  const { dev, ino } = statSync(dir);
  const digest = createHash('sha256').update(`${dev}:${ino}:${name}`).digest('hex').slice(0, 40);
  const server = net.createServer((socket) => socket.destroy());
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') resolve(undefined);
      else reject(error);
    });
    server.listen({ path: `\0runevault-${digest}` }, () => {
      // The lock must not keep the process alive on its own.
      server.unref();
      resolve({ release: () => new Promise<void>((done) => server.close(() => done())) });
    });
  });
}

async function acquireLockFile(path: string): Promise<InstanceLock | undefined> {
  try {
    const fd = openSync(path, 'wx', 0o600);
    writeSync(fd, `${process.pid}\n`);
    closeSync(fd);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return undefined;
    throw error;
  }
  return {
    release: async () => {
      try {
        unlinkSync(path);
      } catch {
        // already gone
      }
    },
  };
}
