// Property-based checks of the name rule against an oracle written from the issue's words,
// and of what an accepted name must survive: tokens.yml/roles.yml round trips, the admin
// route's URL encoding, the CLI table. A refused name's message is printable ASCII only.
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { handleAdminRequest } from '../../../src/admin/admin-routes.js';
import { formatTokenList } from '../../../src/cli/output.js';
import { MAX_ROLE_NAME_LENGTH, roleNameProblem, userNameProblem } from '../../../src/tokens/names.js';
import {
  parseRolesYaml,
  parseTokensYaml,
  renderRolesYaml,
  renderTokensYaml,
} from '../../../src/tokens/token-files.js';
import { TokenStore } from '../../../src/tokens/token-store.js';
import { fuzzBudget, fuzzTestTimeout } from '../../support/fuzz-budget.js';
import { useTempDir } from '../../support/temp-dir.js';

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
// What the issue forbids: control, format, separators (a plain space aside), private use,
// unassigned, surrogates.
const FORBIDDEN_BY_ISSUE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Co}\p{Cn}\p{Cs}]|(?! )\p{Zs}/u;
// Every line break some reader honours (Python's str.splitlines is the widest).
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are the point
const ANY_LINE_BREAK = /\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/;

// Names built from pieces that sit on the rule's edges, so accepted and refused names are
// both common; plus the three fast-check units the brief names, and raw UTF-16 code units
// (the only way to get lone surrogates).
const edgePiece = fc.constantFrom(
  'a',
  'Z',
  '0',
  ' ',
  '-',
  'é',
  'e\u0301',
  '\u5F20',
  '\u{1F600}',
  '\u200B',
  '\u202E',
  '\u2028',
  '\u00A0',
  '\n',
  '\uD800',
  '\uDC00',
  '\uE000',
  '\u0378',
  '\u3164',
  '\u0600',
  "'",
  '"',
  ':',
  '#',
  '%',
  '/',
);
const names = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'grapheme-composite', maxLength: 40 }),
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((u) => String.fromCharCode(u)), maxLength: 20 }),
  fc.array(edgePiece, { maxLength: 12 }).map((pieces) => pieces.join('')),
);

function expectSafeRefusal(problem: string, input: string): void {
  expect(problem).toMatch(PRINTABLE_ASCII);
  // An input with anything beyond printable ASCII can never appear inside that message.
  if (!PRINTABLE_ASCII.test(input)) expect(problem.includes(input)).toBe(false);
}

const tmp = useTempDir('names-fuzz');
const openStores: TokenStore[] = [];
afterEach(async () => {
  await Promise.all(openStores.splice(0).map((store) => store.close()));
});

describe('user names (property)', () => {
  it(
    'are refused with a printable-ASCII message, or obey the rule and survive every surface',
    async () => {
      const tokens = TokenStore.load({
        rolesFile: join(tmp(), 'roles.yml'),
        tokensFile: join(tmp(), 'tokens.yml'),
        now: () => new Date('2026-03-20T12:00:00Z'),
        persistDebounceMs: 60_000,
      });
      openStores.push(tokens);
      const call = (method: string, path: string, body?: unknown) =>
        handleAdminRequest({ method, path, body }, { tokens, isServing: () => true });
      const roles = new Set(['admin', 'member']);

      await fc.assert(
        fc.asyncProperty(names, async (name) => {
          const problem = userNameProblem(name);
          if (problem !== undefined) {
            expectSafeRefusal(problem, name);
            const refused = await call('POST', '/tokens', { user: name, role: 'member' });
            // An empty user is "missing" to the admin API, in upstream's words (admin_server.py).
            const error = name === '' ? 'Missing required fields: user, role' : problem;
            expect(refused).toEqual({ status: 400, body: { error } });
            return;
          }
          expect(name.normalize('NFC')).toBe(name);
          expect(FORBIDDEN_BY_ISSUE.test(name)).toBe(false);
          expect(name.trim()).toBe(name);

          const record = { user: name, token: `evt_${'0'.repeat(32)}`, role: 'member', expires: 'never' };
          expect(parseTokensYaml(renderTokensYaml([record]), 'tokens.yml', roles)).toEqual([record]);

          expect((await call('POST', '/tokens', { user: name, role: 'member' })).status).toBe(201);
          expect(await call('DELETE', `/tokens/${encodeURIComponent(name)}`)).toEqual({
            status: 200,
            body: { message: `Revoked token for '${name}'` },
          });

          const table = formatTokenList([
            { user: name, role: 'member', top_k: 10, rate_limit: '30/60s', expires: 'never' },
          ]);
          expect(table.split(ANY_LINE_BREAK)).toHaveLength(2);
        }),
        fuzzBudget(400, 4_000),
      );
    },
    fuzzTestTimeout(4_000),
  );
});

describe('role names (property)', () => {
  it(
    'are refused with a printable-ASCII message, or are plain ASCII that round-trips roles.yml',
    () => {
      fc.assert(
        fc.property(names, (name) => {
          const problem = roleNameProblem(name);
          if (problem !== undefined) {
            expectSafeRefusal(problem, name);
            return;
          }
          expect(name).toMatch(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/);
          expect(name.length).toBeLessThanOrEqual(MAX_ROLE_NAME_LENGTH);
          const role = { name, scope: ['get_public_key' as const], top_k: 5, rate_limit: '30/60s' };
          expect(parseRolesYaml(renderRolesYaml([role]), 'roles.yml')).toEqual([role]);
        }),
        fuzzBudget(400, 2_000),
      );
    },
    fuzzTestTimeout(2_000),
  );
});
