import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HTTP_STATUS_BY_KIND } from '../../../src/admin/admin-status-map.js';
import { ConfigError, VaultError } from '../../../src/errors.js';
import { TokenStore, TokenStoreError } from '../../../src/tokens/token-store.js';
import { useTempDir } from '../../support/temp-dir.js';

const tmp = useTempDir('token-store');
// Registered after useTempDir, so it runs first: pending writes land before the dir goes.
const openStores: TokenStore[] = [];
afterEach(async () => {
  // Shared module graph (unit project): a failed fake-clock test must not leave the clock fake.
  vi.useRealTimers();
  await Promise.all(openStores.splice(0).map((store) => store.close()));
});
const TODAY = '2026-03-20';
const LEGACY_TOKEN = '123e4567-e89b-12d3-a456-426614174000';

interface Setup {
  roles?: string;
  tokens?: string;
}

function paths() {
  return { rolesFile: join(tmp(), 'configs', 'roles.yml'), tokensFile: join(tmp(), 'configs', 'tokens.yml') };
}

/** A store over files in the temp dir, with a clock the test moves. */
function openStore(setup: Setup = {}) {
  const files = paths();
  mkdirSync(join(tmp(), 'configs'), { recursive: true });
  if (setup.roles !== undefined) writeFileSync(files.rolesFile, setup.roles, { mode: 0o600 });
  if (setup.tokens !== undefined) writeFileSync(files.tokensFile, setup.tokens, { mode: 0o600 });
  const clock = { now: new Date(`${TODAY}T12:00:00Z`) };
  const store = TokenStore.load({ ...files, now: () => clock.now, persistDebounceMs: 5 });
  openStores.push(store);
  const advance = (ms: number) => {
    clock.now = new Date(clock.now.getTime() + ms);
  };
  return { store, clock, advance, files };
}

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error, got none');
}

function vaultError(run: () => unknown): VaultError {
  const error = thrown(run);
  if (!(error instanceof VaultError)) throw error;
  return error;
}

/** A store refusal as the admin socket answers it: its kind's status and its message. */
function storeError(run: () => unknown): { status: number; message: string } {
  const error = thrown(run);
  if (!(error instanceof TokenStoreError)) throw error;
  return { status: HTTP_STATUS_BY_KIND[error.kind], message: error.message };
}

function configError(run: () => unknown): ConfigError {
  const error = thrown(run);
  if (!(error instanceof ConfigError)) throw error;
  return error;
}

