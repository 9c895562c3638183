// roles.yml and tokens.yml apply the same name rule as the admin API (a file can no longer
// hold a name the API refuses), refusing with file + line and never the raw name; an empty
// tokens.yml starts the vault with a warning that names the file.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseRolesYaml, parseTokensYaml } from '../../../src/tokens/token-files.js';
import { TokenStore } from '../../../src/tokens/token-store.js';
import { configError } from '../../support/expect-errors.js';
import { useTempDir } from '../../support/temp-dir.js';

const ROLES = new Set(['admin', 'member']);
const TOKEN = `evt_${'a'.repeat(32)}`;
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

describe('roles.yml role names', () => {
  it('refuses a role name with a newline, naming the line and U+000A', () => {
    const text = [
      'roles:',
      '  member: { scope: [get_public_key] }',
      '  "ci\\nadmin": { scope: [get_public_key] }',
      '',
    ].join('\n');
    const error = configError(() => parseRolesYaml(text, '/etc/rv/roles.yml'));
    expect(error.message).toBe(
      "/etc/rv/roles.yml (roles, line 3): Invalid role name: the name contains U+000A (LINE FEED) at position 3; use up to 64 letters, digits, '_', '.' or '-'",
    );
  });

  it.each([
    ['a ZWSP', '"admin\\u200B"', 'U+200B (ZERO WIDTH SPACE) at position 6'],
    ['a space', '"read only"', "Invalid role name: use up to 64 letters, digits, '_', '.' or '-'"],
    ['an empty key', '""', 'the name is empty'],
  ])('refuses a role name with %s, as the API does', (_what, key, expected) => {
    const error = configError(() => parseRolesYaml(`roles:\n  ${key}: { scope: [] }\n`, 'roles.yml'));
    expect(error.message).toContain('roles.yml (roles, line 2): ');
    expect(error.message).toContain(expected);
    expect(error.message).toMatch(PRINTABLE_ASCII);
  });
});

describe('tokens.yml user and role names', () => {
  const tokensYaml = (user: string, role = 'member') =>
    `tokens:\n  - user: ${JSON.stringify(user)}\n    token: "${TOKEN}"\n    role: ${JSON.stringify(role)}\n    expires: never\n`;

  it('refuses a user with a ZWSP, naming the file, the key and its line', () => {
    const error = configError(() => parseTokensYaml(tokensYaml('admin\u200B'), '/etc/rv/tokens.yml', ROLES));
    expect(error.message).toBe(
      '/etc/rv/tokens.yml (tokens[0].user, line 2): Invalid user: the name contains U+200B (ZERO WIDTH SPACE) at position 6; use 1-128 printable characters without surrounding spaces',
    );
  });

  it.each([
    ['a bidi override', 'eve\u202E', 'U+202E (RIGHT-TO-LEFT OVERRIDE)'],
    ['a non-NFC user', 'jose\u0301', 'not in Unicode normalization form NFC'],
    ['a padded user', ' alice', 'the name starts with a space'],
    ['a user longer than the API allows', 'x'.repeat(129), 'longer than 128 characters'],
  ])('refuses %s', (_what, user, expected) => {
    const error = configError(() => parseTokensYaml(tokensYaml(user), 'tokens.yml', ROLES));
    expect(error.message).toContain(expected);
    expect(error.message).toMatch(PRINTABLE_ASCII);
  });

  it('refuses a role name it would otherwise echo as unknown', () => {
    const error = configError(() =>
      parseTokensYaml(tokensYaml('alice', 'member\u2028'), 'tokens.yml', ROLES),
    );
    expect(error.message).toContain('tokens[0].role, line 4): Invalid role name: the name contains U+2028');
    expect(error.message).toMatch(PRINTABLE_ASCII);
  });
});

describe('an empty tokens.yml', () => {
  const tmp = useTempDir('tokens-empty');
  const stores: TokenStore[] = [];
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((store) => store.close()));
  });

  function load(tokensText: string | undefined): string[] {
    const tokensFile = join(tmp(), 'tokens.yml');
    if (tokensText !== undefined) writeFileSync(tokensFile, tokensText);
    const warnings: string[] = [];
    stores.push(
      TokenStore.load({
        rolesFile: join(tmp(), 'roles.yml'),
        tokensFile,
        onWarning: (message) => warnings.push(message),
      }),
    );
    return warnings;
  }

  it.each([
    ['empty', ''],
    ['comment-only', '# tokens go here\n# none yet\n'],
    ['an empty list', 'tokens: []\n'],
  ])('warns, naming the file, when it is %s', (_what, text) => {
    expect(load(text)).toEqual([
      `tokens.yml at ${join(tmp(), 'tokens.yml')} holds no tokens; every request will be refused until you issue one with \`runevault token issue\``,
    ]);
  });

  it('says nothing when the file is missing (a fresh vault) or holds a token', () => {
    expect(load(undefined)).toEqual([]);
    expect(load(`tokens:\n  - { user: alice, token: "${TOKEN}", role: member, expires: never }\n`)).toEqual(
      [],
    );
  });
});
