// Every way a subject token can be wrong maps to its own reason; good tokens give the user.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  buildTokenTemplate,
  EXPECTED_VAULT_REASONS,
  githubContextFromEnv,
  mintNegative,
  NEGATIVE_PRESETS,
  TestIssuer,
  type TokenTemplate,
  writeJwksFile,
} from '@runevault/oidc-test-issuer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OidcProviderConfig } from '../../../src/config/types.js';
import { ExchangeRejected } from '../../../src/oidc/exchange-rejection.js';
import { providerKeySource } from '../../../src/oidc/provider-keys.js';
import { verifyProviderJwt } from '../../../src/oidc/verify-provider-jwt.js';
import { MAX_JWT_BYTES } from '../../../src/protocol/exchange-limits.js';

const ISSUER = 'https://oidc.test.invalid';
let dir: string;
let issuer: TestIssuer;
let template: TokenTemplate;
let provider: OidcProviderConfig;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'runevault-verify-jwt-'));
  issuer = await TestIssuer.create({ issuer: ISSUER, alg: 'ES256' });
  template = buildTokenTemplate({
    github: githubContextFromEnv({ GITHUB_REPOSITORY: 'org/repo', GITHUB_REF: 'refs/heads/main' }),
    audience: 'runevault',
    lifetimeSeconds: 300,
  });
  provider = {
    name: 'ci',
    issuer: ISSUER,
    audiences: ['runevault', 'other'],
    jwksFile: join(dir, 'jwks.json'),
    algorithms: ['RS256', 'ES256'],
    boundClaims: { repository: 'org/*' },
    userClaim: 'sub',
    role: 'member',
    ttlSeconds: 60,
    maxTokenAgeSeconds: 3600,
    maxTokensPerSubject: 5,
    exchangeRateLimit: { max: 600, windowSeconds: 60 },
  };
  writeJwksFile(provider.jwksFile as string, issuer.jwks());
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function reasonFor(jwt: string, over: Partial<OidcProviderConfig> = {}, now = new Date()) {
  const config = { ...provider, ...over };
  try {
    await verifyProviderJwt(jwt, config, providerKeySource(config), now);
  } catch (error) {
    expect(error).toBeInstanceOf(ExchangeRejected);
    return (error as ExchangeRejected).reason;
  }
  return 'accepted';
}