describe('authorize', () => {
  it('returns the user and role for a valid token in scope', () => {
    const { store } = openStore();
    const { token } = store.issue('alice', 'member');
    const result = store.authorize(token, 'decrypt_scores');
    expect(result.user).toBe('alice');
    expect(result.role).toMatchObject({ name: 'member', top_k: 10, rate_limit: '30/60s' });
  });

  it.each(['', 'evt_00000000000000000000000000000000', 'not-a-token', LEGACY_TOKEN])(
    'rejects unknown token %j as unauthenticated',
    (token) => {
      const { store } = openStore();
      store.issue('alice', 'member');
      const error = vaultError(() => store.authorize(token, 'get_public_key'));
      expect(error.kind).toBe('unauthenticated');
      expect(error.message).toBe('Invalid authentication token');
    },
  );

  it('keeps a token valid on its expiry day and rejects it the day after', () => {
    const token = `evt_${'1'.repeat(32)}`;
    const { store, advance } = openStore({
      tokens: `tokens:\n  - { user: bob, token: ${token}, role: member, issued_at: "2026-01-01", expires: "${TODAY}" }\n`,
    });
    expect(store.authorize(token, 'get_public_key').user).toBe('bob');
    advance(11 * 3600_000 + 59 * 60_000); // 23:59 UTC, still the expiry day
    expect(store.authorize(token, 'get_public_key').user).toBe('bob');
    advance(60_000); // 00:00 UTC the next day
    const error = vaultError(() => store.authorize(token, 'get_public_key'));
    expect(error.kind).toBe('unauthenticated');
    expect(error.message).toBe("Token expired for user 'bob'");
  });

  it('checks expiry before scope', () => {
    const token = `evt_${'2'.repeat(32)}`;
    const { store } = openStore({
      tokens: `tokens:\n  - { user: bob, token: ${token}, role: member, expires: "2026-03-19" }\n`,
    });
    expect(vaultError(() => store.authorize(token, 'manage_tokens')).message).toBe(
      "Token expired for user 'bob'",
    );
  });

  it('denies a method outside the role scope', () => {
    const { store } = openStore();
    const { token } = store.issue('alice', 'member');
    const error = vaultError(() => store.authorize(token, 'manage_tokens'));
    expect(error.kind).toBe('permission_denied');
    expect(error.message).toBe("Method 'manage_tokens' not permitted for role 'member'");
  });

  it("rate-limits per user with the role's N/Ws and a sliding window", () => {
    const { store, advance } = openStore();
    store.createRole({ name: 'tiny', scope: ['get_public_key'], top_k: 2, rate_limit: '3/60s' });
    const { token } = store.issue('tina', 'tiny');
    for (let i = 0; i < 3; i++) {
      store.authorize(token, 'get_public_key');
      advance(10_000);
    }
    // Calls at 0s, 10s, 20s; now 30s: the first leaves the window at 60s.
    const error = vaultError(() => store.authorize(token, 'get_public_key'));
    expect(error.kind).toBe('rate_limited');
    expect(error.message).toBe('Rate limit exceeded. Retry after 30s');
    advance(30_000);
    expect(store.authorize(token, 'get_public_key').user).toBe('tina');
    advance(1_000);
    // Window now holds 10s, 20s, 60s: the call at 10s leaves at 70s, 9 s from now.
    expect(vaultError(() => store.authorize(token, 'get_public_key')).message).toBe(
      'Rate limit exceeded. Retry after 9s',
    );
  });

  it('checks scope before the rate limit, and a denied call uses no quota', () => {
    const { store } = openStore();
    store.createRole({ name: 'one', scope: ['get_public_key'], rate_limit: '1/60s' });
    const { token } = store.issue('u', 'one');
    expect(vaultError(() => store.authorize(token, 'decrypt_scores')).kind).toBe('permission_denied');
    expect(store.authorize(token, 'get_public_key').user).toBe('u');
    expect(vaultError(() => store.authorize(token, 'decrypt_scores')).kind).toBe('permission_denied');
    expect(vaultError(() => store.authorize(token, 'get_public_key')).kind).toBe('rate_limited');
  });

  it('limits users independently', () => {
    const { store } = openStore();
    store.createRole({ name: 'one', scope: ['get_public_key'], rate_limit: '1/60s' });
    const a = store.issue('a', 'one').token;
    const b = store.issue('b', 'one').token;
    store.authorize(a, 'get_public_key');
    expect(store.authorize(b, 'get_public_key').user).toBe('b');
    expect(vaultError(() => store.authorize(a, 'get_public_key')).kind).toBe('rate_limited');
  });

  it('authenticates an older 36-character token loaded from the file', () => {
    const { store } = openStore({
      tokens: `tokens:\n  - { user: old, token: ${LEGACY_TOKEN}, role: admin }\n`,
    });
    expect(store.authorize(LEGACY_TOKEN, 'manage_tokens').user).toBe('old');
  });
});

describe('checkTopK', () => {
  it('accepts up to the role limit and rejects above it', () => {
    const { store } = openStore();
    const { role } = store.authorize(store.issue('alice', 'member').token, 'decrypt_scores');
    expect(() => store.checkTopK(role, 10)).not.toThrow();
    const error = vaultError(() => store.checkTopK(role, 11));
    expect(error.kind).toBe('invalid_argument');
    expect(error.message).toBe("top_k 11 exceeds limit 10 for role 'member'");
  });
});

