// Tokens from an OIDC exchange: in memory only, accepted until their instant of expiry.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { VaultError } from '../../../src/errors.js';
import { MAX_EPHEMERAL_TOKENS, TokenStore } from '../../../src/tokens/token-store.js';
import { useTempDir } from '../../support/temp-dir.js';

const tmp = useTempDir('token-store-ephemeral');
const openStores: TokenStore[] = [];
afterEach(async () => {
  await Promise.all(openStores.splice(0).map((store) => store.close()));
});

function openStore() {
  mkdirSync(join(tmp(), 'configs'), { recursive: true });
  const files = {
    rolesFile: join(tmp(), 'configs', 'roles.yml'),
    tokensFile: join(tmp(), 'configs', 'tokens.yml'),
  };
  const clock = { now: new Date('2026-03-20T12:00:00Z') };
  const store = TokenStore.load({ ...files, now: () => clock.now, persistDebounceMs: 5 });
  openStores.push(store);
  const advance = (ms: number) => {
    clock.now = new Date(clock.now.getTime() + ms);
  };
  return { store, files, advance };
}

const USER = 'oidc:ci:repo:org/repo:pull_request';

function unauthenticated(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(VaultError);
    expect((error as VaultError).kind).toBe('unauthenticated');
    return (error as VaultError).message;
  }
  throw new Error('expected an unauthenticated error');
}

describe('ephemeral tokens', () => {
  it('are evt_ tokens accepted until their expiry instant, then refused', () => {
    const { store, advance } = openStore();
    const issued = store.issueEphemeral({ user: USER, role: 'member', ttlSeconds: 2 });
    expect(issued.token).toMatch(/^evt_[0-9a-f]{32}$/);
    expect(issued.expiresAtUnix).toBe(Date.parse('2026-03-20T12:00:02Z') / 1000);
    expect(store.authorize(issued.token, 'get_public_key').user).toBe(USER);
    advance(1_999);
    expect(store.authorize(issued.token, 'get_public_key').role.name).toBe('member');
    advance(1);
    expect(unauthenticated(() => store.authorize(issued.token, 'get_public_key'))).toBe(
      `Token expired for user '${USER}'`,
    );
    // Purged on that refusal: the next try does not know it at all.
    expect(unauthenticated(() => store.authorize(issued.token, 'get_public_key'))).toBe(
      'Invalid authentication token',
    );
  });

  it('keep the role scope: an ephemeral member cannot manage tokens', () => {
    const { store } = openStore();
    const { token } = store.issueEphemeral({ user: USER, role: 'member', ttlSeconds: 60 });
    expect(() => store.authorize(token, 'manage_tokens')).toThrow(/not permitted for role 'member'/);
  });

  it('are never written to tokens.yml', async () => {
    const { store, files } = openStore();
    store.issue('alice', 'member', 30);
    const { token } = store.issueEphemeral({ user: USER, role: 'member', ttlSeconds: 60 });
    await store.flush();
    const written = readFileSync(files.tokensFile, 'utf8');
    expect(written).toContain('alice');
    expect(written).not.toContain(token);
    expect(written).not.toContain('oidc:');
  });

  it('are listed as ephemeral with their instant of expiry, after issued tokens, and leave the list at expiry', () => {
    const { store, advance } = openStore();
    store.issue('alice', 'member', 30);
    store.issueEphemeral({ user: USER, role: 'member', ttlSeconds: 900 });
    store.issueEphemeral({ user: `${USER}-2`, role: 'admin', ttlSeconds: 60 });
    expect(store.listTokens()).toEqual([
      { user: 'alice', role: 'member', top_k: 10, rate_limit: '30/60s', expires: '2026-04-19' },
      {
        user: `${USER}-2`,
        role: 'admin',
        top_k: 50,
        rate_limit: '150/60s',
        expires: '2026-03-20T12:01:00Z',
        ephemeral: true,
        expires_at_unix: Date.parse('2026-03-20T12:01:00Z') / 1000,
      },
      {
        user: USER,
        role: 'member',
        top_k: 10,
        rate_limit: '30/60s',
        expires: '2026-03-20T12:15:00Z',
        ephemeral: true,
        expires_at_unix: Date.parse('2026-03-20T12:15:00Z') / 1000,
      },
    ]);
    expect(store.activeTokenCount()).toBe(3);
    advance(60_000);
    expect(store.listTokens().map((t) => t.user)).toEqual(['alice', USER]);
    expect(store.activeTokenCount()).toBe(2);
  });

  it('a user may hold several; revoke drops them all', () => {
    const { store } = openStore();
    const a = store.issueEphemeral({ user: USER, role: 'member', ttlSeconds: 60 });
    const b = store.issueEphemeral({ user: USER, role: 'member', ttlSeconds: 60 });
    expect(a.token).not.toBe(b.token);
    expect(store.revoke(USER)).toEqual({ message: `Revoked token for '${USER}'` });
    for (const { token } of [a, b]) {
      expect(unauthenticated(() => store.authorize(token, 'get_public_key'))).toBe(
        'Invalid authentication token',
      );
    }
    expect(() => store.revoke(USER)).toThrow(`No token found for user '${USER}'`);
  });

  it('tell their issuer when revoke drops them, and only then (not at expiry)', () => {
    const { store, advance } = openStore();
    const told: string[] = [];
    store.issueEphemeral({ user: USER, role: 'member', ttlSeconds: 60, onRevoke: () => told.push('a') });
    store.issueEphemeral({
      user: `${USER}-2`,
      role: 'member',
      ttlSeconds: 1,
      onRevoke: () => told.push('b'),
    });
    advance(1_000);
    store.listTokens(); // purges the expired one
    store.revoke(USER);
    expect(told).toEqual(['a']);
  });

  it('keep their role from being deleted while they live', () => {
    const { store, advance } = openStore();
    store.createRole({ name: 'ci', scope: ['get_public_key'] });
    store.issueEphemeral({ user: USER, role: 'ci', ttlSeconds: 60 });
    expect(() => store.deleteRole('ci')).toThrow(
      `Cannot delete role 'ci': token for user '${USER}' is assigned to it`,
    );
    advance(60_000);
    expect(store.deleteRole('ci')).toEqual({ message: "Deleted role 'ci'" });
  });

  it('refuse an unknown role, a bad user name and a store at capacity', () => {
    const { store } = openStore();
    expect(() => store.issueEphemeral({ user: USER, role: 'nope', ttlSeconds: 60 })).toThrow(
      "Unknown role 'nope'",
    );
    expect(() => store.issueEphemeral({ user: 'a\nb', role: 'member', ttlSeconds: 60 })).toThrow(
      /Invalid user/,
    );
    expect(() => store.issueEphemeral({ user: 'x'.repeat(257), role: 'member', ttlSeconds: 60 })).toThrow(
      /Invalid user/,
    );
    for (let i = 0; i < MAX_EPHEMERAL_TOKENS; i++)
      store.issueEphemeral({ user: USER, role: 'member', ttlSeconds: 60 });
    const error = (() => {
      try {
        store.issueEphemeral({ user: USER, role: 'member', ttlSeconds: 60 });
      } catch (e) {
        return e as VaultError;
      }
    })();
    expect(error?.kind).toBe('resource_exhausted');
  });

  it('are forgotten on close', async () => {
    const { store } = openStore();
    const { token } = store.issueEphemeral({ user: USER, role: 'member', ttlSeconds: 60 });
    await store.close();
    expect(() => store.authorize(token, 'get_public_key')).toThrow('Invalid authentication token');
  });
});
