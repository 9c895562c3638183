// The one rule for user and role names, wherever a name enters: the admin API, the CLI, the
// roles.yml/tokens.yml loaders and the users an OIDC exchange derives from a JWT claim.
// Names are shown in tables, log and audit lines, YAML and URLs, so a name must look like
// what it is: no control, format (bidi overrides, zero-width), separator, private-use,
// unassigned or invisible code points, no lone surrogates, already NFC, bounded. A refusal
// names the offending code point as U+XXXX and never repeats the raw input.

/** Issued (admin API, tokens.yml) user names: at most this many code points. */
export const MAX_USER_NAME_LENGTH = 128;
/** Users an OIDC exchange derives, `oidc:<provider>:<claim value>` included. */
export const MAX_EXCHANGED_USER_NAME_LENGTH = 256;
/** Revoke/rotate look users up: any name that can exist must be reachable. */
export const MAX_ANY_USER_NAME_LENGTH = Math.max(MAX_USER_NAME_LENGTH, MAX_EXCHANGED_USER_NAME_LENGTH);
export const MAX_ROLE_NAME_LENGTH = 64;

// Role names also appear as YAML keys and in fixed-width tables: a plain alphabet.
const ROLE_ALPHABET = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const ROLE_HINT = "use up to 64 letters, digits, '_', '.' or '-'";

// Default_Ignorable covers what renders as nothing but is not Cf: U+3164 HANGUL FILLER,
// U+115F, variation selectors, U+034F. "admin" + any of them would pose as "admin".
const FORBIDDEN = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Co}\p{Cn}\p{Cs}\p{Default_Ignorable_Code_Point}]/u;
const SPACE_SEPARATOR = /\p{Zs}/u;

// Names for the code points a spoofer reaches for first; other code points are described by
// their category. (Node ships no Unicode name table.)
const CODE_POINT_NAMES: ReadonlyMap<number, string> = new Map([
  [0x00, 'NULL'],
  [0x09, 'CHARACTER TABULATION'],
  [0x0a, 'LINE FEED'],
  [0x0b, 'LINE TABULATION'],
  [0x0c, 'FORM FEED'],
  [0x0d, 'CARRIAGE RETURN'],
  [0x1b, 'ESCAPE'],
  [0x20, 'SPACE'],
  [0x7f, 'DELETE'],
  [0x85, 'NEXT LINE'],
  [0xa0, 'NO-BREAK SPACE'],
  [0xad, 'SOFT HYPHEN'],
  [0x034f, 'COMBINING GRAPHEME JOINER'],
  [0x061c, 'ARABIC LETTER MARK'],
  [0x115f, 'HANGUL CHOSEONG FILLER'],
  [0x1160, 'HANGUL JUNGSEONG FILLER'],
  [0x180e, 'MONGOLIAN VOWEL SEPARATOR'],
  [0x2000, 'EN QUAD'],
  [0x2002, 'EN SPACE'],
  [0x2003, 'EM SPACE'],
  [0x2007, 'FIGURE SPACE'],
  [0x2009, 'THIN SPACE'],
  [0x200a, 'HAIR SPACE'],
  [0x200b, 'ZERO WIDTH SPACE'],
  [0x200c, 'ZERO WIDTH NON-JOINER'],
  [0x200d, 'ZERO WIDTH JOINER'],
  [0x200e, 'LEFT-TO-RIGHT MARK'],
  [0x200f, 'RIGHT-TO-LEFT MARK'],
  [0x2028, 'LINE SEPARATOR'],
  [0x2029, 'PARAGRAPH SEPARATOR'],
  [0x202a, 'LEFT-TO-RIGHT EMBEDDING'],
  [0x202b, 'RIGHT-TO-LEFT EMBEDDING'],
  [0x202c, 'POP DIRECTIONAL FORMATTING'],
  [0x202d, 'LEFT-TO-RIGHT OVERRIDE'],
  [0x202e, 'RIGHT-TO-LEFT OVERRIDE'],
  [0x202f, 'NARROW NO-BREAK SPACE'],
  [0x205f, 'MEDIUM MATHEMATICAL SPACE'],
  [0x2060, 'WORD JOINER'],
  [0x2066, 'LEFT-TO-RIGHT ISOLATE'],
  [0x2067, 'RIGHT-TO-LEFT ISOLATE'],
  [0x2068, 'FIRST STRONG ISOLATE'],
  [0x2069, 'POP DIRECTIONAL ISOLATE'],
  [0x3000, 'IDEOGRAPHIC SPACE'],
  [0x3164, 'HANGUL FILLER'],
  [0xfeff, 'ZERO WIDTH NO-BREAK SPACE'],
  [0xffa0, 'HALFWIDTH HANGUL FILLER'],
]);

