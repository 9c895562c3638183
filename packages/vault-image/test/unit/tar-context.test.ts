import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useTempDir } from '@runevault/vault/test-support/temp-dir';
import { extract } from 'tar-stream';
import { describe, expect, it } from 'vitest';
import { type ContextEntry, filesUnder, hashContext, packContext } from '../../src/tar-context.js';

const tempDir = useTempDir('tar-context');

async function unpack(entries: ContextEntry[]) {
  const seen: { name: string; type: string; mode: number; mtime: number; body: string }[] = [];
  const reader = extract();
  reader.on('entry', (header, stream, next) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk) => chunks.push(chunk as Buffer));
    stream.on('end', () => {
      seen.push({
        name: header.name,
        type: header.type,
        mode: header.mode,
        mtime: header.mtime.getTime(),
        body: Buffer.concat(chunks).toString(),
      });
      next();
    });
  });
  const done = new Promise<void>((resolve, reject) =>
    reader.on('finish', () => resolve()).on('error', reject),
  );
  packContext(entries).pipe(reader as unknown as NodeJS.WritableStream);
  await done;
  return seen;
}

describe('tar build contexts', () => {
  it('packs files from disk and from memory under the chosen names, modes and a fixed mtime', async () => {
    const file = join(tempDir(), 'launcher');
    writeFileSync(file, '#!/bin/true\n', { mode: 0o755 });
    const entries = await unpack([
      { type: 'file', name: 'bin/launcher', source: file },
      { type: 'file', name: 'etc/passwd', content: 'root:x:0:0::/:/sbin/nologin\n', mode: 0o644 },
      { type: 'directory', name: 'tmp', mode: 0o1777 },
    ]);
    expect(entries).toEqual([
      { name: 'bin/launcher', type: 'file', mode: 0o755, mtime: 0, body: '#!/bin/true\n' },
      { name: 'etc/passwd', type: 'file', mode: 0o644, mtime: 0, body: 'root:x:0:0::/:/sbin/nologin\n' },
      { name: 'tmp', type: 'directory', mode: 0o1777, mtime: 0, body: '' },
    ]);
  });

  it('lists a tree sorted and recursively under a prefix', () => {
    mkdirSync(join(tempDir(), 'b/c'), { recursive: true });
    writeFileSync(join(tempDir(), 'b/c/z.txt'), 'z');
    writeFileSync(join(tempDir(), 'a.txt'), 'a');
    expect(filesUnder(tempDir(), 'ctx').map((e) => e.name)).toEqual(['ctx/a.txt', 'ctx/b/c/z.txt']);
  });

  it('hashes content, mode, names and extra inputs, and nothing else', () => {
    const entries = (body: string, mode = 0o644): ContextEntry[] => [
      { type: 'file', name: 'f', content: body, mode },
    ];
    const base = hashContext(entries('x'));
    expect(hashContext(entries('x'))).toBe(base);
    expect(hashContext(entries('y'))).not.toBe(base);
    expect(hashContext(entries('x', 0o600))).not.toBe(base);
    expect(hashContext([{ type: 'file', name: 'g', content: 'x', mode: 0o644 }])).not.toBe(base);
    expect(hashContext(entries('x'), ['sha256:base'])).not.toBe(base);
  });
});
