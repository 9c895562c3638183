// Docker build contexts as tar streams made from an explicit file list: only what a build
// needs is sent, names inside the tar are chosen freely, and the same list gives a content
// hash that decides whether an existing image can be reused.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pack } from 'tar-stream';

export type ContextEntry =
  | { type: 'file'; name: string; source: string; mode?: number }
  | { type: 'file'; name: string; content: string | Uint8Array; mode?: number }
  | { type: 'directory'; name: string; mode?: number };

// A fixed mtime keeps the tar (and the builder's cache keys) identical across checkouts.
const EPOCH = new Date(0);

function modeOf(entry: ContextEntry): number {
  if (entry.mode !== undefined) return entry.mode;
  if (entry.type === 'directory') return 0o755;
  return 'source' in entry ? statSync(entry.source).mode & 0o7777 : 0o644;
}

function bytesOf(entry: Extract<ContextEntry, { type: 'file' }>): Uint8Array {
  if ('source' in entry) return readFileSync(entry.source);
  return typeof entry.content === 'string' ? Buffer.from(entry.content) : entry.content;
}

/** Every file under `dir` (sorted, recursive) as entries named `<prefix>/<relative path>`. */
export function filesUnder(dir: string, prefix: string): ContextEntry[] {
  const entries: ContextEntry[] = [];
  const walk = (relative: string) => {
    for (const item of readdirSync(join(dir, relative), { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : 1,
    )) {
      const path = relative ? `${relative}/${item.name}` : item.name;
      if (item.isDirectory()) walk(path);
      else if (item.isFile())
        entries.push({ type: 'file', name: `${prefix}/${path}`, source: join(dir, path) });
    }
  };
  walk('');
  return entries;
}

/** SHA-256 over names, types, modes and contents, plus any extra inputs (e.g. the base image id). */
export function hashContext(entries: ContextEntry[], extra: string[] = []): string {
  const hash = createHash('sha256');
  for (const input of extra) hash.update(`extra\0${input}\0`);
  for (const entry of entries) {
    hash.update(`${entry.type}\0${entry.name}\0${modeOf(entry).toString(8)}\0`);
    if (entry.type === 'file') hash.update(createHash('sha256').update(bytesOf(entry)).digest('hex'));
  }
  return hash.digest('hex');
}

/** The entries as a tar stream (files read one at a time, so memory stays at one file). */
export function packContext(entries: ContextEntry[]): Readable {
  const tar = pack();
  const add = (entry: ContextEntry) =>
    new Promise<void>((resolve, reject) => {
      const header = { name: entry.name, mode: modeOf(entry), mtime: EPOCH, uid: 0, gid: 0 };
      const done = (error?: Error | null) => (error ? reject(error) : resolve());
      if (entry.type === 'directory') tar.entry({ ...header, type: 'directory' }, done);
      else tar.entry({ ...header, type: 'file' }, bytesOf(entry), done);
    });
  void (async () => {
    try {
      for (const entry of entries) await add(entry);
      tar.finalize();
    } catch (error) {
      tar.destroy(error as Error);
    }
  })();
  // tar-stream's streamx Readable pipes like a Node stream, which is all dockerode does with it.
  return tar as unknown as Readable;
}
