// A file read back out of a container through the Engine API (GET /containers/{id}/archive):
// what the vault made inside (keys at first start, a generated team secret) exists only there,
// whatever engine or host the container runs on.
import { isNotFound } from '@runevault/vault-image/docker';
import type Docker from 'dockerode';
import { extract } from 'tar-stream';

/** Far above a key set (SecKey.json is well under 1 MiB); memory stays bounded anyway. */
const DEFAULT_MAX_READ_BYTES = 16 * 1024 * 1024;

class ContainerFileTooLargeError extends Error {}

/** The file's bytes; undefined when the container or the file does not exist. */
export async function readContainerFile(
  container: Docker.Container,
  path: string,
  options: { maxBytes?: number } = {},
): Promise<Buffer | undefined> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_READ_BYTES;
  let archive: NodeJS.ReadableStream;
  try {
    archive = await container.getArchive({ path });
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
  const entries = extract();
  (archive as NodeJS.ReadableStream & { pipe(target: unknown): unknown }).pipe(entries);
  let found: Buffer | undefined;
  let first = true;
  for await (const entry of entries) {
    // The archive's first entry is the path itself; a folder's contents follow it.
    const isThePath = first;
    first = false;
    if (!isThePath || entry.header.type !== 'file') {
      entry.resume();
      continue;
    }
    if (entry.header.size > maxBytes) {
      entries.destroy();
      throw new ContainerFileTooLargeError(
        `${path} in container ${container.id.slice(0, 12)} is ${entry.header.size} bytes, over the ${maxBytes} this reads`,
      );
    }
    const chunks: Buffer[] = [];
    for await (const chunk of entry) chunks.push(chunk as Buffer);
    found = Buffer.concat(chunks);
  }
  // A folder (or anything but a file) at that path: nothing to read.
  return found;
}
