// The tar the driver copies into the vault's container: names, owner, modes and sizes as the
// engine will extract them, and no name that could land outside the target folder.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extract, type Header } from 'tar-stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type ArchiveEntry,
  ArchiveEntryError,
  checkEntryName,
  copyIntoContainer,
  packOwnedTar,
} from '../../../src/drivers/docker/copy-into-container.js';
import {
  installFileMode,
  oidcJwksEntryName,
  vaultInstallEntries,
} from '../../../src/drivers/docker/vault-install-files.js';

const OWNER = { uid: 10001, gid: 10001 };

async function unpack(tar: Buffer): Promise<{ header: Header; content: Buffer }[]> {
  const entries = extract();
  entries.end(tar);
  const found: { header: Header; content: Buffer }[] = [];
  for await (const entry of entries) {
    const chunks: Buffer[] = [];
    for await (const chunk of entry) chunks.push(chunk as Buffer);
    found.push({ header: entry.header, content: Buffer.concat(chunks) });
  }
  return found;
}

const file = (name: string, text: string, mode = 0o600): ArchiveEntry => ({
  type: 'file',
  name,
  mode,
  content: Buffer.from(text),
});
const folder = (name: string): ArchiveEntry => ({ type: 'directory', name, mode: 0o700 });

describe('packOwnedTar', () => {
  it('writes every entry with the given owner, its own mode, its name and its exact size', async () => {
    const tar = await packOwnedTar(
      [
        folder('configs'),
        file('configs/runevault.conf', 'server: {}\n'),
        file('configs/server.pem', 'PEM', 0o644),
      ],
      OWNER,
    );
    const entries = await unpack(tar);
    expect(
      entries.map(({ header }) => [
        header.name,
        header.type,
        header.mode,
        header.uid,
        header.gid,
        header.size,
      ]),
    ).toEqual([
      ['configs', 'directory', 0o700, 10001, 10001, 0],
      ['configs/runevault.conf', 'file', 0o600, 10001, 10001, 11],
      ['configs/server.pem', 'file', 0o644, 10001, 10001, 3],
    ]);
    expect(entries[1]?.content.toString()).toBe('server: {}\n');
  });

  it('carries binary content and a large file byte for byte', async () => {
    const big = Buffer.alloc(3 * 1024 * 1024 + 7, 0xa5);
    big[12345] = 0;
    const entries = await unpack(
      await packOwnedTar([folder('k'), { type: 'file', name: 'k/big', mode: 0o600, content: big }], OWNER),
    );
    expect(entries[1]?.header.size).toBe(big.length);
    expect(entries[1]?.content.equals(big)).toBe(true);
  });

  it.each([
    '/etc/passwd',
    '../escape',
    'configs/../../escape',
    'configs/./x',
    'configs//x',
    'configs/',
    '',
    'a\0b',
  ])('refuses the name %j before anything is packed', async (name) => {
    expect(() => checkEntryName(name)).toThrow(ArchiveEntryError);
    await expect(packOwnedTar([file(name, 'x')], OWNER)).rejects.toThrow(/is not a plain relative path/);
  });

  it('refuses an entry listed before its folder (the engine would make that folder as root)', async () => {
    await expect(packOwnedTar([file('configs/a', 'x'), folder('configs')], OWNER)).rejects.toThrow(
      'archive entry configs/a comes before its folder configs',
    );
    await expect(packOwnedTar([file('configs/a', 'x')], OWNER)).rejects.toThrow(ArchiveEntryError);
  });

  it('refuses a name listed twice', async () => {
    await expect(packOwnedTar([folder('c'), file('c/a', '1'), file('c/a', '2')], OWNER)).rejects.toThrow(
      'archive entry c/a is listed twice',
    );
  });
});

describe('copyIntoContainer', () => {
  it('puts one tar below the path and reports the files and bytes it carried', async () => {
    const calls: { tar: Buffer; options: unknown }[] = [];
    const container = {
      putArchive: async (tar: Buffer, options: unknown) => {
        calls.push({ tar, options });
        return undefined;
      },
    } as never;
    const copied = await copyIntoContainer(
      container,
      '/opt/rune-vault',
      [folder('configs'), file('configs/a', 'abc'), file('configs/b', 'de')],
      OWNER,
    );
    expect(copied).toEqual({ files: 2, bytes: 5 });
    expect(calls).toHaveLength(1);
    expect(calls[0]?.options).toEqual({ path: '/opt/rune-vault' });
    expect((await unpack(calls[0]?.tar ?? Buffer.alloc(0))).map((e) => e.header.name)).toEqual([
      'configs',
      'configs/a',
      'configs/b',
    ]);
  });
});