describe('issue', () => {
  it('issues evt_ + 32 lowercase hex, never expiring by default (upstream token_store.py add_token)', () => {
    const { store } = openStore();
    const issued = store.issue('alice', 'member');
    expect(issued).toEqual({
      user: 'alice',
      token: expect.stringMatching(/^evt_[0-9a-f]{32}$/),
      role: 'member',
      issued_at: TODAY,
      expires: 'never',
    });
  });

  it('honours expiresDays and null for never', () => {
    const { store } = openStore();
    expect(store.issue('a', 'member', 1).expires).toBe('2026-03-21');
    expect(store.issue('b', 'member', null).expires).toBe('never');
  });

  it('issues a token for 0 days (--expires 0d) that works until the end of today, as upstream', () => {
    const { store, advance } = openStore();
    const issued = store.issue('zed', 'member', 0);
    expect(issued.expires).toBe('2026-03-20');
    expect(store.authorize(issued.token, 'get_public_key').user).toBe('zed');
    advance(24 * 3600_000);
    expect(vaultError(() => store.authorize(issued.token, 'get_public_key')).message).toBe(
      "Token expired for user 'zed'",
    );
  });

  it('issues distinct tokens', () => {
    const { store } = openStore();
    const tokens = new Set(Array.from({ length: 50 }, (_, i) => store.issue(`u${i}`, 'member').token));
    expect(tokens.size).toBe(50);
  });

  it.each<[string, [string, string, (number | null)?], 400 | 404, string]>([
    ['an unknown role', ['alice', 'auditor'], 400, "Role 'auditor' does not exist"],
    ['a user who has a token', ['alice', 'member'], 400, "Token already exists for user 'alice'"],
    ['negative days', ['bob', 'member', -1], 400, 'expires_days must be an integer from 0 to 36500'],
    ['fractional days', ['bob', 'member', 1.5], 400, 'expires_days must be an integer from 0 to 36500'],
    [
      'an empty user',
      ['', 'member'],
      400,
      'Invalid user: the name is empty; use 1-128 printable characters without surrounding spaces',
    ],
    [
      'a padded user',
      [' bob', 'member'],
      400,
      'Invalid user: the name starts with a space; use 1-128 printable characters without surrounding spaces',
    ],
  ])('rejects %s', (_name, args, status, message) => {
    const { store } = openStore();
    store.issue('alice', 'member');
    const error = storeError(() => store.issue(...args));
    expect(error.status).toBe(status);
    expect(error.message).toBe(message);
  });
});

describe('revoke, rotate, rotateAll, listTokens', () => {
  it('revokes a token so it no longer authenticates', () => {
    const { store } = openStore();
    const { token } = store.issue('alice', 'member');
    expect(store.revoke('alice')).toEqual({ message: "Revoked token for 'alice'" });
    expect(vaultError(() => store.authorize(token, 'get_public_key')).message).toBe(
      'Invalid authentication token',
    );
    expect(store.listTokens()).toEqual([]);
  });

  it('answers 404 when revoking a user without a token', () => {
    const error = storeError(() => openStore().store.revoke('bob'));
    expect(error.status).toBe(404);
    expect(error.message).toBe("No token found for user 'bob'");
  });

  it('rotates: new token, old one dead, role and lifetime kept from today (upstream rotate_token)', () => {
    const { store, advance } = openStore();
    const first = store.issue('alice', 'member', 30);
    expect(first.expires).toBe('2026-04-19');
    advance(24 * 3600_000);
    const rotated = store.rotate('alice');
    expect(rotated).toEqual({
      user: 'alice',
      token: expect.stringMatching(/^evt_[0-9a-f]{32}$/),
      role: 'member',
      issued_at: '2026-03-21',
      expires: '2026-04-20',
    });
    store.issue('bob', 'member');
    advance(24 * 3600_000);
    expect(store.rotate('bob').expires).toBe('never');
    expect(rotated.token).not.toBe(first.token);
    expect(vaultError(() => store.authorize(first.token, 'get_public_key')).kind).toBe('unauthenticated');
    expect(store.authorize(rotated.token, 'get_public_key').user).toBe('alice');
  });

  it('answers 400 when rotating a user without a token', () => {
    const error = storeError(() => openStore().store.rotate('bob'));
    expect(error.status).toBe(400);
    expect(error.message).toBe("No token found for user 'bob'");
  });

  it('rotates every token at once', () => {
    const { store } = openStore({
      tokens: `tokens:\n  - { user: old, token: ${LEGACY_TOKEN}, role: admin }\n`,
    });
    const alice = store.issue('alice', 'member');
    const result = store.rotateAll();
    expect(result.rotated).toBe(2);
    expect(result.tokens.map(({ user, role }) => ({ user, role }))).toEqual([
      { user: 'old', role: 'admin' },
      { user: 'alice', role: 'member' },
    ]);
    for (const { token, user } of result.tokens) {
      expect(token).toMatch(/^evt_[0-9a-f]{32}$/);
      expect(store.authorize(token, 'get_public_key').user).toBe(user);
    }
    for (const old of [LEGACY_TOKEN, alice.token]) {
      expect(vaultError(() => store.authorize(old, 'get_public_key')).kind).toBe('unauthenticated');
    }
  });

  it('rotates nothing in an empty store', () => {
    expect(openStore().store.rotateAll()).toEqual({ rotated: 0, tokens: [] });
  });

  it('lists tokens with their role limits and never the token value', () => {
    const { store } = openStore();
    const a = store.issue('alice', 'member', 30);
    const b = store.issue('root', 'admin', null);
    const listing = store.listTokens();
    expect(listing).toEqual([
      { user: 'alice', role: 'member', top_k: 10, rate_limit: '30/60s', expires: '2026-04-19' },
      { user: 'root', role: 'admin', top_k: 50, rate_limit: '150/60s', expires: 'never' },
    ]);
    const text = JSON.stringify(listing);
    expect(text).not.toContain(a.token);
    expect(text).not.toContain(b.token);
  });

  it('counts only unexpired tokens as active', () => {
    const { store, advance } = openStore();
    store.issue('a', 'member', 1);
    store.issue('b', 'member', null);
    expect(store.activeTokenCount()).toBe(2);
    advance(2 * 24 * 3600_000);
    expect(store.activeTokenCount()).toBe(1);
  });
});

