import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fchmodSync,
  fsyncSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { type FileHandle, mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export interface AtomicWriteOptions {
  /** Mode of the written file (default 0600: most files we write hold secrets or tokens). */
  mode?: number;
  /** Mode of directories created on the way (existing directories are left alone). */
  dirMode?: number;
}

// The temp file lives beside the target so the final rename never crosses a filesystem,
// and its name starts with a dot so directory listings and globs skip it.
function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
}

// Some platforms and filesystems cannot fsync a directory; the rename is already done by
// then, so losing only the durability guarantee of the directory entry is acceptable.
const DIR_FSYNC_UNSUPPORTED = new Set(['EISDIR', 'EINVAL', 'EPERM', 'EACCES', 'ENOTSUP', 'EBADF']);

function isUnsupportedDirFsync(error: unknown): boolean {
  return DIR_FSYNC_UNSUPPORTED.has((error as NodeJS.ErrnoException).code ?? '');
}

/**
 * Replaces `path` with `data` so that readers see either the old or the new content, never
 * a torn file: write a temp file, fsync it, rename it over the target, fsync the directory.
 * On any failure the temp file is removed and the old file is left as it was.
 */
export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  { mode = 0o600, dirMode = 0o700 }: AtomicWriteOptions = {},
): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true, mode: dirMode });
  const temp = tempPathFor(path);
  let handle: FileHandle | undefined;
  try {
    handle = await open(temp, 'wx', mode);
    // Explicit chmod: the umask could otherwise narrow a deliberately wider mode.
    await handle.chmod(mode);
    await handle.writeFile(data);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await rename(temp, path);
  } catch (error) {
    await handle?.close().catch(() => {});
    await rm(temp, { force: true }).catch(() => {});
    throw error;
  }
  await fsyncDirectory(dir);
}

/** Synchronous twin of writeFileAtomic, for start-up and shutdown paths (PID file, dev setup). */
export function writeFileAtomicSync(
  path: string,
  data: string | Uint8Array,
  { mode = 0o600, dirMode = 0o700 }: AtomicWriteOptions = {},
): void {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true, mode: dirMode });
  const temp = tempPathFor(path);
  let fd: number | undefined;
  try {
    fd = openSync(temp, 'wx', mode);
    fchmodSync(fd, mode);
    writeFileSync(fd, data);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temp, path);
  } catch (error) {
    if (fd !== undefined) {
      try {
        closeSync(fd);
      } catch {}
    }
    try {
      rmSync(temp, { force: true });
    } catch {}
    throw error;
  }
  fsyncDirectorySync(dir);
}

async function fsyncDirectory(dir: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch (error) {
    if (!isUnsupportedDirFsync(error)) throw error;
  } finally {
    await handle?.close();
  }
}

function fsyncDirectorySync(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch (error) {
    if (!isUnsupportedDirFsync(error)) throw error;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
