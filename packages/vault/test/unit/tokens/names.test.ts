// The one rule for user and role names: each forbidden category refused with its code point
// named as U+XXXX, and no refusal ever carries a character outside printable ASCII.
import { describe, expect, it } from 'vitest';
import {
  describeCodePoint,
  MAX_EXCHANGED_USER_NAME_LENGTH,
  MAX_USER_NAME_LENGTH,
  roleNameProblem,
  userNameProblem,
} from '../../../src/tokens/names.js';

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const HINT = '; use 1-128 printable characters without surrounding spaces';

describe('userNameProblem', () => {
  it.each([
    ['NUL', 'ab\u0000c', 'the name contains U+0000 (NULL) at position 3'],
    ['a line feed', 'a\nb', 'the name contains U+000A (LINE FEED) at position 2'],
    ['NEL', 'a\u0085b', 'the name contains U+0085 (NEXT LINE) at position 2'],
    ['ZWSP', 'admin\u200B', 'the name contains U+200B (ZERO WIDTH SPACE) at position 6'],
    ['RLO', 'alice\u202Eecila', 'the name contains U+202E (RIGHT-TO-LEFT OVERRIDE) at position 6'],
    ['LSEP', 'a\u2028b', 'the name contains U+2028 (LINE SEPARATOR) at position 2'],
    ['PSEP', 'a\u2029b', 'the name contains U+2029 (PARAGRAPH SEPARATOR) at position 2'],
    ['private use', 'a\uE000', 'the name contains U+E000 (private use) at position 2'],
    ['supplementary private use', 'a\u{F0000}', 'the name contains U+F0000 (private use) at position 2'],
    ['unassigned', 'a\u0378', 'the name contains U+0378 (unassigned) at position 2'],
    ['a noncharacter', 'a\uFFFF', 'the name contains U+FFFF (unassigned) at position 2'],
    ['a lone high surrogate', 'ab\uD800', 'the name contains U+D800 (lone surrogate) at position 3'],
    ['a lone low surrogate', '\uDC00ab', 'the name contains U+DC00 (lone surrogate) at position 1'],
    ['NBSP', 'a\u00A0b', 'the name contains U+00A0 (NO-BREAK SPACE) at position 2'],
    ['an ideographic space', 'a\u3000b', 'the name contains U+3000 (IDEOGRAPHIC SPACE) at position 2'],
    ['the Hangul filler', 'admin\u3164', 'the name contains U+3164 (HANGUL FILLER) at position 6'],
    ['a variation selector', 'a\uFE0F', 'the name contains U+FE0F (invisible) at position 2'],
    ['a BOM', '\uFEFFadmin', 'the name contains U+FEFF (ZERO WIDTH NO-BREAK SPACE) at position 1'],
    ['a visible format character', '1\u0600', 'the name contains U+0600 (format character) at position 2'],
    ['an annotation anchor', 'a\uFFF9', 'the name contains U+FFF9 (format character) at position 2'],
    ['a tag character', 'a\u{E0041}', 'the name contains U+E0041 (format character) at position 2'],
    ['non-NFC e + U+0301', 'jose\u0301', 'the name is not in Unicode normalization form NFC'],
    ['an empty name', '', 'the name is empty'],
    ['a leading space', ' alice', 'the name starts with a space'],
    ['a trailing space', 'alice ', 'the name ends with a space'],
    ['a name too long', 'x'.repeat(129), 'the name is longer than 128 characters'],
  ])('refuses %s, naming the code point', (_what, name, clause) => {
    const problem = userNameProblem(name);
    expect(problem).toMatch(/^Invalid user: /);
    expect(problem).toContain(clause);
    expect(problem?.endsWith(HINT)).toBe(true);
    expect(problem).toMatch(PRINTABLE_ASCII);
  });

  it('places a surrogate pair by code point, not by UTF-16 unit', () => {
    expect(userNameProblem('\u{1F600}\u{1F600}\u200B')).toContain('U+200B (ZERO WIDTH SPACE) at position 3');
  });

  it('says where a non-NFC name first differs from its composed form', () => {
    expect(userNameProblem('jose\u0301')).toBe(
      `Invalid user: the name is not in Unicode normalization form NFC (from position 4); send its composed form${HINT}`,
    );
  });

  it('refuses values that are not strings', () => {
    for (const value of [undefined, null, 42, ['alice'], { user: 'alice' }]) {
      expect(userNameProblem(value)).toBe(`Invalid user: the name is not a string${HINT}`);
    }
  });

  it.each([
    'alice',
    'Jane Doe',
    'jos\u00E9',
    '\u5F20\u4F1F',
    'user@example.com',
    'oidc:ci:repo:org/repo:ref:refs/heads/main',
    '\u{1F600}',
    'x'.repeat(MAX_USER_NAME_LENGTH),
    '\u{1F600}'.repeat(MAX_USER_NAME_LENGTH),
  ])('accepts %j', (name) => {
    expect(userNameProblem(name)).toBeUndefined();
  });

  it('counts code points against the bound the caller names', () => {
    const long = 'x'.repeat(MAX_EXCHANGED_USER_NAME_LENGTH);
    expect(userNameProblem(long)).toContain('longer than 128');
    expect(userNameProblem(long, MAX_EXCHANGED_USER_NAME_LENGTH)).toBeUndefined();
    expect(userNameProblem(`${long}x`, MAX_EXCHANGED_USER_NAME_LENGTH)).toBe(
      'Invalid user: the name is longer than 256 characters; use 1-256 printable characters without surrounding spaces',
    );
  });
});

describe('roleNameProblem', () => {
  it('keeps the API message for names outside the role alphabet', () => {
    for (const name of ['has space', '-lead', 'caf\u00E9', 'a/b']) {
      expect(roleNameProblem(name)).toBe("Invalid role name: use up to 64 letters, digits, '_', '.' or '-'");
    }
    expect(roleNameProblem('x'.repeat(64))).toBeUndefined();
  });

  it('names the code point when a role name breaks the shared rule', () => {
    expect(roleNameProblem('ci\nadmin')).toBe(
      "Invalid role name: the name contains U+000A (LINE FEED) at position 3; use up to 64 letters, digits, '_', '.' or '-'",
    );
    expect(roleNameProblem('admin\u200B')).toContain('U+200B (ZERO WIDTH SPACE) at position 6');
    expect(roleNameProblem('x'.repeat(65))).toContain('longer than 64 characters');
    expect(roleNameProblem('')).toContain('the name is empty');
  });

  it.each(['admin', 'member', 'ci', 'team.read-only_2'])('accepts %j', (name) => {
    expect(roleNameProblem(name)).toBeUndefined();
  });
});

describe('describeCodePoint', () => {
  it('names well-known code points and falls back to the category', () => {
    expect(describeCodePoint(0x202e)).toBe('U+202E (RIGHT-TO-LEFT OVERRIDE)');
    expect(describeCodePoint(0xe000)).toBe('U+E000 (private use)');
    expect(describeCodePoint(0xd800)).toBe('U+D800 (lone surrogate)');
    expect(describeCodePoint(0x0001)).toBe('U+0001 (control character)');
    expect(describeCodePoint(0x0041)).toBe('U+0041');
    expect(describeCodePoint(0x10ffff)).toBe('U+10FFFF (unassigned)');
  });
});
