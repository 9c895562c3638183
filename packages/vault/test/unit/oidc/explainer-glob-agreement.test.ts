// The OIDC trust explainer's `*`-only wildcard reads bound_claims patterns exactly as the vault's
// own glob does, so "why was my exchange refused?" gets the vault's answer.
import { wildcardMatches } from '@runevault/oidc-test-issuer/explain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { globMatches } from '../../../src/oidc/claim-glob.js';

const text = fc.string({ unit: fc.constantFrom('a', 'b', '/', ':', '*', '?', '\n', '😀'), maxLength: 10 });

describe('the explainer wildcard and the vault glob', () => {
  it("agrees with the vault's bound_claims glob when ? is literal", () => {
    fc.assert(
      fc.property(text, text, (pattern, value) => {
        expect(wildcardMatches(pattern, value, { singleCharacter: false })).toBe(globMatches(pattern, value));
      }),
      { numRuns: 2_000 },
    );
  });
});
