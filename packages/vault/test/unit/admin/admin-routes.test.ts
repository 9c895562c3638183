import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type AdminResponse,
  handleAdminRequest,
  MalformedJsonBody,
  parseJsonBody,
} from '../../../src/admin/admin-routes.js';
import { writeFileAtomic } from '../../../src/fs/atomic-write.js';
import { TokenStore } from '../../../src/tokens/token-store.js';
import { useTempDir } from '../../support/temp-dir.js';

const tmp = useTempDir('admin-routes');
// Registered after useTempDir, so it runs first: pending writes land before the dir goes.
const openStores: TokenStore[] = [];
afterEach(async () => {
  await Promise.all(openStores.splice(0).map((store) => store.close()));
});

const NOW = new Date('2026-03-20T12:00:00Z');
const TOKEN = /^evt_[0-9a-f]{32}$/;

function setup(opts: { serving?: boolean; writeFile?: (path: string, data: string) => Promise<void> } = {}) {
  const tokens = TokenStore.load({
    rolesFile: join(tmp(), 'configs', 'roles.yml'),
    tokensFile: join(tmp(), 'configs', 'tokens.yml'),
    now: () => NOW,
    ...(opts.writeFile ? { writeFile: opts.writeFile, onPersistError: () => {} } : {}),
  });
  openStores.push(tokens);
  const deps = { tokens, isServing: () => opts.serving ?? true };
  const call = (method: string, path: string, body?: unknown): Promise<AdminResponse> =>
    handleAdminRequest({ method, path, body }, deps);
  return { tokens, call };
}

const error = (status: number, message: string): AdminResponse => ({ status, body: { error: message } });

describe('GET /health', () => {
  it('answers 200 {"status":"ok"} while serving', async () => {
    expect(await setup().call('GET', '/health')).toEqual({ status: 200, body: { status: 'ok' } });
  });

  it('answers 503 {"status":"unhealthy"} when not serving', async () => {
    expect(await setup({ serving: false }).call('GET', '/health')).toEqual({
      status: 503,
      body: { status: 'unhealthy' },
    });
  });
});

describe('GET /tokens', () => {
  it('lists users with their role limits and expiry, never the token values', async () => {
    const { tokens, call } = setup();
    const alice = tokens.issue('alice', 'member', 30);
    tokens.issue('bob', 'admin', null);
    const res = await call('GET', '/tokens');
    expect(res).toEqual({
      status: 200,
      body: {
        tokens: [
          { user: 'alice', role: 'member', top_k: 10, rate_limit: '30/60s', expires: '2026-04-19' },
          { user: 'bob', role: 'admin', top_k: 50, rate_limit: '150/60s', expires: 'never' },
        ],
      },
    });
    expect(JSON.stringify(res.body)).not.toContain(alice.token);
  });

  it('answers an empty list when no token exists', async () => {
    expect(await setup().call('GET', '/tokens')).toEqual({ status: 200, body: { tokens: [] } });
  });
});

