import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TokenStore, TokenStoreError } from '../../../src/tokens/token-store.js';
import type { TokenStoreErrorKind } from '../../../src/tokens/token-store-error.js';
import { useTempDir } from '../../support/temp-dir.js';

// The core says what kind of refusal it is; which status a transport answers is the transport's
// table (admin/admin-status-map.ts). Several kinds answer the same 400 on the admin socket, so
// the kinds are pinned here, where the status alone would not tell them apart.

const tmp = useTempDir('token-store-kinds');
const stores: TokenStore[] = [];
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
});

function storeWithAliceAndCi(): TokenStore {
  const store = TokenStore.load({
    rolesFile: join(tmp(), 'roles.yml'),
    tokensFile: join(tmp(), 'tokens.yml'),
  });
  stores.push(store);
  store.createRole({ name: 'ci', scope: ['get_public_key'] });
  store.issue('alice', 'ci');
  return store;
}

function kindOf(run: () => unknown): TokenStoreErrorKind {
  try {
    run();
  } catch (error) {
    if (error instanceof TokenStoreError) return error.kind;
    throw error;
  }
  throw new Error('expected a TokenStoreError, nothing was thrown');
}

describe('token store refusals carry a kind', () => {
  const cases: [string, (store: TokenStore) => unknown, TokenStoreErrorKind][] = [
    ['issue for a role that does not exist', (s) => s.issue('bob', 'ghost'), 'invalid_argument'],
    ['issue with an out-of-range expiry', (s) => s.issue('bob', 'ci', -1), 'invalid_argument'],
    ['issue for a user who has a token', (s) => s.issue('alice', 'ci'), 'already_exists'],
    ['revoke of a user without a token', (s) => s.revoke('bob'), 'not_found'],
    ['rotate of a user without a token (upstream: 400)', (s) => s.rotate('bob'), 'invalid_argument'],
    [
      'create of a role that exists',
      (s) => s.createRole({ name: 'ci', scope: ['get_public_key'] }),
      'already_exists',
    ],
    ['update with no fields', (s) => s.updateRole('ci', {}), 'invalid_argument'],
    ['delete of a default role', (s) => s.deleteRole('admin'), 'failed_precondition'],
    ['delete of a role a token uses', (s) => s.deleteRole('ci'), 'failed_precondition'],
    ['delete of a role that does not exist', (s) => s.deleteRole('ghost'), 'invalid_argument'],
  ];
  for (const [what, run, kind] of cases) {
    it(`${what} → ${kind}`, () => {
      const store = storeWithAliceAndCi();
      expect(kindOf(() => run(store))).toBe(kind);
    });
  }
});
