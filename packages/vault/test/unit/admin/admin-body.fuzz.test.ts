import { copyFileSync, mkdtempSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AdminResponse, handleAdminRequest, parseJsonBody } from '../../../src/admin/admin-routes.js';
import { SCOPES } from '../../../src/tokens/roles.js';
import { TokenStore } from '../../../src/tokens/token-store.js';
import { fuzzBudget, fuzzTestTimeout } from '../../support/fuzz-budget.js';
import { useTempDir } from '../../support/temp-dir.js';

// Property-based run of the admin API against a real TokenStore on disk: any method, path and
// body gets a clean status (never a throw, never 500), errors are exactly {"error": string}
// without a token value, and after every answer the store is consistent and on disk.

const tmp = useTempDir('admin-fuzz');
const NOW = new Date('2026-03-20T12:00:00Z');
const ANSWERS = [200, 201, 400, 404];

/** Writes the starting state once: a custom role and three users (the runs copy its files). */
async function seedFiles(dir: string): Promise<Set<string>> {
  const store = TokenStore.load(filesIn(dir));
  const tokens = new Set<string>();
  await store.commitChange(() => store.createRole({ name: 'ops', scope: ['get_public_key'], top_k: 3 }));
  for (const [user, role] of [
    ['alice', 'member'],
    ['bob', 'admin'],
    ['carol', 'ops'],
  ] as const) {
    tokens.add((await store.commitChange(() => store.issue(user, role, 30))).token);
  }
  await store.close();
  return tokens;
}

/** A store of its own for one run, starting from the seeded files. */
function freshStore(seed: string): { store: TokenStore; dir: string } {
  const dir = mkdtempSync(join(tmp(), 'run-'));
  for (const file of ['roles.yml', 'tokens.yml']) copyFileSync(join(seed, file), join(dir, file));
  return { store: TokenStore.load(filesIn(dir)), dir };
}

function filesIn(dir: string) {
  return {
    rolesFile: join(dir, 'roles.yml'),
    tokensFile: join(dir, 'tokens.yml'),
    now: () => NOW,
    // Atomic (temp file + rename) and asynchronous like the default, without its fsyncs: the
    // properties are about answers and file contents, and fsyncs would spend the time budget.
    writeFile: async (path: string, data: string) => {
      await writeFile(`${path}.tmp`, data, { mode: 0o600 });
      await rename(`${path}.tmp`, path);
    },
  };
}

/** Every token value in an answer (also inside a longer string), e.g. to check errors against. */
function tokensIn(body: unknown): string[] {
  const found: string[] = [];
  JSON.stringify(body, (_key, value) => {
    if (typeof value === 'string') found.push(...(value.match(/evt_[0-9a-f]{32}/g) ?? []));
    return value;
  });
  return found;
}

/** The store's view is self-consistent: unique users, every token's role exists, defaults stay. */
function expectConsistent(store: TokenStore): void {
  const roles = new Set(store.listRoles().map((r) => r.name));
  expect(roles.has('admin') && roles.has('member')).toBe(true);
  const users = store.listTokens().map((t) => t.user);
  expect(new Set(users).size).toBe(users.length);
  for (const listing of store.listTokens()) expect(roles.has(listing.role), listing.role).toBe(true);
}

// ---- arbitraries -------------------------------------------------------------------------

const name = fc.oneof(
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      'alice',
      'bob',
      'carol',
      'admin',
      'member',
      'ops',
      'nobody',
      '_rotate_all',
      'rotate',
    ),
  },
  { weight: 2, arbitrary: fc.stringMatching(/^[a-z][a-z0-9_.@-]{0,15}$/) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
);
/** A path segment: a name percent-encoded as a client would, or raw, or broken encodings. */
const segment = fc.oneof(
  name.map(encodeURIComponent),
  name.map((s) => s.replaceAll('/', '')),
  fc.constantFrom('', '.', '..', '%', '%zz', '%E0%A4%A', '%ED%A0%80', '%00', '%2F', '%5Frotate_all', 'a%20b'),
);
const anyPath = fc.oneof(
  fc.array(segment, { maxLength: 4 }).map((parts) => `/${parts.join('/')}`),
  fc.string({ unit: 'binary', maxLength: 30 }),
);
const anyMethod = fc.oneof(
  fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'get', '', 'POST '),
  fc.string({ maxLength: 8 }),
);

