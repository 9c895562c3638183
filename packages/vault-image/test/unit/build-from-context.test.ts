// The image context as a parameter: the same entries from any folder laid out like the
// repository (a checkout, or the copy an action carries), modes fixed so the content hash
// does not depend on the umask a checkout was made with, and a carried folder that is
// incomplete refused with what is missing.
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { useTempDir } from '@runevault/vault/test-support/temp-dir';
import { describe, expect, it } from 'vitest';
import {
  CONTEXT_MANIFEST,
  contentAddressedTag,
  contextEntries,
  readVaultImageContext,
} from '../../src/build-from-context.js';
import { vaultImageContext } from '../../src/build-image.js';
import { hashContext } from '../../src/tar-context.js';

const tempDir = useTempDir('build-from-context');

const FILES: Record<string, string> = {
  [CONTEXT_MANIFEST]: '{"version":"1.2.3"}\n',
  'packages/vault/Dockerfile': 'ARG NODE_IMAGE=node:20\nFROM node:20\n',
  'packages/vault/dist/runevault.mjs': '#!/usr/bin/env node\n',
  'packages/vault/dist/proto/a.proto': 'syntax = "proto3";\n',
  'packages/vault/image/runevault': '#!/usr/local/bin/node\n',
  'packages/vault/image/runevault.conf': 'server: {}\n',
};

function writeContext(root: string, mode: number): void {
  for (const [name, content] of Object.entries(FILES)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), content);
    chmodSync(join(root, name), name.endsWith('runevault.mjs') ? mode | 0o111 : mode);
  }
}

describe('contextEntries', () => {
  it('sends exactly the files the Dockerfile reads, under the names it uses', () => {
    const root = tempDir();
    writeContext(root, 0o644);
    expect(
      contextEntries({ root, version: '1.2.3' }).map((entry) => `${entry.name} ${entry.mode?.toString(8)}`),
    ).toEqual([
      'packages/vault/Dockerfile 644',
      'packages/vault/dist/proto/a.proto 644',
      'packages/vault/dist/runevault.mjs 755',
      'packages/vault/image/runevault 755',
      'packages/vault/image/runevault.conf 644',
    ]);
  });

  it('hashes alike whatever umask the files were written with (git keeps only the executable bit)', () => {
    const [a, b] = [join(tempDir(), 'a'), join(tempDir(), 'b')];
    writeContext(a, 0o644);
    writeContext(b, 0o664);
    expect(hashContext(contextEntries({ root: a, version: '1' }))).toBe(
      hashContext(contextEntries({ root: b, version: '1' })),
    );
  });

  it("keeps this checkout's entry names (vaultImageContext) the same as a carried folder's", () => {
    const root = tempDir();
    writeContext(root, 0o644);
    const carried = contextEntries({ root, version: '1' }).map((entry) => entry.name);
    const checkout = vaultImageContext(join(root, 'packages/vault/dist')).map((entry) => entry.name);
    expect(checkout).toEqual(carried);
  });
});

describe('readVaultImageContext', () => {
  it('returns the root and the version of a complete folder', () => {
    const root = tempDir();
    writeContext(root, 0o644);
    expect(readVaultImageContext(root)).toEqual({ root, version: '1.2.3' });
  });

  it('names every missing file and how to make the folder again', () => {
    const root = tempDir();
    writeContext(root, 0o644);
    rmSync(join(root, 'packages/vault/dist'), { recursive: true });
    rmSync(join(root, CONTEXT_MANIFEST));
    expect(() => readVaultImageContext(root)).toThrow(
      `the vault image context ${root} is incomplete (missing vault-image.json, packages/vault/dist/runevault.mjs); ` +
        'rebuild it with node scripts/build-actions.mjs',
    );
  });

  it('refuses a manifest without a version', () => {
    const root = tempDir();
    writeContext(root, 0o644);
    writeFileSync(join(root, CONTEXT_MANIFEST), '{}\n');
    expect(() => readVaultImageContext(root)).toThrow(/names no version; rebuild it/);
  });
});

describe('contentAddressedTag', () => {
  it('is runevault:<version>-<first 12 hex of the hash>', () => {
    expect(contentAddressedTag('0.1.0', 'abcdef0123456789'.repeat(4))).toBe('runevault:0.1.0-abcdef012345');
  });
});