describe('POST /tokens', () => {
  it('issues a token: 201 with user, token, role, issued_at and expires (never by default, as upstream)', async () => {
    const { tokens, call } = setup();
    const res = await call('POST', '/tokens', { user: 'alice', role: 'member' });
    expect(res).toEqual({
      status: 201,
      body: {
        user: 'alice',
        token: expect.stringMatching(TOKEN),
        role: 'member',
        issued_at: '2026-03-20',
        expires: 'never',
      },
    });
    const { token } = res.body as { token: string };
    expect(tokens.authorize(token, 'decrypt_scores').user).toBe('alice');
  });

  it('takes expires_days, and null for a token that never expires', async () => {
    const { call } = setup();
    expect(
      (await call('POST', '/tokens', { user: 'a', role: 'member', expires_days: 7 })).body,
    ).toMatchObject({
      expires: '2026-03-27',
    });
    expect(
      (await call('POST', '/tokens', { user: 'b', role: 'admin', expires_days: null })).body,
    ).toMatchObject({
      expires: 'never',
    });
  });

  it('treats an empty body as missing fields', async () => {
    expect(await setup().call('POST', '/tokens')).toEqual(error(400, 'Missing required fields: user, role'));
  });

  it.each([
    [{ role: 'member' }, 'Missing required fields: user, role'],
    [{ user: 'alice' }, 'Missing required fields: user, role'],
    [{ user: '', role: 'member' }, 'Missing required fields: user, role'],
    [{ user: 42, role: 'member' }, "field 'user' must be a string"],
    [{ user: 'alice', role: ['member'] }, "field 'role' must be a string"],
    [{ user: null, role: 'member' }, 'Missing required fields: user, role'],
    [
      { user: 'alice', role: 'member', expires_days: '30' },
      "field 'expires_days' must be an integer or null",
    ],
    [{ user: 'alice', role: 'member', expires_days: 1.5 }, 'expires_days must be an integer from 0 to 36500'],
    [{ user: 'alice', role: 'member', expires_days: -1 }, 'expires_days must be an integer from 0 to 36500'],
    [
      { user: 'alice', role: 'member', scope: [] },
      "unknown field 'scope'; allowed: user, role, expires_days",
    ],
    [{ user: 'alice', role: 'ghost' }, "Role 'ghost' does not exist"],
    [
      { user: ' alice', role: 'member' },
      'Invalid user: the name starts with a space; use 1-128 printable characters without surrounding spaces',
    ],
  ])('400 for %j: %s', async (body, message) => {
    expect(await setup().call('POST', '/tokens', body)).toEqual(error(400, message));
  });

  it('400 when the user already has a token', async () => {
    const { call } = setup();
    await call('POST', '/tokens', { user: 'alice', role: 'member' });
    expect(await call('POST', '/tokens', { user: 'alice', role: 'admin' })).toEqual(
      error(400, "Token already exists for user 'alice'"),
    );
  });

  it.each([
    [[{ user: 'alice', role: 'member' }], 'request body must be a JSON object'],
    ['alice', 'request body must be a JSON object'],
    [null, 'request body must be a JSON object'],
    [7, 'request body must be a JSON object'],
  ])('400 for a body that is not an object: %j', async (body, message) => {
    expect(await setup().call('POST', '/tokens', body)).toEqual(error(400, message));
  });

  it('400 for malformed JSON, with the parser reason', async () => {
    const res = await setup().call('POST', '/tokens', new MalformedJsonBody('Unexpected end of JSON input'));
    expect(res).toEqual(error(400, 'invalid JSON body: Unexpected end of JSON input'));
  });

  it('names a JSON "__proto__" key as an unknown field instead of ignoring it', async () => {
    const body = parseJsonBody(Buffer.from('{"user":"a","role":"member","__proto__":{"x":1}}'));
    expect(await setup().call('POST', '/tokens', body)).toEqual(
      error(400, "unknown field '__proto__'; allowed: user, role, expires_days"),
    );
  });
});

describe('POST /tokens/{user}/rotate', () => {
  it('replaces the token value and keeps role and expiry: 200, the issue shape', async () => {
    const { tokens, call } = setup();
    const issued = tokens.issue('alice', 'member', 30);
    const res = await call('POST', '/tokens/alice/rotate');
    expect(res).toEqual({
      status: 200,
      body: {
        user: 'alice',
        token: expect.stringMatching(TOKEN),
        role: 'member',
        issued_at: '2026-03-20',
        expires: '2026-04-19',
      },
    });
    expect((res.body as { token: string }).token).not.toBe(issued.token);
  });

  it('400 when the user has no token', async () => {
    expect(await setup().call('POST', '/tokens/nobody/rotate')).toEqual(
      error(400, "No token found for user 'nobody'"),
    );
  });

  it('URL-decodes the user segment', async () => {
    const { tokens, call } = setup();
    tokens.issue('a/b c', 'member');
    expect(await call('POST', '/tokens/a%2Fb%20c/rotate')).toMatchObject({
      status: 200,
      body: { user: 'a/b c' },
    });
  });
});

describe('POST /tokens/_rotate_all', () => {
  it('rotates every token: 200 {"rotated":n,"tokens":[{user,token,role}]}', async () => {
    const { tokens, call } = setup();
    const old = [tokens.issue('alice', 'member'), tokens.issue('bob', 'admin')];
    const res = await call('POST', '/tokens/_rotate_all');
    expect(res).toEqual({
      status: 200,
      body: {
        rotated: 2,
        tokens: [
          { user: 'alice', token: expect.stringMatching(TOKEN), role: 'member' },
          { user: 'bob', token: expect.stringMatching(TOKEN), role: 'admin' },
        ],
      },
    });
    const fresh = (res.body as { tokens: { token: string }[] }).tokens.map((t) => t.token);
    for (const { token } of old) expect(fresh).not.toContain(token);
  });

  it('answers rotated 0 when there is nothing to rotate', async () => {
    expect(await setup().call('POST', '/tokens/_rotate_all')).toEqual({
      status: 200,
      body: { rotated: 0, tokens: [] },
    });
  });

  it('matches the literal segment only: an encoded "_rotate_all" is not the rotate-all route', async () => {
    expect(await setup().call('POST', '/tokens/%5Frotate_all')).toEqual(
      error(404, 'No route for POST /tokens/%5Frotate_all'),
    );
  });
});