/** JSON value texts, with numbers JSON.stringify never writes (-0, 1e999, 1.5e308, 2^53+1). */
const valueText = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)),
  fc.constantFrom(
    '-0',
    '1e999',
    '-1e999',
    '1.5e308',
    '9007199254740993',
    '0.5',
    '"NaN"',
    '"Infinity"',
    '"30"',
  ),
  fc.constantFrom('null', 'true', '[]', '{}', '"30/60s"', '"0/1s"', '"1/0s"', '"999999999999/1s"'),
  fc.integer({ min: -400, max: 400 }).map(String),
  name.map((s) => JSON.stringify(s)),
);
/** Values shaped for one field, mostly valid, so requests get past validation into the store. */
const mostly = (valid: fc.Arbitrary<string>) =>
  fc.oneof({ weight: 3, arbitrary: valid }, { weight: 1, arbitrary: valueText });
const FIELD_VALUES: Record<string, fc.Arbitrary<string>> = {
  user: mostly(name.map((s) => JSON.stringify(s))),
  name: mostly(name.map((s) => JSON.stringify(s))),
  role: mostly(fc.constantFrom('"member"', '"admin"', '"ops"', '"nobody"')),
  expires_days: mostly(fc.oneof(fc.integer({ min: -2, max: 40_000 }).map(String), fc.constant('null'))),
  scope: mostly(fc.subarray([...SCOPES, 'bogus', '', 'get_public_key']).map((v) => JSON.stringify(v))),
  top_k: mostly(fc.integer({ min: -1, max: 400 }).map(String)),
  rate_limit: mostly(
    fc
      .tuple(fc.integer({ min: -1, max: 1000 }), fc.integer({ min: -1, max: 4000 }))
      .map(([n, s]) => `"${n}/${s}s"`),
  ),
};
const strangeField = fc.constantFrom(
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'User',
  '',
  'role ',
);

/** Object text with `fields` (each usually present), sometimes a stray or duplicate key. */
function objectBody(fields: readonly string[]): fc.Arbitrary<string> {
  const present = fields.map((field) =>
    fc.option(
      (FIELD_VALUES[field] as fc.Arbitrary<string>).map((v): [string, string] => [field, v]),
      {
        freq: 12,
      },
    ),
  );
  // fc.option's freq is the chance of null (1/freq): rarely a stray key, usually none.
  const extra = fc.oneof(
    { weight: 6, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.tuple(fc.oneof(strangeField, fc.constantFrom(...fields)), valueText) },
  );
  return fc
    .tuple(fc.tuple(...present), extra)
    .map(([entries, more]) => [...entries.filter((e) => e !== null), ...(more ? [more] : [])])
    .map((entries) => `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`);
}

/** Anything else a client could send as a body (bytes are read through parseJsonBody). */
const oddBody = fc.oneof(
  valueText,
  fc.constantFrom(
    '',
    '   ',
    '\n',
    '{',
    '{"user":',
    '\ufeff{}',
    '{"a":1}{"b":2}',
    '{"__proto__":{"user":"x"}}',
  ),
  fc.integer({ min: 1, max: 20_000 }).map((depth) => `${'['.repeat(depth)}${']'.repeat(depth)}`),
  fc.integer({ min: 1, max: 5_000 }).map((depth) => `${'{"user":'.repeat(depth)}1${'}'.repeat(depth)}`),
  fc.uint8Array({ maxLength: 40 }),
);
const asBody = (bytes: string | Uint8Array) =>
  parseJsonBody(typeof bytes === 'string' ? Buffer.from(bytes) : bytes);
const bodyFor = (fields: readonly string[]) =>
  fc.oneof(
    { weight: 4, arbitrary: objectBody(fields).map(asBody) },
    { weight: 1, arbitrary: oddBody.map(asBody) },
    { weight: 1, arbitrary: fc.constantFrom(undefined, {}) },
  );
