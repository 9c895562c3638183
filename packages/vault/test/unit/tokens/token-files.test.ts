import { describe, expect, it } from 'vitest';
import {
  parseRolesYaml,
  parseTokensYaml,
  renderRolesYaml,
  renderTokensYaml,
  type TokenRecord,
} from '../../../src/tokens/token-files.js';
import { configError } from '../../support/expect-errors.js';

const ROLES = new Set(['admin', 'member']);
const TOKEN_A = `evt_${'a'.repeat(32)}`;
const TOKEN_B = `evt_${'b'.repeat(32)}`;
const LEGACY = '123e4567-e89b-12d3-a456-426614174000';

describe('roles.yml', () => {
  it('reads roles, defaulting top_k to 5 and rate_limit to 30/60s', () => {
    const roles = parseRolesYaml(
      [
        'roles:',
        '  admin:  { scope: [get_public_key, decrypt_scores, decrypt_metadata, manage_tokens], top_k: 50, rate_limit: 150/60s }',
        '  reader: { scope: [get_public_key] }',
        '',
      ].join('\n'),
      'roles.yml',
    );
    expect(roles).toEqual([
      {
        name: 'admin',
        scope: ['get_public_key', 'decrypt_scores', 'decrypt_metadata', 'manage_tokens'],
        top_k: 50,
        rate_limit: '150/60s',
      },
      { name: 'reader', scope: ['get_public_key'], top_k: 5, rate_limit: '30/60s' },
    ]);
  });

  it('keeps the order the file lists roles in, integer-like names included', () => {
    // A plain object would list '30' and '7' first; GET /roles must not reorder after a restart.
    const roles = [
      { name: 'zeta', scope: ['get_public_key' as const], top_k: 5, rate_limit: '30/60s' },
      { name: '30', scope: [], top_k: 5, rate_limit: '30/60s' },
      { name: 'alpha', scope: [], top_k: 5, rate_limit: '30/60s' },
      { name: '7', scope: [], top_k: 5, rate_limit: '30/60s' },
    ];
    const parsed = parseRolesYaml(renderRolesYaml(roles), 'roles.yml');
    expect(parsed.map((role) => role.name)).toEqual(['zeta', '30', 'alpha', '7']);
  });

  it('treats an empty file or an empty roles key as no roles', () => {
    expect(parseRolesYaml('', 'roles.yml')).toEqual([]);
    expect(parseRolesYaml('roles:\n', 'roles.yml')).toEqual([]);
  });

  it.each<[string, string, string]>([
    ['a syntax error', 'roles:\n  x: { scope: [get_public_key }\n', 'line 2'],
    ['a duplicate role', 'roles:\n  x: { scope: [] }\n  x: { scope: [] }\n', 'line 3'],
    [
      'an unknown scope',
      'roles:\n  x:\n    scope: [get_public_key, delete_everything]\n',
      "roles.x.scope, line 3): Invalid scope 'delete_everything'",
    ],
    [
      'a bad top_k',
      'roles:\n  x:\n    scope: []\n    top_k: 0\n',
      'roles.x.top_k, line 4): top_k must be a positive integer',
    ],
    [
      'a bad rate_limit',
      'roles:\n  x:\n    scope: []\n    rate_limit: fast\n',
      "roles.x.rate_limit, line 4): Invalid rate_limit format 'fast'",
    ],
    [
      'an unknown field',
      'roles:\n  x:\n    scopes: []\n',
      'roles.x.scopes, line 3): unknown key; valid keys here: scope, top_k, rate_limit',
    ],
    ['roles as a list', 'roles:\n  - admin\n', 'roles, line 1): expected a mapping of role name to role'],
    ['an unknown top-level key', 'role:\n  x: {}\n', 'role, line 1): unknown key; valid keys here: roles'],
  ])('rejects %s with file and line', (_name, text, expected) => {
    const error = configError(() => parseRolesYaml(text, '/state/roles.yml'));
    expect(error.file).toBe('/state/roles.yml');
    expect(error.message).toContain(expected);
  });
});