describe('DELETE /tokens/{user}', () => {
  it('revokes: 200 {"message":"Revoked token for \'u\'"}', async () => {
    const { tokens, call } = setup();
    tokens.issue('alice', 'member');
    expect(await call('DELETE', '/tokens/alice')).toEqual({
      status: 200,
      body: { message: "Revoked token for 'alice'" },
    });
    expect(tokens.listTokens()).toEqual([]);
  });

  it('404 when the user has no token', async () => {
    expect(await setup().call('DELETE', '/tokens/alice')).toEqual(
      error(404, "No token found for user 'alice'"),
    );
  });

  it('URL-decodes the user segment (UTF-8 included)', async () => {
    const { tokens, call } = setup();
    tokens.issue('zoë', 'member');
    expect(await call('DELETE', '/tokens/zo%C3%AB')).toEqual({
      status: 200,
      body: { message: "Revoked token for 'zoë'" },
    });
  });

  it('400 for a segment that is not valid percent-encoding', async () => {
    expect(await setup().call('DELETE', '/tokens/%E0%A4%A')).toEqual(
      error(400, "invalid percent-encoding in path segment '%E0%A4%A'"),
    );
  });
});

describe('GET /roles', () => {
  it('lists the default roles with scope, top_k and rate_limit', async () => {
    expect(await setup().call('GET', '/roles')).toEqual({
      status: 200,
      body: {
        roles: [
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
        ],
      },
    });
  });
});

describe('POST /roles', () => {
  const reader = { name: 'reader', scope: ['get_public_key'], top_k: 3, rate_limit: '10/60s' };

  it('creates a role: 201 with the role as body', async () => {
    const { tokens, call } = setup();
    expect(await call('POST', '/roles', reader)).toEqual({ status: 201, body: reader });
    expect(tokens.listRoles().map((r) => r.name)).toContain('reader');
  });

  it('requires top_k and rate_limit, as upstream admin_server.py _handle_create_role does', async () => {
    // (roles.yml alone fills them in: 5 and 30/60s.)
    expect(await setup().call('POST', '/roles', { name: 'r', scope: ['decrypt_scores'] })).toEqual(
      error(400, 'Missing required fields: name, scope, top_k, rate_limit'),
    );
  });

  it.each([
    [{ scope: ['get_public_key'] }, 'Missing required fields: name, scope, top_k, rate_limit'],
    [{ name: 'r' }, 'Missing required fields: name, scope, top_k, rate_limit'],
    [{ name: 'r', scope: [] }, 'Missing required fields: name, scope, top_k, rate_limit'],
    [{ ...reader, name: 5 }, "field 'name' must be a string"],
    [{ ...reader, scope: 'get_public_key' }, 'scope must be a list of scopes'],
    [
      { ...reader, scope: ['launch_missiles'] },
      "Invalid scope 'launch_missiles'; valid scopes: get_public_key, decrypt_scores, decrypt_metadata, manage_tokens",
    ],
    [{ ...reader, top_k: '3' }, 'top_k must be a positive integer'],
    [{ ...reader, top_k: 0 }, 'top_k must be a positive integer'],
    [{ ...reader, top_k: null }, 'Missing required fields: name, scope, top_k, rate_limit'],
    [
      { ...reader, rate_limit: 10 },
      "Invalid rate_limit format '10'. Expected '<max>/<window>s' (e.g. '30/60s')",
    ],
    [{ ...reader, rate_limit: null }, 'Missing required fields: name, scope, top_k, rate_limit'],
    // Upstream's exact format: the trailing s and no blanks (token_store.py _validate_rate_limit).
    [
      { ...reader, rate_limit: '30/60' },
      "Invalid rate_limit format '30/60'. Expected '<max>/<window>s' (e.g. '30/60s')",
    ],
    [
      { ...reader, rate_limit: ' 30/60s' },
      "Invalid rate_limit format ' 30/60s'. Expected '<max>/<window>s' (e.g. '30/60s')",
    ],
    [{ ...reader, colour: 'red' }, "unknown field 'colour'; allowed: name, scope, top_k, rate_limit"],
    [{ ...reader, name: 'bad name' }, "Invalid role name: use up to 64 letters, digits, '_', '.' or '-'"],
    [{ ...reader, name: 'member' }, "Role 'member' already exists"],
  ])('400 for %j: %s', async (body, message) => {
    expect(await setup().call('POST', '/roles', body)).toEqual(error(400, message));
  });
});

