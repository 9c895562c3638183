import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HTTP_STATUS_BY_KIND } from '../../../src/admin/admin-status-map.js';
import { writeFileAtomic } from '../../../src/fs/atomic-write.js';
import { TokenStore, TokenStoreError } from '../../../src/tokens/token-store.js';
import { useTempDir } from '../../support/temp-dir.js';

// Group commit, observed through the store's injected writer: it writes for real (through
// writeFileAtomic), records each write, and can hold a write in flight or fail it. Tests
// wait on promises the writer settles, never on time.

const tmp = useTempDir('token-persist');
// Registered after useTempDir, so it runs first: pending writes land before the dir goes.
const stores: TokenStore[] = [];
afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close().catch(() => {})));
});

interface Gate {
  /** Resolves when a write reaches the gate. */
  reached: Promise<string>;
  /** Lets the held write go on (or fail with `error`). */
  open(error?: Error): void;
}

function controlledWriter() {
  const written: string[] = [];
  const gates: { gate: Gate; reach: (path: string) => void; release: Promise<Error | undefined> }[] = [];
  const writeFile = async (path: string, data: string) => {
    const held = gates.shift();
    if (held) {
      held.reach(path);
      const error = await held.release;
      if (error) throw error;
    }
    await writeFileAtomic(path, data);
    written.push(path);
  };
  /** The next write waits at a gate until the test opens it. */
  const holdNextWrite = (): Gate => {
    let reach!: (path: string) => void;
    let open!: (error?: Error) => void;
    const reached = new Promise<string>((resolve) => {
      reach = resolve;
    });
    const release = new Promise<Error | undefined>((resolve) => {
      open = resolve;
    });
    const gate = { reached, open };
    gates.push({ gate, reach, release });
    return gate;
  };
  return { writeFile, written, holdNextWrite };
}

function open() {
  const files = { rolesFile: join(tmp(), 'roles.yml'), tokensFile: join(tmp(), 'tokens.yml') };
  const writer = controlledWriter();
  const errors: Error[] = [];
  const store = TokenStore.load({
    ...files,
    writeFile: writer.writeFile,
    onPersistError: (error) => errors.push(error),
  });
  stores.push(store);
  const reload = () => {
    const reloaded = TokenStore.load(files);
    stores.push(reloaded);
    return reloaded;
  };
  return { store, files, writer, errors, reload };
}

const users = (store: TokenStore) => store.listTokens().map((t) => t.user);
const enospc = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });

/** Settles after pending promise callbacks and I/O callbacks have run. */
const settleCallbacks = () => new Promise((resolve) => setImmediate(resolve));

describe('group commit', () => {
  it('writes a burst of 100 changes made in one run once, and the file reloads to the same state', async () => {
    const { store, files, writer, reload } = open();
    for (let i = 0; i < 100; i++) store.issue(`user${i}`, 'member');
    await store.commit();
    expect(writer.written).toEqual([files.tokensFile]);
    expect(reload().listTokens()).toEqual(store.listTokens());
    expect(store.listTokens()).toHaveLength(100);
  });

  it('lets every change made while a write runs share the next write', async () => {
    const { store, files, writer, reload } = open();
    const gate = writer.holdNextWrite();
    const first = store.commitChange(() => store.issue('first', 'member'));
    await gate.reached;
    // 100 separate requests arrive while tokens.yml is being written.
    const burst = Array.from({ length: 100 }, (_, i) =>
      store.commitChange(() => store.issue(`u${i}`, 'member')),
    );
    gate.open();
    await Promise.all([first, ...burst]);
    expect(writer.written).toEqual([files.tokensFile, files.tokensFile]);
    expect(reload().listTokens()).toHaveLength(101);
  });

  it('resolves a change only once the file on disk holds it', async () => {
    const { store, files, writer } = open();
    const gate = writer.holdNextWrite();
    let settled = false;
    const issued = store.commitChange(() => store.issue('alice', 'member'));
    const onDisk = issued.then((token) => {
      settled = true;
      // Read at the moment of resolution: the write must be complete by now.
      return readFileSync(files.tokensFile, 'utf8').includes(token.token);
    });
    await gate.reached;
    await settleCallbacks();
    expect(settled).toBe(false);
    expect(existsSync(files.tokensFile)).toBe(false);
    gate.open();
    expect(await onDisk).toBe(true);
  });

  it('answers at once, writing nothing, for reads and refusals', async () => {
    const token = `evt_${'c'.repeat(32)}`;
    writeFileSync(join(tmp(), 'tokens.yml'), `tokens:\n  - { user: carol, token: ${token}, role: member }\n`);
    const { store, writer } = open();
    store.authorize(token, 'decrypt_scores');
    expect(await store.commitChange(() => store.listTokens())).toHaveLength(1);
    await expect(store.commitChange(() => store.issue('carol', 'member'))).rejects.toThrow(
      "Token already exists for user 'carol'",
    );
    await expect(store.commitChange(() => store.revoke('nobody'))).rejects.toThrow(
      "No token found for user 'nobody'",
    );
    await store.commit();
    expect(writer.written).toEqual([]);
  });

  it('writes one group per file in the order of the changes, so the files always load together', async () => {
    const { store, files, writer, reload } = open();
    await store.commitChange(() => store.createRole({ name: 'ci', scope: ['get_public_key'] }));
    await store.commitChange(() => store.issue('bot', 'ci'));
    writer.written.length = 0;

    // Revoke bot, then delete its role: tokens.yml must lose him before roles.yml loses 'ci'.
    const gate = writer.holdNextWrite();
    const between = writer.holdNextWrite();
    store.revoke('bot');
    store.deleteRole('ci');
    const committed = store.commit();
    expect(await gate.reached).toBe(files.tokensFile);
    gate.open();
    // The moment between the two writes: what is on disk must load.
    expect(await between.reached).toBe(files.rolesFile);
    expect(users(reload())).toEqual([]);
    between.open();
    await committed;
    expect(writer.written).toEqual([files.tokensFile, files.rolesFile]);
    expect(reload().hasRole('ci')).toBe(false);
  });
});