describe('tokens.yml', () => {
  it('reads tokens, accepting created for issued_at and never/absent expiries', () => {
    const text = [
      'tokens:',
      `  - { user: alice, token: ${TOKEN_A}, role: member, issued_at: "2026-03-20", expires: "2026-06-18" }`,
      `  - { user: bob, token: ${TOKEN_B}, role: admin, created: 2026-01-01, expires: never }`,
      `  - { user: carol, token: ${LEGACY}, role: member }`,
      '',
    ].join('\n');
    expect(parseTokensYaml(text, 'tokens.yml', ROLES)).toEqual([
      { user: 'alice', token: TOKEN_A, role: 'member', issued_at: '2026-03-20', expires: '2026-06-18' },
      { user: 'bob', token: TOKEN_B, role: 'admin', issued_at: '2026-01-01', expires: 'never' },
      { user: 'carol', token: LEGACY, role: 'member', expires: 'never' },
    ]);
  });

  it.each<[string, string, string]>([
    ['a syntax error', `tokens:\n  - user: alice\n    token: "${TOKEN_A}\n`, 'line 4'],
    ['tokens as a mapping', 'tokens:\n  alice: x\n', 'tokens, line 1): expected a list, got a mapping'],
    [
      'an entry that is not a mapping',
      'tokens:\n  - alice\n',
      'tokens[0], line 2): expected a mapping, got "alice"',
    ],
    [
      'a missing user',
      `tokens:\n  - { token: ${TOKEN_A}, role: member }\n`,
      'tokens[0].user, line 2): required',
    ],
    [
      'an unknown role',
      `tokens:\n  - { user: alice, token: ${TOKEN_A}, role: member }\n  - user: bob\n    token: ${TOKEN_B}\n    role: auditor\n`,
      "tokens[1].role, line 5): unknown role 'auditor'; define it in roles.yml or use one of: admin, member",
    ],
    [
      'a duplicate user',
      `tokens:\n  - { user: alice, token: ${TOKEN_A}, role: member }\n  - { user: alice, token: ${TOKEN_B}, role: member }\n`,
      "tokens[1].user, line 3): duplicate user 'alice' (also tokens[0])",
    ],
    [
      'a duplicate token',
      `tokens:\n  - { user: alice, token: ${TOKEN_A}, role: member }\n  - { user: bob, token: ${TOKEN_A}, role: member }\n`,
      'tokens[1].token, line 3): duplicate token (same value as tokens[0])',
    ],
    [
      'a bad expiry',
      `tokens:\n  - { user: a, token: ${TOKEN_A}, role: member, expires: 2026-02-30 }\n`,
      'tokens[0].expires, line 2): expected YYYY-MM-DD or "never", got "2026-02-30"',
    ],
    [
      'an unknown field',
      `tokens:\n  - { user: a, token: ${TOKEN_A}, role: member, scope: [x] }\n`,
      'tokens[0].scope, line 2): unknown key',
    ],
  ])('rejects %s with file and line', (_name, text, expected) => {
    const error = configError(() => parseTokensYaml(text, '/state/tokens.yml', ROLES));
    expect(error.file).toBe('/state/tokens.yml');
    expect(error.message).toContain(expected);
  });

  it('rejects a token of the wrong length without echoing it', () => {
    const short = 'evt_short-secret-value';
    const error = configError(() =>
      parseTokensYaml(`tokens:\n  - { user: a, token: ${short}, role: member }\n`, 'tokens.yml', ROLES),
    );
    expect(error.message).toContain(
      'tokens[0].token, line 2): token must be 36 characters without whitespace (got 22)',
    );
    expect(error.message).not.toContain(short);
  });

  it('rejects a numeric token without echoing it', () => {
    const digits = '123456789012345678901234567890123456';
    const error = configError(() =>
      parseTokensYaml(`tokens:\n  - { user: a, token: ${digits}, role: member }\n`, 'tokens.yml', ROLES),
    );
    expect(error.message).toContain('value not shown');
    expect(error.message).not.toContain(digits.slice(0, 12));
  });
});

describe('rendering', () => {
  it('round-trips roles and tokens, quoting every string value', () => {
    const roles = [
      {
        name: 'admin',
        scope: ['get_public_key', 'manage_tokens'] as const,
        top_k: 50,
        rate_limit: '150/60s',
      },
      { name: 'reader', scope: [] as const, top_k: 5, rate_limit: '30/60s' },
    ];
    const rolesText = renderRolesYaml(roles);
    expect(parseRolesYaml(rolesText, 'roles.yml')).toEqual(roles);
    expect(rolesText).toContain('scope: [ "get_public_key", "manage_tokens" ]');

    const tokens: TokenRecord[] = [
      { user: 'alice', token: TOKEN_A, role: 'member', issued_at: '2026-03-20', expires: '2026-06-18' },
      { user: 'no', token: LEGACY, role: 'admin', expires: 'never' },
    ];
    const tokensText = renderTokensYaml(tokens);
    expect(parseTokensYaml(tokensText, 'tokens.yml', ROLES)).toEqual(tokens);
    // YAML 1.1 readers would turn an unquoted date into a date and `no` into false.
    expect(tokensText).toContain('issued_at: "2026-03-20"');
    expect(tokensText).toContain('user: "no"');
  });

  it('renders an empty token list that reads back as empty', () => {
    expect(parseTokensYaml(renderTokensYaml([]), 'tokens.yml', ROLES)).toEqual([]);
  });
});
