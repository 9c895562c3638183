import { describe, expect, it } from 'vitest';
import { AWS_TAGS_CLAIM } from '../../src/aws-tags.js';
import { githubContextFromEnv } from '../../src/github-claims.js';
import { assertTestIssuerUrl, isProductionGithubIssuer } from '../../src/production-issuer.js';
import { buildTokenTemplate, parseLifetimeSeconds, TemplateError } from '../../src/token-template.js';

const github = githubContextFromEnv({
  GITHUB_REPOSITORY: 'o/r',
  GITHUB_RUN_ID: '5',
  GITHUB_RUN_ATTEMPT: '1',
});

describe('buildTokenTemplate', () => {
  it('layers GitHub claims, namespace, AWS tags, then the caller claims', () => {
    const template = buildTokenTemplate({
      github,
      audience: 'runevault',
      lifetimeSeconds: 300,
      awsTags: { principal_tags: { P: ['v'] } },
      claims: { repository: 'o/other', custom: { x: 1 } },
    });
    expect(template.subject).toBe('repo:o/r:ref:refs/heads/main');
    expect(template.claims).toMatchObject({
      namespace: 'run-5-1',
      repository: 'o/other',
      custom: { x: 1 },
      [AWS_TAGS_CLAIM]: { principal_tags: { P: ['v'] } },
    });
  });

  it('takes an explicit subject and namespace', () => {
    const template = buildTokenTemplate({
      github,
      audience: 'a',
      lifetimeSeconds: 1,
      subject: 's',
      namespace: 'n',
    });
    expect(template.subject).toBe('s');
    expect(template.claims.namespace).toBe('n');
  });

  it('refuses claims that minting sets, naming the input to use', () => {
    expect(() =>
      buildTokenTemplate({ github, audience: 'a', lifetimeSeconds: 1, claims: { aud: 'x', exp: 1 } }),
    ).toThrow(
      'claims may not set aud, exp: aud comes from the audience input; exp comes from the lifetime input',
    );
  });

  it('bounds the lifetime and needs an audience', () => {
    expect(() => buildTokenTemplate({ github, audience: 'a', lifetimeSeconds: 0 })).toThrow(TemplateError);
    expect(() => buildTokenTemplate({ github, audience: 'a', lifetimeSeconds: 86_401 })).toThrow(
      /at most 24h/,
    );
    expect(() => buildTokenTemplate({ github, audience: ' ', lifetimeSeconds: 1 })).toThrow(/audience/);
  });
});

describe('parseLifetimeSeconds', () => {
  it.each<[string, number | undefined]>([
    ['300s', 300],
    ['300', 300],
    ['5m', 300],
    ['1h', 3600],
    ['2000ms', 2],
    ['1500ms', undefined],
    ['5 minutes', undefined],
    ['-1s', undefined],
  ])('%s → %s', (text, seconds) => {
    expect(parseLifetimeSeconds(text)).toBe(seconds);
  });
});

describe('production issuer', () => {
  it.each([
    'https://token.actions.githubusercontent.com',
    'https://token.actions.githubusercontent.com/',
    'HTTPS://TOKEN.ACTIONS.GITHUBUSERCONTENT.COM/octo',
    'https://x.token.actions.githubusercontent.com',
  ])('%s is GitHub production and refused', (issuer) => {
    expect(isProductionGithubIssuer(issuer)).toBe(true);
    expect(() => assertTestIssuerUrl(issuer)).toThrow(/GitHub's production OIDC issuer/);
  });
  it('accepts test URLs and refuses non-URLs', () => {
    expect(() => assertTestIssuerUrl('https://oidc.test.invalid')).not.toThrow();
    expect(() => assertTestIssuerUrl('http://127.0.0.1:4000')).not.toThrow();
    expect(() => assertTestIssuerUrl('oidc.test')).toThrow(/not a URL/);
    expect(() => assertTestIssuerUrl('ftp://x')).toThrow(/http\(s\)/);
  });
});
