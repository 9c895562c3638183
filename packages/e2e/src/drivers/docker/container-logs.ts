import type Docker from 'dockerode';

/**
 * A container's stdout+stderr as one text. Without a TTY the engine multiplexes both streams
 * into frames: 8-byte header (stream, 3 zero bytes, big-endian size), then the payload.
 */
export function demuxLogs(raw: Buffer): string {
  const chunks: string[] = [];
  let at = 0;
  while (at + 8 <= raw.length) {
    const size = raw.readUInt32BE(at + 4);
    chunks.push(raw.subarray(at + 8, at + 8 + size).toString('utf8'));
    at += 8 + size;
  }
  return chunks.join('');
}

/** Everything the container wrote so far (or its last `tail` lines). */
export async function containerLogs(
  container: Docker.Container,
  options: { tail?: number } = {},
): Promise<string> {
  const raw = (await container.logs({
    stdout: true,
    stderr: true,
    follow: false,
    ...(options.tail !== undefined ? { tail: options.tail } : {}),
  })) as unknown as Buffer;
  return demuxLogs(raw);
}
