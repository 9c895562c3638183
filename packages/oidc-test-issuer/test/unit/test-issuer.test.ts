import { calculateJwkThumbprint, createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { githubContextFromEnv } from '../../src/github-claims.js';
import { exportPrivateJwk, generateIssuerKey, importIssuerKey } from '../../src/issuer-key.js';
import {
  mintNegatives,
  NEGATIVE_PRESETS,
  parseNegativePresets,
  WRONG_AUDIENCE,
  WRONG_ISSUER,
} from '../../src/negative-presets.js';
import { TestIssuer } from '../../src/test-issuer.js';
import { buildTokenTemplate } from '../../src/token-template.js';

const template = buildTokenTemplate({
  github: githubContextFromEnv({ GITHUB_REPOSITORY: 'o/r' }),
  audience: 'runevault',
  lifetimeSeconds: 300,
});

describe('issuer keys', () => {
  it.each(['RS256', 'ES256'] as const)(
    '%s: kid is the JWK thumbprint; private key not extractable',
    async (alg) => {
      const key = await generateIssuerKey(alg);
      expect(key.kid).toBe(await calculateJwkThumbprint(key.publicJwk, 'sha256'));
      expect(key.publicJwk).toMatchObject({ alg, use: 'sig', kid: key.kid });
      expect(key.publicJwk).not.toHaveProperty('d');
      expect(key.privateKey.extractable).toBe(false);
      await expect(exportPrivateJwk(key)).rejects.toThrow(/not extractable/);
    },
  );

  it('an extractable key survives export → import with the same kid, imported non-extractable', async () => {
    const key = await generateIssuerKey('ES256', { extractable: true });
    const imported = await importIssuerKey(await exportPrivateJwk(key));
    expect(imported.kid).toBe(key.kid);
    expect(imported.privateKey.extractable).toBe(false);
  });
});

describe('TestIssuer', () => {
  it('refuses GitHub production as its issuer', async () => {
    await expect(
      TestIssuer.create({ issuer: 'https://token.actions.githubusercontent.com' }),
    ).rejects.toThrow(/production/);
  });

  it('mints GitHub-shaped tokens that verify against its JWKS', async () => {
    const issuer = await TestIssuer.create({ issuer: 'https://oidc.test.invalid/', alg: 'ES256' });
    const jwt = await issuer.mint(template);
    expect(decodeProtectedHeader(jwt)).toEqual({ alg: 'ES256', kid: issuer.signingKey.kid, typ: 'JWT' });
    const { payload } = await jwtVerify(jwt, createLocalJWKSet(issuer.jwks()), {
      issuer: 'https://oidc.test.invalid',
      audience: 'runevault',
    });
    expect(payload).toMatchObject({
      sub: 'repo:o/r:ref:refs/heads/main',
      repository: 'o/r',
      namespace: 'run-0-1',
    });
    expect((payload.exp as number) - (payload.iat as number)).toBe(300);
    expect(payload.nbf).toBe(payload.iat);
    expect(typeof payload.jti).toBe('string');
  });

  it('rotates: publish (not signing), activate, retire', async () => {
    const issuer = await TestIssuer.create({ issuer: 'https://oidc.test.invalid', alg: 'ES256' });
    const first = issuer.signingKey.kid;
    const next = await issuer.publishNewKey();
    expect(issuer.signingKey.kid).toBe(first);
    expect(issuer.jwks().keys.map((k) => k.kid)).toEqual([first, next.kid]);
    expect(() => issuer.retire(first)).toThrow(/signs new tokens/);
    issuer.activate(next.kid);
    expect(decodeProtectedHeader(await issuer.mint(template)).kid).toBe(next.kid);
    issuer.retire(first);
    expect(issuer.jwks().keys.map((k) => k.kid)).toEqual([next.kid]);
    expect(() => issuer.activate(first)).toThrow(/not published/);
  });
});

describe('negative presets', () => {
  it('mints one token per preset, each wrong in its own way', async () => {
    const issuer = await TestIssuer.create({ issuer: 'https://oidc.test.invalid', alg: 'RS256' });
    const tokens = await mintNegatives(issuer, template);
    expect(Object.keys(tokens)).toEqual([...NEGATIVE_PRESETS]);
    const now = issuer.nowSeconds();
    const claims = (preset: string) => decodeJwt(tokens[preset] as string);
    const header = (preset: string) => decodeProtectedHeader(tokens[preset] as string);
    expect(claims('expired').exp).toBeLessThan(now - 3000);
    expect(claims('future-nbf').nbf).toBeGreaterThan(now + 3000);
    expect(claims('wrong-aud').aud).toBe(WRONG_AUDIENCE);
    expect(claims('wrong-iss').iss).toBe(WRONG_ISSUER);
    expect(header('alg-none')).toEqual({ alg: 'none', typ: 'JWT' });
    expect(tokens['alg-none']?.endsWith('.')).toBe(true);
    expect(header('hs256-confusion')).toMatchObject({ alg: 'HS256', kid: issuer.signingKey.kid });
    expect(header('unknown-kid').kid).not.toBe(issuer.signingKey.kid);
    expect(claims('missing-exp')).not.toHaveProperty('exp');
    expect(tokens.oversized?.length).toBeGreaterThan(16 * 1024);
  });

  it('parses preset lists', () => {
    expect(parseNegativePresets('expired, wrong-aud expired')).toEqual(['expired', 'wrong-aud']);
    expect(parseNegativePresets('all')).toEqual([...NEGATIVE_PRESETS]);
    expect(parseNegativePresets('')).toEqual([]);
    expect(() => parseNegativePresets('expired,nope')).toThrow(
      /unknown negative preset\(s\) "nope"; valid: expired/,
    );
  });
});
