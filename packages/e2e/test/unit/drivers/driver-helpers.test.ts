import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { roleCreateArgs, tokenIssueArgs } from '../../../src/drivers/admin-commands.js';
import { demuxLogs } from '../../../src/drivers/docker/container-logs.js';
import { newRunId, parseIssuedToken } from '../../../src/drivers/docker-driver.js';
import { readKnownSecrets, secKeyFragments } from '../../../src/drivers/known-secrets.js';
import { pendingSignalTeardowns, teardownOnSignal } from '../../../src/drivers/signal-teardown.js';

function frame(stream: 1 | 2, text: string): Buffer {
  const payload = Buffer.from(text, 'utf8');
  const header = Buffer.alloc(8);
  header.writeUInt8(stream, 0);
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

describe('demuxLogs', () => {
  it('joins stdout and stderr frames in the order they were written', () => {
    const raw = Buffer.concat([
      frame(2, 'INFO starting\n'),
      frame(1, '{"audit":1}\n'),
      frame(2, 'INFO ✓ ready\n'),
    ]);
    expect(demuxLogs(raw)).toBe('INFO starting\n{"audit":1}\nINFO ✓ ready\n');
  });

  it('ignores a truncated header at the end', () => {
    expect(demuxLogs(Buffer.concat([frame(1, 'a\n'), Buffer.from([1, 0, 0])]))).toBe('a\n');
  });
});

describe('admin commands', () => {
  it('token issue asks for JSON', () => {
    expect(tokenIssueArgs('ci', 'member')).toEqual([
      'token',
      'issue',
      '--user',
      'ci',
      '--role',
      'member',
      '--json',
    ]);
  });

  it('role create passes scope comma-separated and top-k as text', () => {
    expect(
      roleCreateArgs({
        name: 'limited',
        scope: ['get_public_key', 'decrypt_scores'],
        topK: 3,
        rateLimit: '2/60s',
      }),
    ).toEqual([
      'role',
      'create',
      '--name',
      'limited',
      '--scope',
      'get_public_key,decrypt_scores',
      '--top-k',
      '3',
      '--rate-limit',
      '2/60s',
    ]);
  });
});

describe('parseIssuedToken', () => {
  it('reads the token of `runevault token issue --json`', () => {
    const line = '{"user":"ci","token":"evt_0123","role":"member","issued_at":"x","expires":"never"}\n';
    expect(parseIssuedToken(line)).toBe('evt_0123');
  });

  it('says what was printed instead', () => {
    expect(() => parseIssuedToken('Error: role not found\n')).toThrow(
      'runevault token issue --json printed no token: Error: role not found',
    );
    expect(() => parseIssuedToken('')).toThrow('printed no token: (nothing)');
  });
});

describe('newRunId', () => {
  it('is unique and usable in a label value', () => {
    const ids = new Set(Array.from({ length: 50 }, newRunId));
    expect(ids.size).toBe(50);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+-[0-9a-f]{6}$/);
  });
});

describe('known secrets', () => {
  const dir = mkdtempSync(join(tmpdir(), 'runevault-e2e-secrets-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the team secret and three 48-character pieces of SecKey', async () => {
    const data = Buffer.alloc(3000, 7).toString('base64');
    writeFileSync(join(dir, 'team-secret'), 'abc123\n');
    writeFileSync(join(dir, 'SecKey.json'), JSON.stringify({ kind: 'SecKey', data }));
    const secrets = await readKnownSecrets({
      teamSecretFile: join(dir, 'team-secret'),
      secKeyFile: join(dir, 'SecKey.json'),
    });
    expect(secrets.teamSecret).toBe('abc123');
    expect(secrets.secKeyFragments).toHaveLength(3);
    for (const fragment of secrets.secKeyFragments) {
      expect(fragment).toHaveLength(48);
      expect(data).toContain(fragment);
    }
  });

  it('knows nothing about files it cannot read or parse', async () => {
    expect(
      await readKnownSecrets({ teamSecretFile: join(dir, 'missing'), secKeyFile: join(dir, 'missing') }),
    ).toEqual({
      secKeyFragments: [],
    });
    expect(secKeyFragments('not json')).toEqual([]);
    expect(secKeyFragments('{"data":"short"}')).toEqual([]);
  });

  it('reads a file missing here through its fallback (the container), and prefers the file here', async () => {
    writeFileSync(join(dir, 'team-secret'), 'from-host\n');
    const data = Buffer.alloc(3000, 9).toString('base64');
    const asked: string[] = [];
    const secrets = await readKnownSecrets(
      { teamSecretFile: join(dir, 'team-secret'), secKeyFile: join(dir, 'missing') },
      {
        teamSecretFile: async () => {
          asked.push('team');
          return 'from-container\n';
        },
        secKeyFile: async () => {
          asked.push('seckey');
          return JSON.stringify({ data });
        },
      },
    );
    expect(secrets.teamSecret).toBe('from-host');
    expect(secrets.secKeyFragments.every((fragment) => data.includes(fragment))).toBe(true);
    expect(secrets.secKeyFragments).toHaveLength(3);
    expect(asked).toEqual(['seckey']);
    // A fallback that fails (the container is gone) contributes nothing.
    expect(
      await readKnownSecrets(
        { secKeyFile: join(dir, 'missing') },
        { secKeyFile: () => Promise.reject(new Error('no such container')) },
      ),
    ).toEqual({ secKeyFragments: [] });
  });
});

describe('teardownOnSignal', () => {
  it('listens for SIGINT and SIGTERM only while something is registered', () => {
    const before = { int: process.listenerCount('SIGINT'), term: process.listenerCount('SIGTERM') };
    const first = teardownOnSignal('a', async () => {});
    const second = teardownOnSignal('b', async () => {});
    expect(process.listenerCount('SIGINT')).toBe(before.int + 1);
    expect(process.listenerCount('SIGTERM')).toBe(before.term + 1);
    expect(pendingSignalTeardowns()).toBe(2);
    first();
    expect(process.listenerCount('SIGINT')).toBe(before.int + 1);
    second();
    second();
    expect(pendingSignalTeardowns()).toBe(0);
    expect(process.listenerCount('SIGINT')).toBe(before.int);
    expect(process.listenerCount('SIGTERM')).toBe(before.term);
  });
});