const noBody = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(undefined, {}) },
  { weight: 1, arbitrary: oddBody.map(asBody) },
);

interface Req {
  method: string;
  path: string;
  body: unknown;
}
const route = (m: string, p: fc.Arbitrary<string>, b: fc.Arbitrary<unknown>): fc.Arbitrary<Req> =>
  fc.record({ method: fc.constant(m), path: p, body: b });

/** Mostly the real routes with fuzzed names and bodies; sometimes anything at all. */
const request: fc.Arbitrary<Req> = fc.oneof(
  route('GET', fc.constantFrom('/health', '/tokens', '/roles'), noBody),
  route('POST', fc.constant('/tokens'), bodyFor(['user', 'role', 'expires_days'])),
  route('POST', fc.constant('/tokens/_rotate_all'), noBody),
  route(
    'POST',
    segment.map((s) => `/tokens/${s}/rotate`),
    noBody,
  ),
  route(
    'DELETE',
    segment.map((s) => `/tokens/${s}`),
    noBody,
  ),
  route('POST', fc.constant('/roles'), bodyFor(['name', 'scope', 'top_k', 'rate_limit'])),
  route(
    'PUT',
    segment.map((s) => `/roles/${s}`),
    bodyFor(['scope', 'top_k', 'rate_limit']),
  ),
  route(
    'DELETE',
    segment.map((s) => `/roles/${s}`),
    noBody,
  ),
  fc.record({
    method: anyMethod,
    path: anyPath,
    body: fc.oneof(oddBody.map(asBody), fc.jsonValue({ maxDepth: 3 })),
  }),
);

/** Plays one request sequence on a fresh store and checks every answer and the store after it. */
async function playSequence(seed: string, seeded: Set<string>, requests: Req[]): Promise<void> {
  const { store, dir } = freshStore(seed);
  const tokens = new Set(seeded);
  try {
    for (const req of requests) {
      // The routes are async (a change answers once written); await works for a plain value too.
      const res: AdminResponse = await handleAdminRequest(req, { tokens: store, isServing: () => true });
      expect(ANSWERS, `status ${res.status}`).toContain(res.status);
      if (res.status >= 400) {
        expect(Object.keys(res.body as object)).toEqual(['error']);
        const text = (res.body as { error: unknown }).error;
        expect(typeof text).toBe('string');
        for (const token of tokens) expect(text).not.toContain(token);
        expect(tokensIn(res.body), 'a token value in an error').toEqual([]);
      } else {
        expect(typeof res.body).toBe('object');
        if (req.method === 'GET') expect(tokensIn(res.body)).toEqual([]);
        for (const token of tokensIn(res.body)) tokens.add(token);
      }
      expectConsistent(store);
    }
    // An answer means it is stored: a second store reading the same files sees the same.
    const reloaded = TokenStore.load(filesIn(dir));
    try {
      expect(reloaded.listRoles()).toEqual(store.listRoles());
      expect(reloaded.listTokens()).toEqual(store.listTokens());
    } finally {
      await reloaded.close();
    }
  } finally {
    await store.close();
  }
}

describe('admin API fuzz', () => {
  it(
    'any request sequence → 200/201/400/404 answers, {"error": string} errors without tokens, a consistent store on disk',
    async () => {
      const seed = mkdtempSync(join(tmp(), 'seed-'));
      const seeded = await seedFiles(seed);
      // fast-check's time limit stops waiting for a run, not the run: let it end before the
      // temp dir goes, so no write lands in a removed directory.
      let inFlight: Promise<void> | undefined;
      try {
        await fc.assert(
          fc.asyncProperty(fc.array(request, { minLength: 1, maxLength: 8 }), (requests) => {
            inFlight = playSequence(seed, seeded, requests);
            return inFlight;
          }),
          fuzzBudget(100, 3_000),
        );
      } finally {
        await inFlight?.catch(() => undefined);
      }
    },
    fuzzTestTimeout(3_000),
  );
});
