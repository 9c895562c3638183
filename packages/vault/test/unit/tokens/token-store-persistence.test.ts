import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TokenStore } from '../../../src/tokens/token-store.js';
import { useTempDir } from '../fs/temp-dir.js';

// Counts (and can fail) the store's writes while still writing for real.
const writes = vi.hoisted(() => ({ files: [] as string[], failNext: 0 }));
vi.mock('../../../src/fs/atomic-write.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../../src/fs/atomic-write.js')>();
  return {
    ...actual,
    writeFileAtomic: async (...args: Parameters<typeof actual.writeFileAtomic>) => {
      if (writes.failNext > 0) {
        writes.failNext--;
        throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
      }
      writes.files.push(args[0]);
      return actual.writeFileAtomic(...args);
    },
  };
});

const tmp = useTempDir('token-persist');
const stores: TokenStore[] = [];
beforeEach(() => {
  writes.files = [];
  writes.failNext = 0;
});
afterEach(async () => {
  writes.failNext = 0;
  await Promise.all(stores.splice(0).map((store) => store.close()));
});

function open(extra: Partial<Parameters<typeof TokenStore.load>[0]> = {}) {
  const files = { rolesFile: join(tmp(), 'roles.yml'), tokensFile: join(tmp(), 'tokens.yml') };
  const store = TokenStore.load({ ...files, persistDebounceMs: 20, ...extra });
  stores.push(store);
  return { store, files };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('debounced persistence', () => {
  it('writes a burst of 100 issues once, and the file reloads to the same state', async () => {
    const { store, files } = open();
    for (let i = 0; i < 100; i++) store.issue(`user${i}`, 'member');
    expect(writes.files).toEqual([]);
    await store.flush();
    expect(writes.files).toEqual([files.tokensFile]);
    const reloaded = TokenStore.load(files);
    stores.push(reloaded);
    expect(reloaded.listTokens()).toEqual(store.listTokens());
    expect(reloaded.listTokens()).toHaveLength(100);
  });

  it('writes by itself once the burst is over, touching only the changed file', async () => {
    const { store, files } = open();
    for (let i = 0; i < 20; i++) store.issue(`user${i}`, 'member');
    await sleep(80);
    expect(writes.files).toEqual([files.tokensFile]);
    store.createRole({ name: 'ci', scope: ['get_public_key'] });
    await sleep(80);
    expect(writes.files).toEqual([files.tokensFile, files.rolesFile]);
  });

  it('writes nothing for reads and authorizations', async () => {
    const token = `evt_${'c'.repeat(32)}`;
    writeFileSync(join(tmp(), 'tokens.yml'), `tokens:\n  - { user: carol, token: ${token}, role: member }\n`);
    const { store } = open();
    store.authorize(token, 'decrypt_scores');
    store.listTokens();
    store.listRoles();
    await store.flush();
    await sleep(40);
    expect(writes.files).toEqual([]);
  });

  it('picks up changes made while a write is running', async () => {
    const { store, files } = open({ persistDebounceMs: 0 });
    store.issue('a', 'member');
    const first = store.flush();
    store.issue('b', 'member');
    await first;
    await store.flush();
    expect(readFileSync(files.tokensFile, 'utf8')).toContain('user: "b"');
    // One write for `a`, one for `b`: never a lost change, never a redundant third write.
    expect(writes.files).toEqual([files.tokensFile, files.tokensFile]);
  });

  it('keeps a failed write pending: flush() rejects, the next flush() saves it', async () => {
    const { store, files } = open();
    store.issue('alice', 'member');
    writes.failNext = 1;
    await expect(store.flush()).rejects.toThrow('ENOSPC');
    await store.flush();
    expect(readFileSync(files.tokensFile, 'utf8')).toContain('user: "alice"');
  });

  it('reports a failed background write without losing the change', async () => {
    const errors: Error[] = [];
    const { store, files } = open({ onPersistError: (error) => errors.push(error) });
    writes.failNext = 1;
    store.issue('alice', 'member');
    await sleep(60);
    expect(errors.map((e) => e.message)).toEqual(['ENOSPC: no space left on device']);
    await store.flush();
    expect(readFileSync(files.tokensFile, 'utf8')).toContain('user: "alice"');
  });
});