const CATEGORIES: readonly [RegExp, string][] = [
  [/\p{Cs}/u, 'lone surrogate'],
  [/\p{Cc}/u, 'control character'],
  [/\p{Zl}/u, 'line separator'],
  [/\p{Zp}/u, 'paragraph separator'],
  [/\p{Zs}/u, 'space separator'],
  [/\p{Cf}/u, 'format character'],
  [/\p{Co}/u, 'private use'],
  [/\p{Cn}/u, 'unassigned'],
  [/\p{Default_Ignorable_Code_Point}/u, 'invisible'],
];

/** `U+202E (RIGHT-TO-LEFT OVERRIDE)`, `U+E000 (private use)`, `U+0041`: printable ASCII only. */
export function describeCodePoint(codePoint: number): string {
  const hex = `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
  const name = CODE_POINT_NAMES.get(codePoint);
  if (name !== undefined) return `${hex} (${name})`;
  const char = String.fromCodePoint(codePoint);
  const category = CATEGORIES.find(([pattern]) => pattern.test(char))?.[1];
  return category === undefined ? hex : `${hex} (${category})`;
}

/**
 * Why `value` breaks the rule shared by users and roles, as a clause ("the name contains
 * U+200B (ZERO WIDTH SPACE) at position 6"), or undefined. Positions count code points from 1.
 */
function nameRuleProblem(value: unknown, maxLength: number): string | undefined {
  if (typeof value !== 'string') return 'the name is not a string';
  if (value === '') return 'the name is empty';
  // for..of walks code points and yields a lone surrogate as itself.
  let position = 0;
  for (const char of value) {
    position++;
    // Stop early: a megabyte "name" costs no more than a long one.
    if (position > maxLength) return `the name is longer than ${maxLength} characters`;
    const codePoint = char.codePointAt(0) as number;
    if (FORBIDDEN.test(char) || (codePoint !== 0x20 && SPACE_SEPARATOR.test(char))) {
      return `the name contains ${describeCodePoint(codePoint)} at position ${position}`;
    }
  }
  if (value.startsWith(' ')) return 'the name starts with a space';
  if (value.endsWith(' ')) return 'the name ends with a space';
  const normalized = value.normalize('NFC');
  if (normalized !== value) {
    return `the name is not in Unicode normalization form NFC (from position ${firstDifference(value, normalized)}); send its composed form`;
  }
  return undefined;
}

function firstDifference(a: string, b: string): number {
  const left = [...a];
  const right = [...b];
  let i = 0;
  while (i < left.length && left[i] === right[i]) i++;
  return i + 1;
}

/**
 * The refusal text for a user name, or undefined when it may be used. `maxLength` is
 * MAX_USER_NAME_LENGTH for issued users, MAX_EXCHANGED_USER_NAME_LENGTH for exchanged ones.
 */
export function userNameProblem(value: unknown, maxLength = MAX_USER_NAME_LENGTH): string | undefined {
  const problem = nameRuleProblem(value, maxLength);
  if (problem === undefined) return undefined;
  return `Invalid user: ${problem}; use 1-${maxLength} printable characters without surrounding spaces`;
}

/** The refusal text for a role name (the user rule plus the role alphabet), or undefined. */
export function roleNameProblem(value: unknown): string | undefined {
  const problem = nameRuleProblem(value, MAX_ROLE_NAME_LENGTH);
  if (problem !== undefined) return `Invalid role name: ${problem}; ${ROLE_HINT}`;
  // Past the shared rule the name is printable; the alphabet keeps the API's message.
  if (!ROLE_ALPHABET.test(value as string)) return `Invalid role name: ${ROLE_HINT}`;
  return undefined;
}
