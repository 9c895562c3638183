import { describe, expect, it } from 'vitest';
import { InputError, parseInputs } from '../../src/inputs.js';

const inputsOf = (given: Record<string, string>) => (name: string) => given[name] ?? '';

function problemsOf(given: Record<string, string>): string[] {
  try {
    parseInputs(inputsOf(given));
  } catch (error) {
    if (error instanceof InputError) return error.problems;
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('mint-test-oidc parseInputs', () => {
  it('gives the documented defaults when nothing is set', () => {
    expect(parseInputs(inputsOf({}))).toEqual({
      mode: 'local',
      issuer: '',
      audience: 'runevault',
      subject: '',
      claims: {},
      lifetimeSeconds: 300,
      alg: 'RS256',
      namespace: '',
      awsTags: undefined,
      negatives: [],
      serve: false,
      exportIdTokenEnv: false,
      explainPolicy: '',
      explainProvider: '',
      failOnDeny: false,
    });
  });

  it('resolves explain-policy against the workspace and refuses its companions without it', () => {
    const inputs = parseInputs(inputsOf({ 'explain-policy': 'trust.json', 'fail-on-deny': 'true' }), {
      GITHUB_WORKSPACE: '/ws',
    });
    expect(inputs).toMatchObject({ explainPolicy: '/ws/trust.json', failOnDeny: true });
    expect(problemsOf({ 'fail-on-deny': 'true', 'explain-provider': 'ci' })).toEqual([
      'input(s) fail-on-deny, explain-provider need explain-policy (the trust policy file to explain the token against)',
    ]);
  });

  it('reads every input', () => {
    const inputs = parseInputs(
      inputsOf({
        mode: 'local',
        issuer: 'http://127.0.0.1:1',
        audience: 'sts.amazonaws.com',
        subject: 'repo:o/r:environment:prod',
        claims: '{"a":1}',
        lifetime: '1h',
        alg: 'ES256',
        namespace: 'ns',
        'aws-principal-tags': '{"Team":"ci"}',
        negatives: 'expired wrong-iss',
        serve: 'true',
        'export-id-token-env': 'True',
      }),
    );
    expect(inputs).toMatchObject({
      lifetimeSeconds: 3600,
      alg: 'ES256',
      claims: { a: 1 },
      awsTags: { principal_tags: { Team: ['ci'] } },
      negatives: ['expired', 'wrong-iss'],
      serve: true,
      exportIdTokenEnv: true,
    });
  });

  it('collects every problem at once', () => {
    expect(
      problemsOf({
        mode: 'cloud',
        issuer: 'https://token.actions.githubusercontent.com/',
        claims: '[1]',
        lifetime: '25h',
        alg: 'none',
        'aws-principal-tags': '{',
        negatives: 'all,expired',
        serve: 'yes',
      }),
    ).toEqual([
      'input mode must be local (an ephemeral test issuer) or github (the job\'s real token), got "cloud"',
      "input issuer https://token.actions.githubusercontent.com/ is GitHub's production issuer; mode local never mints tokens for it (leave issuer empty for a test URL, or use mode: github for real tokens)",
      'input claims: must be a JSON object',
      'input lifetime must be a duration from 1s to 24h such as 300s, 5m or 1h, got "25h"',
      'input alg must be one of RS256, ES256, got "none"',
      expect.stringMatching(/^input aws-principal-tags is not JSON: /),
      'input negatives: unknown negative preset(s) "all"; valid: expired, future-nbf, wrong-aud, wrong-iss, alg-none, hs256-confusion, unknown-kid, missing-exp, oversized (or all)',
      'input serve must be true or false, got "yes"',
    ]);
  });

  it('refuses local-only inputs in mode github', () => {
    expect(problemsOf({ mode: 'github', subject: 's', negatives: 'expired', serve: 'true' })).toEqual([
      'input(s) subject, negatives apply only to mode: local; GitHub mints the real token itself',
      'input serve applies only to mode: local',
    ]);
  });
});