describe('roles', () => {
  it('always has the default admin and member roles', () => {
    expect(openStore().store.listRoles()).toEqual([
      {
        name: 'admin',
        scope: ['get_public_key', 'decrypt_scores', 'decrypt_metadata', 'manage_tokens'],
        top_k: 50,
        rate_limit: '150/60s',
      },
      {
        name: 'member',
        scope: ['get_public_key', 'decrypt_scores', 'decrypt_metadata'],
        top_k: 10,
        rate_limit: '30/60s',
      },
    ]);
  });

  it('creates a role with top_k 5 and 30/60s unless given', () => {
    const { store } = openStore();
    expect(store.createRole({ name: 'reader', scope: ['get_public_key', 'get_public_key'] })).toEqual({
      name: 'reader',
      scope: ['get_public_key'],
      top_k: 5,
      rate_limit: '30/60s',
    });
    expect(store.listRoles().map((r) => r.name)).toEqual(['admin', 'member', 'reader']);
  });

  it.each<[string, Parameters<TokenStore['createRole']>[0], string]>([
    ['an existing name', { name: 'member', scope: [] }, "Role 'member' already exists"],
    [
      'an unknown scope',
      { name: 'x', scope: ['read_all'] },
      "Invalid scope 'read_all'; valid scopes: get_public_key",
    ],
    [
      'scope not a list',
      { name: 'x', scope: 'get_public_key' as unknown as string[] },
      'scope must be a list of scopes',
    ],
    ['a bad top_k', { name: 'x', scope: [], top_k: 0 }, 'top_k must be a positive integer'],
    [
      'a bad rate_limit',
      { name: 'x', scope: [], rate_limit: '30 per minute' },
      "Invalid rate_limit format '30 per minute'",
    ],
    ['a bad name', { name: 'has space', scope: [] }, 'Invalid role name'],
  ])('rejects creating a role with %s (400)', (_name, input, message) => {
    const error = storeError(() => openStore().store.createRole(input));
    expect(error.status).toBe(400);
    expect(error.message).toContain(message);
  });

  it('updates fields and applies them to the next call', () => {
    const { store } = openStore();
    const { token } = store.issue('alice', 'member');
    expect(store.updateRole('member', { scope: ['get_public_key'], top_k: 3 })).toEqual({
      name: 'member',
      scope: ['get_public_key'],
      top_k: 3,
      rate_limit: '30/60s',
    });
    expect(vaultError(() => store.authorize(token, 'decrypt_scores')).message).toBe(
      "Method 'decrypt_scores' not permitted for role 'member'",
    );
    store.updateRole('member', { rate_limit: '1/60s' });
    store.authorize(token, 'get_public_key');
    expect(vaultError(() => store.authorize(token, 'get_public_key')).kind).toBe('rate_limited');
    expect(store.listTokens()[0]).toMatchObject({ top_k: 3, rate_limit: '1/60s' });
  });

  it('rejects an update without fields, of an unknown role, or with bad values', () => {
    const { store } = openStore();
    const none = storeError(() => store.updateRole('member', {}));
    expect([none.status, none.message]).toEqual([400, 'No fields to update']);
    const unknown = storeError(() => store.updateRole('ghost', { top_k: 1 }));
    expect([unknown.status, unknown.message]).toEqual([400, "Role 'ghost' does not exist"]);
    const bad = storeError(() => store.updateRole('member', { top_k: -1 }));
    expect([bad.status, bad.message]).toEqual([400, 'top_k must be a positive integer']);
    expect(store.listRoles().find((r) => r.name === 'member')?.top_k).toBe(10);
  });

  it('deletes an unused custom role', () => {
    const { store } = openStore();
    store.createRole({ name: 'temp', scope: [] });
    expect(store.deleteRole('temp')).toEqual({ message: "Deleted role 'temp'" });
    expect(storeError(() => store.issue('a', 'temp')).message).toBe("Role 'temp' does not exist");
  });

  it('refuses to delete a default role, a role in use, or an unknown role', () => {
    const { store } = openStore();
    for (const name of ['admin', 'member']) {
      const error = storeError(() => store.deleteRole(name));
      expect([error.status, error.message]).toEqual([400, `Cannot delete default role '${name}'`]);
    }
    store.createRole({ name: 'ci', scope: ['get_public_key'] });
    store.issue('bot', 'ci');
    const inUse = storeError(() => store.deleteRole('ci'));
    expect([inUse.status, inUse.message]).toEqual([
      400,
      "Cannot delete role 'ci': token for user 'bot' is assigned to it",
    ]);
    const unknown = storeError(() => store.deleteRole('ghost'));
    expect([unknown.status, unknown.message]).toEqual([400, "Role 'ghost' does not exist"]);
  });
});

