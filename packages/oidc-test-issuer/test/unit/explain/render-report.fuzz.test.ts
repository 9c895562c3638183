// Hostile claim values, policy keys and names never reach the output raw: no control
// character, no line that starts a workflow command, no legacy `##[` marker, in any format.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  explainTrust,
  parseTrustPolicy,
  renderJson,
  renderMarkdown,
  renderText,
} from '../../../src/explain/index.js';

const RUNS = process.env.RUNEVAULT_FUZZ === 'long' ? 5_000 : 300;
const hostile = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '\n::add-mask::x',
    '\r\n::error::pwned',
    '\u2028::warning::y',
    '##[group]z',
    ' \u00a0::stop-commands::t',
    '\u202e',
  ),
  fc
    .tuple(fc.string({ maxLength: 5 }), fc.constantFrom('\n::set-output name=a::b', '\u0085::debug::d'))
    .map(([a, b]) => a + b),
);

function assertPrintable(output: string): void {
  const lines = output.split('\n');
  for (const line of lines) {
    expect(line).not.toMatch(/[\p{Cc}\u2028\u2029\u200E\u200F\u202A-\u202E\u2066-\u2069]/u);
    expect(line).not.toMatch(/^[\s\p{Zs}]*::/u);
    expect(line).not.toContain('##[');
  }
}

describe('rendered explanations with hostile values', () => {
  it('text, Markdown and JSON stay printable', () => {
    fc.assert(
      fc.property(hostile, hostile, hostile, (claimValue, claimName, operatorSuffix) => {
        const aws = parseTrustPolicy(
          JSON.stringify({
            Statement: [
              {
                Effect: 'Allow',
                Principal: {
                  Federated: `arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com`,
                },
                Action: 'sts:AssumeRoleWithWebIdentity',
                Condition: {
                  StringLike: {
                    'token.actions.githubusercontent.com:sub': claimValue,
                    [`token.actions.githubusercontent.com:${claimName}`]: claimName,
                  },
                  [`String${operatorSuffix}`]: { [claimName]: claimValue },
                },
              },
            ],
          }),
          `policy${claimName}.json`,
        );
        const role = parseTrustPolicy(
          JSON.stringify({
            bound_audiences: [claimValue],
            user_claim: claimName,
            bound_claims: { [claimName]: claimValue },
          }),
          'r',
        );
        const input = {
          claims: { sub: claimValue, aud: [claimValue], [claimName]: claimValue, iss: claimValue },
          source: claimValue,
        };
        for (const policy of [aws, role]) {
          const explanation = explainTrust(policy, input);
          assertPrintable(renderText(explanation));
          assertPrintable(renderMarkdown(explanation));
          const json = renderJson(explanation);
          assertPrintable(json);
          expect(JSON.parse(json).checks.length).toBe(explanation.checks.length);
        }
      }),
      { numRuns: RUNS },
    );
  });
});
