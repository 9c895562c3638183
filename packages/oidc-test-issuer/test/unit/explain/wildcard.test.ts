// The walking matcher against the regular-expression reading of the same patterns (its
// `*`-only mode against the vault's own bound_claims glob: packages/vault's
// explainer-glob-agreement.test.ts).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { wildcardMatches } from '../../../src/explain/wildcard.js';

function referenceMatch(pattern: string, value: string, singleCharacter: boolean): boolean {
  const body = Array.from(pattern)
    .map((c) =>
      c === '*' ? '.*' : c === '?' && singleCharacter ? '.' : c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('');
  return new RegExp(`^${body}$`, 'su').test(value);
}

const text = fc.string({ unit: fc.constantFrom('a', 'b', '/', ':', '*', '?', '\n', '😀'), maxLength: 10 });

describe('wildcardMatches', () => {
  it('agrees with the RegExp reading, with and without ?', () => {
    fc.assert(
      fc.property(text, text, fc.boolean(), (pattern, value, singleCharacter) => {
        expect(wildcardMatches(pattern, value, { singleCharacter })).toBe(
          referenceMatch(pattern, value, singleCharacter),
        );
      }),
      { numRuns: 2_000 },
    );
  });

  it('stays linear-ish on a pattern built to backtrack', () => {
    // Counted, not timed: a*a*…b against a long run of a's finishes (no exponential blow-up).
    expect(wildcardMatches(`${'a*'.repeat(50)}b`, 'a'.repeat(5_000), { singleCharacter: true })).toBe(false);
  });
});