describe('vaultInstallEntries', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'install-entries-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function makeHome(): string {
    const home = join(dir, 'home');
    mkdirSync(join(home, 'configs'), { recursive: true });
    mkdirSync(join(home, 'vault-keys', 'vault-key'), { recursive: true });
    writeFileSync(join(home, 'configs', 'runevault.conf'), 'conf');
    writeFileSync(join(home, 'configs', 'team-secret'), 'secret');
    writeFileSync(join(home, 'configs', 'server.pem'), 'cert');
    writeFileSync(join(home, 'configs', 'server.key'), 'key');
    writeFileSync(join(home, 'configs', 'oidc-jwks.json'), '{}');
    for (const name of ['EncKey.json', 'EvalKey.json', 'SecKey.json'])
      writeFileSync(join(home, 'vault-keys', 'vault-key', name), name);
    // Not part of what the container sees (start-vault-container writes tls-ca.pem here).
    writeFileSync(join(home, 'tls-ca.pem'), 'ca');
    return home;
  }

  it('sends configs/ and vault-keys/ folders first, secrets 0600, public files 0644, folders 0700', () => {
    const entries = vaultInstallEntries(makeHome());
    expect(entries.map((entry) => [entry.name, entry.type, entry.mode.toString(8)])).toEqual([
      ['configs', 'directory', '700'],
      ['configs/oidc-jwks.json', 'file', '644'],
      ['configs/runevault.conf', 'file', '600'],
      ['configs/server.key', 'file', '600'],
      ['configs/server.pem', 'file', '644'],
      ['configs/team-secret', 'file', '600'],
      ['vault-keys', 'directory', '700'],
      ['vault-keys/vault-key', 'directory', '700'],
      ['vault-keys/vault-key/EncKey.json', 'file', '644'],
      ['vault-keys/vault-key/EvalKey.json', 'file', '644'],
      ['vault-keys/vault-key/SecKey.json', 'file', '600'],
    ]);
  });

  it('adds the providers JWKS files under oidc/ in provider order, read from their host paths', () => {
    const home = makeHome();
    writeFileSync(join(dir, 'a.json'), '{"keys":["a"]}');
    writeFileSync(join(dir, 'b.json'), '{"keys":["b"]}');
    const entries = vaultInstallEntries(home, [join(dir, 'a.json'), join(dir, 'b.json')]);
    const oidc = entries.filter((entry) => entry.name.startsWith('oidc'));
    expect(oidc.map((entry) => [entry.name, entry.mode.toString(8)])).toEqual([
      ['oidc', '700'],
      [oidcJwksEntryName(0), '644'],
      [oidcJwksEntryName(1), '644'],
    ]);
    expect(oidc[2]?.type === 'file' && oidc[2].content.toString()).toBe('{"keys":["b"]}');
  });

  it('sends what a symlinked file points at, and secret by default', () => {
    const home = makeHome();
    writeFileSync(join(dir, 'given-roles.yml'), 'roles');
    symlinkSync(join(dir, 'given-roles.yml'), join(home, 'configs', 'roles.yml'));
    const roles = vaultInstallEntries(home).find((entry) => entry.name === 'configs/roles.yml');
    expect(roles?.type).toBe('file');
    expect(roles?.mode).toBe(0o600);
    expect(roles?.type === 'file' && roles.content.toString()).toBe('roles');
  });

  it('treats a file as secret unless it is a known public one', () => {
    expect(installFileMode('configs/my-key.pem')).toBe(0o600);
    expect(installFileMode('configs/EncKey.json')).toBe(0o600);
    expect(installFileMode('vault-keys/other-key/EvalKey.json')).toBe(0o644);
    expect(installFileMode('vault-keys/vault-key/SecKey.json')).toBe(0o600);
  });
});
