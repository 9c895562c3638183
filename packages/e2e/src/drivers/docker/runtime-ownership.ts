import { chmodSync, chownSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { RUNTIME_GID, RUNTIME_UID } from '@runevault/vault/docker';

/**
 * Hands a mounted folder to the image's numeric user (10001), which writes tokens.yml, roles.yml
 * and (if missing) the keys there. Without root to chown, the tree is opened up instead; the
 * vault then warns about loose modes, which is acceptable for a throwaway test vault.
 */
export function handToRuntimeUser(dir: string): 'chown' | 'chmod' {
  try {
    walk(dir, (path) => chownSync(path, RUNTIME_UID, RUNTIME_GID));
    return 'chown';
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') throw error;
    walk(dir, (path, isDir) => chmodSync(path, isDir ? 0o777 : 0o666));
    return 'chmod';
  }
}

function walk(path: string, visit: (path: string, isDir: boolean) => void): void {
  const isDir = statSync(path).isDirectory();
  visit(path, isDir);
  if (isDir) for (const name of readdirSync(path)) walk(join(path, name), visit);
}
