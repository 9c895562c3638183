// Files handed to a container through the Engine API (PUT /containers/{id}/archive), as
// testcontainers' copyToContainer does, instead of a bind mount: a bind source names a path on
// the ENGINE's host, which a job inside a container (act), a remote DOCKER_HOST or
// Docker-in-Docker does not share. The tar headers carry the owner and mode each file needs
// inside, so nothing on this host is chowned or opened up.
import type Docker from 'dockerode';
import { pack } from 'tar-stream';

export type ArchiveEntry =
  | { type: 'directory'; name: string; mode: number }
  | { type: 'file'; name: string; mode: number; content: Uint8Array };

export interface ArchiveOwner {
  uid: number;
  gid: number;
}

export class ArchiveEntryError extends Error {}

/**
 * A name the engine extracts below the target folder and nowhere else: relative, `/`-separated,
 * no empty, `.` or `..` segment, no NUL.
 */
export function checkEntryName(name: string): void {
  const segments = name.split('/');
  if (
    name.startsWith('/') ||
    name.includes('\0') ||
    segments.some((segment) => segment === '' || segment === '.' || segment === '..')
  ) {
    throw new ArchiveEntryError(
      `archive entry ${JSON.stringify(name)} is not a plain relative path; name files below the target folder without ., .. or empty parts`,
    );
  }
}

/**
 * Every name checked, no name twice, and every entry's folder listed before it: the engine
 * would make a missing parent itself, owned by root, where the container's user cannot write.
 */
function checkEntries(entries: readonly ArchiveEntry[]): void {
  const seen = new Set<string>();
  const folders = new Set<string>();
  for (const entry of entries) {
    checkEntryName(entry.name);
    if (seen.has(entry.name)) throw new ArchiveEntryError(`archive entry ${entry.name} is listed twice`);
    seen.add(entry.name);
    const parent = entry.name.includes('/') ? entry.name.slice(0, entry.name.lastIndexOf('/')) : '';
    if (parent && !folders.has(parent)) {
      throw new ArchiveEntryError(`archive entry ${entry.name} comes before its folder ${parent}`);
    }
    if (entry.type === 'directory') folders.add(entry.name);
  }
}

/** The entries as one tar, every header owned by `owner` with the entry's own mode. */
export async function packOwnedTar(entries: readonly ArchiveEntry[], owner: ArchiveOwner): Promise<Buffer> {
  checkEntries(entries);
  const tar = pack();
  const chunks: Buffer[] = [];
  tar.on('data', (chunk: unknown) => chunks.push(chunk as Buffer));
  const ended = new Promise<void>((resolve, reject) => {
    tar.on('end', () => resolve());
    tar.on('error', reject);
  });
  const mtime = new Date();
  for (const entry of entries) {
    const header = { name: entry.name, mode: entry.mode, mtime, uid: owner.uid, gid: owner.gid };
    await new Promise<void>((resolve, reject) => {
      const done = (error?: Error | null) => (error ? reject(error) : resolve());
      if (entry.type === 'directory') tar.entry({ ...header, type: 'directory' }, done);
      else tar.entry({ ...header, type: 'file', size: entry.content.length }, entry.content, done);
    });
  }
  tar.finalize();
  await ended;
  return Buffer.concat(chunks);
}

/** Extracts the entries below `path` in the container (created or running); their byte total. */
export async function copyIntoContainer(
  container: Docker.Container,
  path: string,
  entries: readonly ArchiveEntry[],
  owner: ArchiveOwner,
): Promise<{ files: number; bytes: number }> {
  const tar = await packOwnedTar(entries, owner);
  await container.putArchive(tar, { path });
  const files = entries.filter((entry) => entry.type === 'file');
  return { files: files.length, bytes: files.reduce((sum, file) => sum + file.content.length, 0) };
}