describe('a failed write', () => {
  it('rejects every waiting change with a 500 naming the file, and none of them takes effect', async () => {
    const { store, files, writer, errors, reload } = open();
    await store.commitChange(() => store.issue('alice', 'member'));
    const aliceBefore = readFileSync(files.tokensFile, 'utf8');

    const gate = writer.holdNextWrite();
    const first = store.commitChange(() => store.issue('bob', 'member'));
    await gate.reached;
    // Queued behind the write that will fail: a second token change and a role change.
    const rotated = store.commitChange(() => store.rotate('alice'));
    const role = store.commitChange(() => store.createRole({ name: 'ci', scope: ['get_public_key'] }));
    const carol = store.commitChange(() => store.issue('carol', 'member'));
    gate.open(enospc());

    const outcomes = await Promise.allSettled([first, rotated, role, carol]);
    for (const outcome of outcomes) {
      expect(outcome.status).toBe('rejected');
      const error = (outcome as PromiseRejectedResult).reason as TokenStoreError;
      expect(error).toBeInstanceOf(TokenStoreError);
      expect(HTTP_STATUS_BY_KIND[error.kind]).toBe(500);
      expect(error.message).toBe(
        `could not save ${files.tokensFile}: ENOSPC: no space left on device; the change was not applied (fix the cause, then retry)`,
      );
    }
    expect(errors).toHaveLength(1);

    // Memory is back to what the files hold.
    expect(users(store)).toEqual(['alice']);
    expect(store.hasRole('ci')).toBe(false);
    expect(readFileSync(files.tokensFile, 'utf8')).toBe(aliceBefore);
    expect(users(reload())).toEqual(['alice']);
    // And the store goes on working.
    await store.commitChange(() => store.issue('dave', 'member'));
    expect(users(reload())).toEqual(['alice', 'dave']);
  });

  it('leaves a revoked token working and a rotated token unchanged', async () => {
    const { store, writer } = open();
    const alice = await store.commitChange(() => store.issue('alice', 'member'));
    const bob = await store.commitChange(() => store.issue('bob', 'member'));

    const gate = writer.holdNextWrite();
    const revoked = store.commitChange(() => store.revoke('alice'));
    const rotated = store.commitChange(() => store.rotate('bob'));
    await gate.reached;
    // Until it is on disk, a revoke already refuses the token: never more access than promised.
    expect(() => store.authorize(alice.token, 'get_public_key')).toThrow('Invalid authentication token');
    gate.open(enospc());
    await expect(revoked).rejects.toThrow('the change was not applied');
    await expect(rotated).rejects.toThrow('the change was not applied');

    expect(store.authorize(alice.token, 'get_public_key').user).toBe('alice');
    expect(store.authorize(bob.token, 'get_public_key').user).toBe('bob');
  });

  it('undoes a role update and a role delete', async () => {
    const { store, writer } = open();
    await store.commitChange(() => store.createRole({ name: 'ci', scope: ['get_public_key'], top_k: 3 }));
    await store.commitChange(() => store.createRole({ name: 'old', scope: ['get_public_key'] }));

    const gate = writer.holdNextWrite();
    const updated = store.commitChange(() => store.updateRole('ci', { top_k: 9 }));
    const deleted = store.commitChange(() => store.deleteRole('old'));
    await gate.reached;
    gate.open(enospc());
    await expect(Promise.allSettled([updated, deleted])).resolves.toMatchObject([
      { status: 'rejected' },
      { status: 'rejected' },
    ]);
    expect(store.listRoles().find((r) => r.name === 'ci')?.top_k).toBe(3);
    expect(store.hasRole('old')).toBe(true);
  });
});