describe('verifyProviderJwt', () => {
  it('accepts a good token and names the user oidc:<provider>:<sub>', async () => {
    const jwt = await issuer.mint(template);
    const verified = await verifyProviderJwt(jwt, provider, providerKeySource(provider), new Date());
    expect(verified.user).toBe('oidc:ci:repo:org/repo:ref:refs/heads/main');
    expect(verified.claims.namespace).toBe('run-0-1');
  });

  it.each(NEGATIVE_PRESETS)('refuses the %s preset with its own reason', async (preset) => {
    expect(await reasonFor(await mintNegative(issuer, template, preset))).toBe(
      EXPECTED_VAULT_REASONS[preset],
    );
  });

  it('gives every preset a distinct reason', () => {
    expect(new Set(Object.values(EXPECTED_VAULT_REASONS)).size).toBe(NEGATIVE_PRESETS.length);
  });

  it('refuses a tampered payload as bad_signature', async () => {
    const [h, , s] = (await issuer.mint(template)).split('.');
    const forged = Buffer.from(
      JSON.stringify(issuer.payload(template, { extraClaims: { repository: 'org/x' } })),
    ).toString('base64url');
    expect(await reasonFor(`${h}.${forged}.${s}`)).toBe('bad_signature');
  });

  it('refuses algorithms outside the provider allow-list, naming registered ones only', async () => {
    expect(await reasonFor(await issuer.mint(template), { algorithms: ['RS256'] })).toBe(
      'alg_not_allowed:ES256',
    );
    const header = Buffer.from(JSON.stringify({ alg: '<script>', typ: 'JWT' })).toString('base64url');
    expect(await reasonFor(`${header}.e30.c2ln`)).toBe('alg_not_allowed');
  });

  it('refuses HS256 and none even if a provider listed them', async () => {
    const hs = await mintNegative(issuer, template, 'hs256-confusion');
    const none = await mintNegative(issuer, template, 'alg-none');
    expect(await reasonFor(hs, { algorithms: ['HS256', 'ES256'] })).toBe('alg_not_allowed:HS256');
    expect(await reasonFor(none, { algorithms: ['none', 'ES256'] })).toBe('alg_not_allowed:none');
  });

  it('refuses garbage as malformed and checks size before parsing', async () => {
    for (const jwt of ['', 'abc', 'a.b', 'a.b.c.d', '!!.??.**', 'e30.e30.'])
      expect(await reasonFor(jwt)).toBe('malformed');
    expect(await reasonFor('x'.repeat(MAX_JWT_BYTES + 1))).toBe('token_too_large');
  });

  it('applies 60 s of clock tolerance to exp, nbf and iat', async () => {
    const now = issuer.nowSeconds();
    const lateBy = (s: number) => issuer.mint(template, { issuedAt: now - 300 - s, expiresAt: now - s });
    expect(await reasonFor(await lateBy(50))).toBe('accepted');
    expect(await reasonFor(await lateBy(70))).toBe('expired');
    const early = (s: number) =>
      issuer.mint(template, { issuedAt: now, notBefore: now + s, expiresAt: now + 600 });
    expect(await reasonFor(await early(50))).toBe('accepted');
    expect(await reasonFor(await early(70))).toBe('not_yet_valid');
    const issuedAhead = await issuer.mint(template, {
      issuedAt: now + 120,
      notBefore: null,
      expiresAt: now + 600,
    });
    expect(await reasonFor(issuedAhead)).toBe('not_yet_valid');
  });

  it('refuses tokens issued longer ago than max_token_age even when exp is far', async () => {
    const now = issuer.nowSeconds();
    const old = await issuer.mint(template, { issuedAt: now - 700, expiresAt: now + 3600 });
    expect(await reasonFor(old, { maxTokenAgeSeconds: 600 })).toBe('token_too_old');
    expect(await reasonFor(old, { maxTokenAgeSeconds: 3600 })).toBe('accepted');
  });

  it('requires iat and sub, and a usable user claim', async () => {
    const noIat = await issuer.sign({ ...issuer.payload(template), iat: undefined });
    expect(await reasonFor(noIat)).toBe('missing_claim:iat');
    const noSub = await issuer.sign({ ...issuer.payload(template), sub: undefined });
    expect(await reasonFor(noSub)).toBe('missing_claim:sub');
    const jwt = await issuer.mint(template);
    expect(await reasonFor(jwt, { userClaim: 'email' })).toBe('missing_claim:email');
    expect(await reasonFor(jwt, { userClaim: 'run_id' })).toBe('accepted');
    const bad = await issuer.mint(template, { extraClaims: { actor: 'a\u0000b' } });
    expect(await reasonFor(bad, { userClaim: 'actor' })).toBe('invalid_claim:actor');
  });

  it('checks bound claims after the signature, and names the claim', async () => {
    const jwt = await issuer.mint(template, { extraClaims: { repository: 'evil/repo' } });
    const config = { ...provider };
    const error = await verifyProviderJwt(jwt, config, providerKeySource(config), new Date()).catch((e) => e);
    expect(error.reason).toBe('bound_claim_mismatch:repository');
    // The signature verified, so the audit line may name who it was.
    expect(error.auditUser).toBe('oidc:ci:repo:org/repo:ref:refs/heads/main');
    expect(error.message).toBe("Token exchange rejected by provider 'ci': bound_claim_mismatch:repository");
  });

  it('accepts any configured audience (string or list aud)', async () => {
    expect(await reasonFor(await issuer.mint(template, { audience: 'other' }))).toBe('accepted');
    expect(await reasonFor(await issuer.mint(template, { audience: ['x', 'runevault'] }))).toBe('accepted');
  });

  it('reports an unreadable JWKS as the vault being unavailable, not the token', async () => {
    const config = { ...provider, jwksFile: join(dir, 'missing.json') };
    const error = await verifyProviderJwt(
      await issuer.mint(template),
      config,
      providerKeySource(config),
      new Date(),
    ).catch((e) => e);
    expect(error.reason).toBe('jwks_unavailable');
    expect(error.kind).toBe('unavailable');
    writeFileSync(join(dir, 'broken.json'), '{"keys": 5}');
    expect(await reasonFor(await issuer.mint(template), { jwksFile: join(dir, 'broken.json') })).toBe(
      'jwks_unavailable',
    );
  });

  it('re-reads a rewritten JWKS file: a rotated key verifies, a retired one is unknown', async () => {
    const rotating = await TestIssuer.create({ issuer: ISSUER, alg: 'RS256' });
    const config = { ...provider, jwksFile: join(dir, 'rotating.json') };
    const keys = providerKeySource(config);
    const verify = async (jwt: string) =>
      verifyProviderJwt(jwt, config, keys, new Date()).then(
        () => 'accepted',
        (e: ExchangeRejected) => e.reason,
      );
    writeJwksFile(config.jwksFile, rotating.jwks());
    const oldKid = rotating.signingKey.kid;
    const signedByOld = await rotating.mint(template);
    expect(await verify(signedByOld)).toBe('accepted');
    const next = await rotating.publishNewKey();
    writeJwksFile(config.jwksFile, rotating.jwks());
    rotating.activate(next.kid);
    expect(await verify(await rotating.mint(template))).toBe('accepted');
    expect(await verify(signedByOld)).toBe('accepted');
    rotating.retire(oldKid);
    writeJwksFile(config.jwksFile, rotating.jwks());
    expect(await verify(signedByOld)).toBe('unknown_kid');
    expect(await verify(await rotating.mint(template))).toBe('accepted');
  });
});