describe('loading and saving', () => {
  it('starts with defaults when the files are missing and creates them on the first write', async () => {
    const { store, files } = openStore();
    expect(store.listTokens()).toEqual([]);
    expect(existsSync(files.tokensFile)).toBe(false);
    store.createRole({ name: 'ci', scope: ['get_public_key'] });
    store.issue('alice', 'ci');
    await store.flush();
    for (const file of [files.rolesFile, files.tokensFile]) {
      expect(statSync(file).mode & 0o777).toBe(0o600);
    }
  });

  it('creates missing state directories 0700', async () => {
    const rolesFile = join(tmp(), 'state', 'nested', 'roles.yml');
    const tokensFile = join(tmp(), 'state', 'nested', 'tokens.yml');
    const store = TokenStore.load({ rolesFile, tokensFile });
    openStores.push(store);
    store.issue('alice', 'member');
    await store.close();
    expect(statSync(join(tmp(), 'state', 'nested')).mode & 0o777).toBe(0o700);
    expect(existsSync(tokensFile)).toBe(true);
  });

  it('reloads to the same state after flush()', async () => {
    const { store, files } = openStore({
      tokens: `tokens:\n  - { user: old, token: ${LEGACY_TOKEN}, role: member, created: "2025-01-01" }\n`,
    });
    store.createRole({
      name: 'ci',
      scope: ['get_public_key', 'decrypt_scores'],
      top_k: 7,
      rate_limit: '10/30s',
    });
    store.updateRole('member', { top_k: 12 });
    const alice = store.issue('alice', 'ci', 10);
    const bob = store.issue('bob', 'member');
    store.rotate('bob');
    store.revoke('alice');
    const carol = store.issue('carol', 'admin', null);
    await store.flush();

    const reloaded = TokenStore.load({ ...files, now: () => new Date(`${TODAY}T12:00:00Z`) });
    openStores.push(reloaded);
    expect(reloaded.listRoles()).toEqual(store.listRoles());
    expect(reloaded.listTokens()).toEqual(store.listTokens());
    expect(reloaded.authorize(carol.token, 'manage_tokens').user).toBe('carol');
    expect(reloaded.authorize(LEGACY_TOKEN, 'get_public_key').user).toBe('old');
    expect(vaultError(() => reloaded.authorize(alice.token, 'get_public_key')).kind).toBe('unauthenticated');
    expect(vaultError(() => reloaded.authorize(bob.token, 'get_public_key')).kind).toBe('unauthenticated');
    expect(readFileSync(files.tokensFile, 'utf8')).toContain('issued_at: "2025-01-01"');
  });

  it('writes on its own after the debounce delay', async () => {
    // The debounce timer runs on the fake clock; the write it starts is real file I/O.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { store, files } = openStore();
    const written = () =>
      existsSync(files.tokensFile) && readFileSync(files.tokensFile, 'utf8').includes('alice');
    store.issue('alice', 'member');
    await vi.advanceTimersByTimeAsync(4);
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(vi.getTimerCount()).toBe(0);
    vi.useRealTimers();
    // Nothing but the timer started the write (no flush, no close): wait for it to land.
    await vi.waitFor(() => expect(written()).toBe(true), { timeout: 15_000, interval: 10 });
    expect(readFileSync(files.tokensFile, 'utf8')).toContain('user: "alice"');
  });

  it('close() saves pending changes and refuses later admin operations', async () => {
    const { store, files } = openStore();
    store.issue('alice', 'member');
    await store.close();
    expect(readFileSync(files.tokensFile, 'utf8')).toContain('user: "alice"');
    expect(() => store.issue('bob', 'member')).toThrow('token store is closed');
  });

  it('lets roles.yml retune a default role and add new ones', () => {
    const { store } = openStore({
      roles: 'roles:\n  member: { scope: [get_public_key], top_k: 20 }\n  ci: { scope: [decrypt_scores] }\n',
      tokens: `tokens:\n  - { user: bot, token: ${LEGACY_TOKEN}, role: ci }\n`,
    });
    expect(store.listRoles()).toEqual([
      expect.objectContaining({ name: 'admin', top_k: 50 }),
      { name: 'member', scope: ['get_public_key'], top_k: 20, rate_limit: '30/60s' },
      { name: 'ci', scope: ['decrypt_scores'], top_k: 5, rate_limit: '30/60s' },
    ]);
    expect(store.authorize(LEGACY_TOKEN, 'decrypt_scores').role.name).toBe('ci');
  });

  it.each<[string, Setup, 'roles' | 'tokens', string]>([
    ['tokens.yml with a syntax error', { tokens: 'tokens:\n  - { user: a, token: x\n' }, 'tokens', 'line 3'],
    [
      'tokens.yml with an unknown role',
      { tokens: `tokens:\n  - user: a\n    token: ${LEGACY_TOKEN}\n    role: ghost\n` },
      'tokens',
      "tokens[0].role, line 4): unknown role 'ghost'",
    ],
    [
      'tokens.yml with duplicate users',
      {
        tokens: `tokens:\n  - { user: a, token: evt_${'1'.repeat(32)}, role: member }\n  - { user: a, token: evt_${'2'.repeat(32)}, role: member }\n`,
      },
      'tokens',
      "tokens[1].user, line 3): duplicate user 'a'",
    ],
    [
      'tokens.yml of the wrong shape',
      { tokens: 'tokens: { a: 1 }\n' },
      'tokens',
      'tokens, line 1): expected a list',
    ],
    ['roles.yml with a syntax error', { roles: 'roles:\n  x: [\n' }, 'roles', 'line 3'],
    [
      'roles.yml with an unknown scope',
      { roles: 'roles:\n  x:\n    scope: [sudo]\n' },
      'roles',
      "roles.x.scope, line 3): Invalid scope 'sudo'",
    ],
  ])(
    'refuses %s, naming file and line, and never touches the file',
    async (_name, setup, which, expected) => {
      const files = paths();
      const file = which === 'roles' ? files.rolesFile : files.tokensFile;
      const otherSetup = which === 'roles' ? { tokens: 'tokens: []\n' } : {};
      const error = configError(() => openStore({ ...otherSetup, ...setup }));
      expect(error.file).toBe(file);
      expect(error.message).toContain(expected);
      const before = readFileSync(file);
      const mtime = statSync(file).mtimeMs;
      await new Promise((resolve) => setTimeout(resolve, 30));
      expect(readFileSync(file).equals(before)).toBe(true);
      expect(statSync(file).mtimeMs).toBe(mtime);
    },
  );
});
