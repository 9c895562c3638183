import { chmodSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic, writeFileAtomicSync } from '../../../src/fs/atomic-write.js';
import { useTempDir } from '../../support/temp-dir.js';

const tmp = useTempDir('atomic');
const modeOf = (path: string) => statSync(path).mode & 0o777;
const tempFilesIn = (dir: string) => readdirSync(dir).filter((name) => name.endsWith('.tmp'));

describe.each([
  [
    'writeFileAtomic',
    (path: string, data: string | Uint8Array, opts = {}) => writeFileAtomic(path, data, opts),
  ],
  [
    'writeFileAtomicSync',
    async (path: string, data: string | Uint8Array, opts = {}) => writeFileAtomicSync(path, data, opts),
  ],
])('%s', (_name, write) => {
  it('creates missing directories 0700 and the file 0600, leaving no temp file', async () => {
    const dir = join(tmp(), 'a', 'b');
    const file = join(dir, 'state.yml');
    await write(file, 'hello\n');
    expect(readFileSync(file, 'utf8')).toBe('hello\n');
    expect(modeOf(file)).toBe(0o600);
    expect(modeOf(dir)).toBe(0o700);
    expect(modeOf(join(tmp(), 'a'))).toBe(0o700);
    expect(readdirSync(dir)).toEqual(['state.yml']);
  });

  it('replaces existing content and applies the requested mode despite the umask', async () => {
    const file = join(tmp(), 'public.json');
    writeFileSync(file, 'old', { mode: 0o600 });
    await write(file, Buffer.from('new bytes'), { mode: 0o644 });
    expect(readFileSync(file, 'utf8')).toBe('new bytes');
    expect(modeOf(file)).toBe(0o644);
    expect(tempFilesIn(tmp())).toEqual([]);
  });

  it('leaves an existing directory mode alone', async () => {
    chmodSync(tmp(), 0o755);
    await write(join(tmp(), 'f'), 'x');
    expect(modeOf(tmp())).toBe(0o755);
  });

  it('fails when the target is a directory, removing its temp file and keeping the directory', async () => {
    const target = join(tmp(), 'target');
    mkdirSync(target);
    writeFileSync(join(target, 'inside'), 'keep me');
    await expect(write(target, 'data')).rejects.toThrow();
    expect(readFileSync(join(target, 'inside'), 'utf8')).toBe('keep me');
    expect(readdirSync(tmp())).toEqual(['target']);
  });

  it('keeps the old content when the write fails after the temp file was created', async () => {
    const file = join(tmp(), 'tokens.yml');
    writeFileSync(file, 'old content');
    // A non-buffer payload makes the write itself throw, between open and rename.
    await expect(write(file, 12345 as unknown as string)).rejects.toThrow();
    expect(readFileSync(file, 'utf8')).toBe('old content');
    expect(readdirSync(tmp())).toEqual(['tokens.yml']);
  });

  it('fails cleanly when a parent path is a file', async () => {
    writeFileSync(join(tmp(), 'blocker'), 'x');
    await expect(write(join(tmp(), 'blocker', 'child', 'f'), 'data')).rejects.toMatchObject({
      code: 'ENOTDIR',
    });
    expect(readdirSync(tmp())).toEqual(['blocker']);
  });

  it.skipIf(process.getuid?.() === 0)('keeps the old content when the directory is read-only', async () => {
    const dir = join(tmp(), 'ro');
    mkdirSync(dir);
    const file = join(dir, 'f');
    writeFileSync(file, 'old');
    chmodSync(dir, 0o500);
    try {
      await expect(write(file, 'new')).rejects.toMatchObject({ code: 'EACCES' });
      expect(readFileSync(file, 'utf8')).toBe('old');
      expect(readdirSync(dir)).toEqual(['f']);
    } finally {
      chmodSync(dir, 0o700);
    }
  });
});

describe('concurrent writers', () => {
  it('never interleave: the file holds one complete payload and no temp files remain', async () => {
    const file = join(tmp(), 'race');
    const payloads = Array.from(
      { length: 20 },
      (_, i) => `${String(i).padStart(2, '0')}:${'x'.repeat(50_000)}`,
    );
    await Promise.all(payloads.map((payload) => writeFileAtomic(file, payload)));
    expect(payloads).toContain(readFileSync(file, 'utf8'));
    expect(readdirSync(tmp())).toEqual(['race']);
  });
});