describe('PUT /roles/{name}', () => {
  it('updates any of scope, top_k and rate_limit: 200 with the role', async () => {
    const { call } = setup();
    expect(await call('PUT', '/roles/member', { top_k: 20 })).toEqual({
      status: 200,
      body: {
        name: 'member',
        scope: ['get_public_key', 'decrypt_scores', 'decrypt_metadata'],
        top_k: 20,
        rate_limit: '30/60s',
      },
    });
    expect(await call('PUT', '/roles/member', { scope: ['get_public_key'], rate_limit: '5/1s' })).toEqual({
      status: 200,
      body: { name: 'member', scope: ['get_public_key'], top_k: 20, rate_limit: '5/1s' },
    });
  });

  it.each([{}, undefined])('400 "No fields to update" for body %j', async (body) => {
    expect(await setup().call('PUT', '/roles/member', body)).toEqual(error(400, 'No fields to update'));
  });

  it.each([
    [{ name: 'x' }, "unknown field 'name'; allowed: scope, top_k, rate_limit"],
    [{ top_k: -1 }, 'top_k must be a positive integer'],
    [{ scope: null }, 'scope must be a list of scopes'],
    [{ rate_limit: 'fast' }, "Invalid rate_limit format 'fast'. Expected '<max>/<window>s' (e.g. '30/60s')"],
  ])('400 for %j: %s', async (body, message) => {
    expect(await setup().call('PUT', '/roles/member', body)).toEqual(error(400, message));
  });

  it('400 for an unknown role (upstream: ValueError → 400)', async () => {
    expect(await setup().call('PUT', '/roles/ghost', { top_k: 1 })).toEqual(
      error(400, "Role 'ghost' does not exist"),
    );
  });

  it('URL-decodes the role segment', async () => {
    const { tokens, call } = setup();
    tokens.createRole({ name: 'ops.team', scope: ['get_public_key'] });
    expect(await call('PUT', '/roles/ops%2Eteam', { top_k: 2 })).toMatchObject({
      status: 200,
      body: { name: 'ops.team', top_k: 2 },
    });
  });
});

describe('DELETE /roles/{name}', () => {
  it('deletes: 200 {"message":"Deleted role \'n\'"}', async () => {
    const { tokens, call } = setup();
    tokens.createRole({ name: 'reader', scope: ['get_public_key'] });
    expect(await call('DELETE', '/roles/reader')).toEqual({
      status: 200,
      body: { message: "Deleted role 'reader'" },
    });
    expect(tokens.listRoles().map((r) => r.name)).toEqual(['admin', 'member']);
  });

  it('400 for a default role', async () => {
    expect(await setup().call('DELETE', '/roles/admin')).toEqual(
      error(400, "Cannot delete default role 'admin'"),
    );
  });

  it('400 for a role in use, naming the users', async () => {
    const { tokens, call } = setup();
    tokens.createRole({ name: 'reader', scope: ['get_public_key'] });
    tokens.issue('alice', 'reader');
    expect(await call('DELETE', '/roles/reader')).toEqual(
      error(400, "Cannot delete role 'reader': token for user 'alice' is assigned to it"),
    );
  });

  it('404 for an unknown role', async () => {
    expect(await setup().call('DELETE', '/roles/ghost')).toEqual(error(400, "Role 'ghost' does not exist"));
  });
});

describe('routes without a body', () => {
  it.each([undefined, {}])('ignore an empty body (%j)', async (body) => {
    expect((await setup().call('GET', '/health', body)).status).toBe(200);
  });

  it.each([
    ['GET', '/tokens', { user: 'alice' }],
    ['POST', '/tokens/_rotate_all', []],
    ['POST', '/tokens/alice/rotate', 'x'],
    ['DELETE', '/roles/reader', new MalformedJsonBody('Unexpected token')],
  ])('400 for %s %s with a body', async (method, path, body) => {
    expect(await setup().call(method, path, body)).toEqual(
      error(400, `${method} ${path} takes no request body`),
    );
  });
});

