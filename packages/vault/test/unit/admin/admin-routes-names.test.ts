// User and role names through the admin routes: bad names in bodies and in percent-encoded
// URL segments are refused with the code point named and never echoed; every name that can
// exist (an exchanged user of 256 characters included) can still be revoked.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type AdminResponse, handleAdminRequest } from '../../../src/admin/admin-routes.js';
import { TokenStore } from '../../../src/tokens/token-store.js';
import { useTempDir } from '../../support/temp-dir.js';

const tmp = useTempDir('admin-names');
const openStores: TokenStore[] = [];
afterEach(async () => {
  await Promise.all(openStores.splice(0).map((store) => store.close()));
});

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

function setup() {
  const tokens = TokenStore.load({
    rolesFile: join(tmp(), 'roles.yml'),
    tokensFile: join(tmp(), 'tokens.yml'),
    now: () => new Date('2026-03-20T12:00:00Z'),
    persistDebounceMs: 5,
  });
  openStores.push(tokens);
  const call = async (method: string, path: string, body?: unknown): Promise<AdminResponse> =>
    handleAdminRequest({ method, path, body }, { tokens, isServing: () => true });
  return { tokens, call };
}

function refusal(response: AdminResponse): string {
  expect(response.status).toBe(400);
  const message = (response.body as { error: string }).error;
  expect(message).toMatch(PRINTABLE_ASCII);
  return message;
}

describe('admin routes refuse names that break the rule', () => {
  it.each([
    [
      'a ZWSP after "admin"',
      { user: 'admin\u200B', role: 'member' },
      'U+200B (ZERO WIDTH SPACE) at position 6',
    ],
    ['a bidi override', { user: 'eve\u202Enimda', role: 'member' }, 'U+202E (RIGHT-TO-LEFT OVERRIDE)'],
    ['a line separator', { user: 'a\u2028b', role: 'member' }, 'U+2028 (LINE SEPARATOR)'],
    ['a lone surrogate', { user: 'bob\uD800', role: 'member' }, 'U+D800 (lone surrogate)'],
    [
      'a bad role name',
      { user: 'alice', role: 'member\u2028' },
      'Invalid role name: the name contains U+2028',
    ],
  ])('POST /tokens with %s', async (_what, body, expected) => {
    const { call, tokens } = setup();
    expect(refusal(await call('POST', '/tokens', body))).toContain(expected);
    expect(tokens.listTokens()).toEqual([]);
  });

  it.each([
    ['DELETE', '/tokens/%E2%80%AEnimda', 'U+202E (RIGHT-TO-LEFT OVERRIDE) at position 1'],
    ['DELETE', '/tokens/admin%E2%80%8B', 'U+200B (ZERO WIDTH SPACE) at position 6'],
    ['POST', '/tokens/admin%E2%80%8B/rotate', 'U+200B (ZERO WIDTH SPACE) at position 6'],
    ['DELETE', '/tokens/a%0Ab', 'U+000A (LINE FEED) at position 2'],
    ['PUT', '/roles/ci%0Aadmin', 'Invalid role name: the name contains U+000A (LINE FEED) at position 3'],
    ['DELETE', '/roles/member%E2%80%8B', 'Invalid role name: the name contains U+200B'],
  ])('%s %s answers 400 naming the code point, not 404 echoing it', async (method, path, expected) => {
    const body = method === 'PUT' ? { top_k: 3 } : undefined;
    expect(refusal(await setup().call(method, path, body))).toContain(expected);
  });

  it.each([
    ['an encoded lone surrogate', '/tokens/%ED%A0%80'],
    ['invalid UTF-8', '/tokens/%FF%FE'],
    ['a truncated escape', '/tokens/a%E2%80'],
  ])('refuses %s in a :user segment cleanly', async (_what, path) => {
    const message = refusal(await setup().call('DELETE', path));
    expect(message).toMatch(/^invalid percent-encoding in path segment '/);
  });

  it('escapes raw non-ASCII path text it quotes', async () => {
    const res = await setup().call('GET', '/nope\u2028\u0085/x');
    expect(res.status).toBe(404);
    expect((res.body as { error: string }).error).toBe('No route for GET /nope\\u2028\\u0085/x');
  });
});

describe('every name that can exist can be revoked', () => {
  it('revokes an exchanged user of the longest allowed length through the URL', async () => {
    const { call, tokens } = setup();
    const user = `oidc:ci:${'x'.repeat(256 - 'oidc:ci:'.length)}`;
    tokens.issueEphemeral({ user, role: 'member', ttlSeconds: 60 });
    expect(await call('DELETE', `/tokens/${encodeURIComponent(user)}`)).toEqual({
      status: 200,
      body: { message: `Revoked token for '${user}'` },
    });
  });

  it('issues, rotates and revokes a non-ASCII NFC user through its encoded URL', async () => {
    const { call } = setup();
    const user = 'Jos\u00E9 \u5F20';
    expect((await call('POST', '/tokens', { user, role: 'member' })).status).toBe(201);
    expect((await call('POST', `/tokens/${encodeURIComponent(user)}/rotate`)).status).toBe(200);
    expect((await call('DELETE', `/tokens/${encodeURIComponent(user)}`)).status).toBe(200);
  });
});

describe('admin routes quote what a body sent only escaped and cut short', () => {
  it.each([
    ['an unknown field name', 'POST', '/tokens', { user: 'u', role: 'member', 'ev\nil\u001b[31m\u202e': 1 }],
    ['a scope', 'POST', '/roles', { name: 'r1', scope: ['x\ny\u202e'], top_k: 1, rate_limit: '1/1s' }],
    [
      'a rate limit',
      'POST',
      '/roles',
      { name: 'r2', scope: ['get_public_key'], top_k: 1, rate_limit: '1\n2\u0000' },
    ],
  ])('%s with line breaks and bidi overrides', async (_what, method, path, body) => {
    const message = refusal(await setup().call(method, path, body));
    // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
    expect(message).not.toMatch(/[\n\u0000\u001b\u202e]/);
    expect(message).toMatch(/\\u000a|\\u202e|\\u0000/);
  });

  it('a 60 KiB field name comes back as its first 64 characters', async () => {
    const message = refusal(
      await setup().call('POST', '/tokens', { user: 'u', role: 'member', ['k'.repeat(60_000)]: 1 }),
    );
    expect(message).toBe(`unknown field '${'k'.repeat(64)}...'; allowed: user, role, expires_days`);
  });
});
