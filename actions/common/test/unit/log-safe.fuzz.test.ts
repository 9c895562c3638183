// Property: whatever text an input holds, logSafe's result is one line that neither of the
// runner's command parsers (actions/runner ActionCommand.TryParseV2 and the legacy TryParse)
// would take for a command, wherever in a log line it is put.

import { fuzzBudget, fuzzTestTimeout } from '@runevault/vault/test-support/fuzz-budget';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { logSafe, logSafeLines } from '../../src/log-safe.js';

// What C#'s string.TrimStart() drops (char.IsWhiteSpace), which TryParseV2 applies first.
const DOTNET_WHITESPACE = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*/;

/** The runner's test for one line of output: `::name…::` after whitespace, or `##[name…]` anywhere. */
function runnerWouldParse(line: string): boolean {
  const trimmed = line.replace(DOTNET_WHITESPACE, '');
  if (trimmed.startsWith('::') && trimmed.indexOf('::', 2) > 2) return true;
  const legacy = line.indexOf('##[');
  return legacy >= 0 && line.indexOf(']', legacy) > legacy;
}

/** Lines as the runner's StreamReader.ReadLine splits them (and as a browser may show them). */
const splitLines = (text: string) => text.split(/\r\n|\r|\n|\u2028|\u2029|\u0085/);

// Text rich in what matters: command markers, whitespace of every kind, line breaks.
const hostileText = fc
  .array(
    fc.oneof(
      fc.constantFrom('::', '::warning::', '##[', ']', '##', '#', '[', ':', '%0A', '%', '\\'),
      fc.constantFrom('\n', '\r', '\r\n', '\t', ' ', '\u00a0', '\u2028', '\u2029', '\u0085', '\u3000'),
      fc.string({ unit: 'binary', maxLength: 6 }),
    ),
    { maxLength: 12 },
  )
  .map((parts) => parts.join(''));

describe('logSafe (property)', () => {
  it(
    'gives one line that is no command, alone, after a prefix or at the start of a line',
    () => {
      fc.assert(
        fc.property(hostileText, fc.constantFrom('', '  ', 'image '), (value, prefix) => {
          const line = `${prefix}${logSafe(value)}`;
          expect(splitLines(line)).toEqual([line]);
          expect(runnerWouldParse(line)).toBe(false);
        }),
        fuzzBudget(400),
      );
    },
    fuzzTestTimeout(),
  );

  it(
    'logSafeLines gives lines none of which is a command',
    () => {
      fc.assert(
        fc.property(hostileText, (text) => {
          for (const line of splitLines(logSafeLines(text))) expect(runnerWouldParse(line)).toBe(false);
        }),
        fuzzBudget(400),
      );
    },
    fuzzTestTimeout(),
  );
});