describe('unknown routes', () => {
  it.each([
    ['GET', '/'],
    ['GET', '/metrics'],
    ['GET', '/tokens/alice'],
    ['PUT', '/tokens/alice'],
    ['DELETE', '/tokens'],
    ['DELETE', '/tokens/'],
    ['PATCH', '/roles/member'],
    ['POST', '/roles/member'],
    ['POST', '/tokens/alice/rotate/now'],
    ['HEAD', '/health'],
    ['GET', 'health'],
  ])('404 "No route for %s %s"', async (method, path) => {
    expect(await setup().call(method, path)).toEqual(error(404, `No route for ${method} ${path}`));
  });

  // admin_server.py _dispatch strips trailing slashes before matching.
  it('a trailing slash names the same route', async () => {
    expect((await setup().call('GET', '/tokens/')).status).toBe(200);
  });

  it('answer 404 before looking at the body, even a malformed one', async () => {
    expect(await setup().call('POST', '/nope', new MalformedJsonBody('bad'))).toEqual(
      error(404, 'No route for POST /nope'),
    );
  });
});

describe('errors that are not the store rejecting a request', () => {
  it('are thrown for the transport to answer 500', async () => {
    const { tokens, call } = setup();
    await tokens.close();
    await expect(call('POST', '/tokens', { user: 'alice', role: 'member' })).rejects.toThrow(
      'token store is closed',
    );
  });
});

describe('changes are answered once on disk', () => {
  it('answers 201 only after tokens.yml holds the new token', async () => {
    const tokensFile = join(tmp(), 'configs', 'tokens.yml');
    const onDiskWhenAnswered: boolean[] = [];
    const { call } = setup();
    const answered = call('POST', '/tokens', { user: 'alice', role: 'member' }).then((res) => {
      onDiskWhenAnswered.push(
        readFileSync(tokensFile, 'utf8').includes((res.body as { token: string }).token),
      );
      return res;
    });
    expect((await answered).status).toBe(201);
    expect(onDiskWhenAnswered).toEqual([true]);
  });

  it.each([
    ['POST', '/tokens', { user: 'bob', role: 'member' }],
    ['POST', '/tokens/alice/rotate', undefined],
    ['POST', '/tokens/_rotate_all', undefined],
    ['DELETE', '/tokens/alice', undefined],
    ['POST', '/roles', { name: 'ci', scope: ['get_public_key'], top_k: 2, rate_limit: '5/60s' }],
    ['PUT', '/roles/reader', { top_k: 9 }],
    ['DELETE', '/roles/reader', undefined],
  ])('answers %s %s with 500 when the write fails, and the change is undone', async (method, path, body) => {
    let fail = false;
    const { tokens, call } = setup({
      writeFile: async (file, data) => {
        if (fail)
          throw Object.assign(new Error(`EACCES: permission denied, open '${file}.tmp'`), { code: 'EACCES' });
        await writeFileAtomic(file, data);
      },
    });
    await call('POST', '/tokens', { user: 'alice', role: 'member' });
    await call('POST', '/roles', {
      name: 'reader',
      scope: ['get_public_key'],
      top_k: 3,
      rate_limit: '5/60s',
    });
    const before = { tokens: tokens.listTokens(), roles: tokens.listRoles() };
    const file = join(tmp(), 'configs', path.startsWith('/roles') ? 'roles.yml' : 'tokens.yml');
    fail = true;
    expect(await call(method, path, body)).toEqual(
      error(
        500,
        `could not save ${file}: EACCES: permission denied; the change was not applied (fix the cause, then retry)`,
      ),
    );
    expect({ tokens: tokens.listTokens(), roles: tokens.listRoles() }).toEqual(before);
  });
});

describe('parseJsonBody', () => {
  it('returns undefined for an empty or blank body', () => {
    expect(parseJsonBody(Buffer.alloc(0))).toBeUndefined();
    expect(parseJsonBody(Buffer.from(' \n\t'))).toBeUndefined();
  });

  it('parses JSON', () => {
    expect(parseJsonBody(Buffer.from('{"user":"zoë","n":[1]}'))).toEqual({ user: 'zoë', n: [1] });
  });

  it('marks malformed JSON and invalid UTF-8 instead of throwing', () => {
    expect(parseJsonBody(Buffer.from('{"user":'))).toBeInstanceOf(MalformedJsonBody);
    expect(parseJsonBody(Buffer.from([0x7b, 0xff, 0x7d]))).toEqual(
      new MalformedJsonBody('body is not valid UTF-8'),
    );
  });
});
