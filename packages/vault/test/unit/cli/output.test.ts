import { describe, expect, it } from 'vitest';
import { parseExpiresDays } from '../../../src/cli/expires.js';
import {
  formatIssuedToken,
  formatRoleList,
  formatRotateAll,
  formatRotatedToken,
  formatTokenList,
  roleCreated,
  roleDeleted,
  roleUpdated,
} from '../../../src/cli/output.js';

// The exact text vault_admin_cli.py prints, pinned line by line.

const TOKEN = `evt_${'a'.repeat(32)}`;

describe('token text', () => {
  it('token issue block', () => {
    expect(formatIssuedToken({ user: 'alice', role: 'member', expires: '2026-06-18', token: TOKEN })).toBe(
      `\nToken issued for 'alice':\n  Role:    member\n  Expires: 2026-06-18\n\n  Token: ${TOKEN}\n\n  WARNING: This token will NOT be shown again. Share it securely.`,
    );
  });
  it('token rotate block', () => {
    expect(
      formatRotatedToken({ user: 'bob', role: 'admin', expires: 'never', token: TOKEN }).split('\n')[1],
    ).toBe("Token rotated for 'bob':");
  });
  it('rotate --all text, and the empty case', () => {
    expect(formatRotateAll({ rotated: 0, tokens: [] })).toBe('No tokens to rotate.');
    expect(formatRotateAll({ rotated: 1, tokens: [{ user: 'a', token: TOKEN }] })).toBe(
      `Rotated 1 token(s):\n\n  a: ${TOKEN}\n\n  WARNING: These tokens will NOT be shown again. Share them securely.`,
    );
  });
  it('token list table uses {:<16} {:<10} {:>6} {:>10}  {:<12}', () => {
    const text = formatTokenList([
      { user: 'alice', role: 'member', top_k: 10, rate_limit: '30/60s', expires: '2026-06-18' },
    ]);
    expect(text.split('\n')).toEqual([
      'USER             ROLE        TOP_K       RATE  EXPIRES     ',
      'alice            member         10     30/60s  2026-06-18  ',
    ]);
    expect(formatTokenList([])).toBe('No tokens issued.');
  });
  it('token list marks exchanged tokens: their instant of expiry, then (ephemeral)', () => {
    const text = formatTokenList([
      {
        user: 'oidc:ci:repo:o/r:pull_request',
        role: 'member',
        top_k: 10,
        rate_limit: '30/60s',
        expires: '2026-03-20T12:15:00Z',
        ephemeral: true,
      },
    ]);
    expect(text.split('\n')[1]).toBe(
      'oidc:ci:repo:o/r:pull_request member         10     30/60s  2026-03-20T12:15:00Z (ephemeral)',
    );
  });
});

describe('role text', () => {
  it('role list table uses {:<12} {:<50} {:>6} {:>10}', () => {
    const [header, row] = formatRoleList([
      { name: 'member', scope: ['get_public_key', 'decrypt_scores'], top_k: 10, rate_limit: '30/60s' },
    ]).split('\n');
    expect(header).toBe(`${'ROLE'.padEnd(12)} ${'SCOPE'.padEnd(50)}  TOP_K       RATE`);
    expect(row).toBe(
      `${'member'.padEnd(12)} ${'get_public_key,decrypt_scores'.padEnd(50)}     10     30/60s`,
    );
    expect(formatRoleList([])).toBe('No roles defined.');
  });
  it('role create/update/delete lines', () => {
    expect(roleCreated('r')).toBe("Role 'r' created.");
    expect(roleUpdated('r')).toBe(
      "Role 'r' updated. Changes take effect immediately for all tokens with this role.",
    );
    expect(roleDeleted('r')).toBe("Role 'r' deleted.");
  });
});

describe('--expires durations', () => {
  it.each([
    ['90d', 90],
    ['12w', 84],
    ['6m', 180],
    ['0d', 0],
  ])('%s → %i days', (text, days) => {
    expect(parseExpiresDays(text)).toBe(days);
  });
  it.each(['9x', '90', 'd', '1.5d', ' 9d'])('%s → the upstream error text', (text) => {
    expect(() => parseExpiresDays(text)).toThrow(
      `Invalid duration '${text}'. Use <number><d|w|m> (e.g. 90d, 12w, 6m)`,
    );
  });
});
