import { join } from 'node:path';
import {
  buildTokenTemplate,
  githubContextFromEnv,
  TestIssuer,
  writeJwksFile,
} from '@runevault/oidc-test-issuer';
import { afterEach, describe, expect, it } from 'vitest';
import type { OidcProviderConfig } from '../../../src/config/types.js';
import type { VaultError } from '../../../src/errors.js';
import { createVaultMetrics } from '../../../src/metrics/vault-metrics.js';
import { TokenExchange } from '../../../src/oidc/token-exchange.js';
import { EXCHANGE_RESULTS, rejectionReasonOf } from '../../../src/protocol/exchange-results.js';
import { MAX_EPHEMERAL_TOKENS, TokenStore } from '../../../src/tokens/token-store.js';
import { useTempDir } from '../../support/temp-dir.js';

const tmp = useTempDir('token-exchange');
const stores: TokenStore[] = [];
afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close()));
});

const templateFor = (repository: string) =>
  buildTokenTemplate({
    github: githubContextFromEnv({ GITHUB_REPOSITORY: repository }),
    audience: 'runevault',
    lifetimeSeconds: 300,
  });

async function setup(over: Partial<OidcProviderConfig> = {}, more: OidcProviderConfig[] = []) {
  // One clock for the issuer, the store and the exchange: tests move time, never sleep.
  const clock = { now: new Date(Math.floor(Date.now() / 1000) * 1000) };
  const now = () => clock.now;
  const advance = (seconds: number) => {
    clock.now = new Date(clock.now.getTime() + seconds * 1000);
  };
  const issuer = await TestIssuer.create({ issuer: 'https://oidc.test.invalid', alg: 'ES256', now });
  const template = templateFor('org/repo');
  const jwksFile = join(tmp(), 'jwks.json');
  writeJwksFile(jwksFile, issuer.jwks());
  const provider: OidcProviderConfig = {
    name: 'ci',
    issuer: issuer.issuer,
    audiences: ['runevault'],
    jwksFile,
    algorithms: ['ES256'],
    boundClaims: {},
    userClaim: 'sub',
    role: 'member',
    ttlSeconds: 120,
    maxTokenAgeSeconds: 3600,
    maxTokensPerSubject: 5,
    exchangeRateLimit: { max: 600, windowSeconds: 60 },
    ...over,
  };
  const tokens = TokenStore.load({
    rolesFile: join(tmp(), 'roles.yml'),
    tokensFile: join(tmp(), 'tokens.yml'),
    now,
  });
  stores.push(tokens);
  const metrics = createVaultMetrics();
  const warnings: string[] = [];
  const exchange = new TokenExchange({
    providers: [provider, ...more],
    tokens,
    metrics,
    logger: { info: () => {}, warn: (m) => warnings.push(m), error: () => {} },
    now,
  });
  const count = async (result: string) =>
    (await metrics.tokenExchanges.get()).values.find((v) => v.labels.result === result)?.value;
  /** The evt_ token for `jwt`, or the refusal. */
  const exchangeFor = async (jwt: string) =>
    (await exchange.exchange({ subject_token: jwt, provider: 'ci' })).response;
  const refusalOf = (jwt: string) =>
    exchange.exchange({ subject_token: jwt, provider: 'ci' }).then(
      () => {
        throw new Error('expected the exchange to be refused');
      },
      (error: VaultError) => error,
    );
  return { issuer, template, provider, tokens, exchange, count, warnings, advance, exchangeFor, refusalOf };
}

describe('TokenExchange', () => {
  it('issues an in-memory token for the provider role, valid for ttl', async () => {
    const { issuer, template, tokens, exchange, count } = await setup();
    const before = Math.floor(Date.now() / 1000);
    const outcome = await exchange.exchange({ subject_token: await issuer.mint(template), provider: 'ci' });
    expect(outcome.user).toBe('oidc:ci:repo:org/repo:ref:refs/heads/main');
    expect(outcome.response).toMatchObject({ user: outcome.user, role: 'member' });
    expect(Number(outcome.response.expires_at_unix) - before).toBeGreaterThanOrEqual(119);
    expect(Number(outcome.response.expires_at_unix) - before).toBeLessThanOrEqual(121);
    expect(tokens.authorize(outcome.response.token as string, 'get_public_key').user).toBe(outcome.user);
    expect(await count('success')).toBe(1);
  });

  it('counts each result, with every series present from the start', async () => {
    const { issuer, template, exchange, count } = await setup();
    for (const result of EXCHANGE_RESULTS) expect(await count(result)).toBe(0);
    const jwt = await issuer.mint(template, { audience: 'nope' });
    await expect(exchange.exchange({ subject_token: jwt, provider: 'ci' })).rejects.toThrow(
      /wrong_audience$/,
    );
    await expect(exchange.exchange({ subject_token: jwt, provider: 'zzz' })).rejects.toThrow(
      'Token exchange rejected: unknown_provider',
    );
    expect(await count('wrong_audience')).toBe(1);
    expect(await count('unknown_provider')).toBe(1);
  });

  it('an empty provider name picks the only provider, and is unknown when there are several', async () => {
    const single = await setup();
    const jwt = await single.issuer.mint(single.template);
    await expect(single.exchange.exchange({ subject_token: jwt, provider: '' })).resolves.toBeDefined();
    const several = await setup({}, [
      {
        name: 'other',
        issuer: 'https://other.test.invalid',
        audiences: ['x'],
        jwksFile: join(tmp(), 'jwks.json'),
        algorithms: ['ES256'],
        boundClaims: {},
        userClaim: 'sub',
        role: 'member',
        ttlSeconds: 60,
        maxTokenAgeSeconds: 60,
        maxTokensPerSubject: 5,
        exchangeRateLimit: { max: 600, windowSeconds: 60 },
      },
    ]);
    const error = await several.exchange
      .exchange({ subject_token: await several.issuer.mint(several.template), provider: '' })
      .catch((e: Error) => e);
    expect(rejectionReasonOf((error as Error).message)).toBe('unknown_provider');
  });

  it('refuses with unknown_role when the provider role does not exist, and warns at start', async () => {
    const { issuer, template, exchange, warnings } = await setup({ role: 'ghost' });
    await exchange.checkProviders();
    expect(warnings).toEqual([expect.stringMatching(/role 'ghost' does not exist/)]);
    const error = await exchange
      .exchange({ subject_token: await issuer.mint(template), provider: 'ci' })
      .then(
        () => ({ message: 'accepted', auditUser: undefined }),
        (e: Error & { auditUser?: string }) => e,
      );
    expect(error.message).toBe("Token exchange rejected by provider 'ci': unknown_role");
    expect(error.auditUser).toBe('oidc:ci:repo:org/repo:ref:refs/heads/main');
  });

  it('warns at start when a JWKS cannot be read', async () => {
    const { exchange, warnings } = await setup({ jwksFile: join(tmp(), 'absent.json') });
    await exchange.checkProviders();
    expect(warnings[0]).toMatch(/^oidc provider 'ci': cannot read JWKS file .*absent\.json/);
  });

  it('rejectionReasonOf reads the reason back from either message form', () => {
    expect(
      rejectionReasonOf("Token exchange rejected by provider 'ci': bound_claim_mismatch:repository"),
    ).toBe('bound_claim_mismatch:repository');
    expect(rejectionReasonOf('Token exchange rejected: unknown_provider')).toBe('unknown_provider');
    expect(
      rejectionReasonOf("Token exchange rejected by provider 'ci': provider_rate_limited. Retry after 12s"),
    ).toBe('provider_rate_limited');
    expect(rejectionReasonOf('Invalid authentication token')).toBeUndefined();
  });
});

describe('TokenExchange limits: one JWT, one token; per-subject cap; per-provider rate', () => {
  const OTHER = 'oidc:ci:repo:org/other:ref:refs/heads/main';

  it('exchanging the same JWT again returns the token it already produced', async () => {
    const { issuer, template, tokens, exchangeFor, count } = await setup();
    const jwt = await issuer.mint(template);
    const first = await exchangeFor(jwt);
    const again = await exchangeFor(jwt);
    expect(again).toEqual(first);
    expect(tokens.listTokens().filter((t) => t.ephemeral)).toHaveLength(1);
    expect(await count('success')).toBe(2);
  });

  it('a JWT with the same jti but different text (re-signed later) gets the same token', async () => {
    const { issuer, template, exchangeFor, advance } = await setup();
    const jwt = await issuer.mint(template, { extraClaims: { jti: 'run-99-attempt-1' } });
    const first = await exchangeFor(jwt);
    advance(5);
    const resigned = await issuer.mint(template, { extraClaims: { jti: 'run-99-attempt-1' } });
    expect(resigned).not.toBe(jwt);
    expect(await exchangeFor(resigned)).toEqual(first);
    // Another jti is another token.
    const other = await exchangeFor(
      await issuer.mint(template, { extraClaims: { jti: 'run-99-attempt-2' } }),
    );
    expect(other.token).not.toBe(first.token);
  });

  it('without jti, the JWT text is the key: same text same token, another signature another token', async () => {
    const { issuer, template, exchangeFor } = await setup();
    const { jti: _dropped, ...claims } = issuer.payload(template);
    const jwt = await issuer.sign(claims);
    const first = await exchangeFor(jwt);
    expect(await exchangeFor(jwt)).toEqual(first);
    // ES256 signatures are randomised: the same claims signed again are a different text.
    const resigned = await issuer.sign(claims);
    expect(resigned).not.toBe(jwt);
    expect((await exchangeFor(resigned)).token).not.toBe(first.token);
  });

  it('after the token expires, the same JWT gets a new one', async () => {
    const { issuer, template, tokens, exchangeFor, advance } = await setup({ ttlSeconds: 120 });
    const jwt = await issuer.mint(template);
    const first = await exchangeFor(jwt);
    advance(119);
    expect((await exchangeFor(jwt)).token).toBe(first.token);
    advance(1);
    const second = await exchangeFor(jwt);
    expect(second.token).not.toBe(first.token);
    expect(() => tokens.authorize(first.token as string, 'get_public_key')).toThrow(/expired|Invalid/);
    expect(tokens.authorize(second.token as string, 'get_public_key').user).toBe(second.user);
  });

  it('after a revoke, replaying the JWT is refused as replayed until the JWT itself expires', async () => {
    const { issuer, template, tokens, exchangeFor, refusalOf, advance, count } = await setup({
      ttlSeconds: 60,
    });
    const jwt = await issuer.mint(template); // valid 300 s
    const first = await exchangeFor(jwt);
    tokens.revoke(first.user as string);
    const refused = await refusalOf(jwt);
    expect(refused.message).toBe("Token exchange rejected by provider 'ci': replayed");
    expect(refused.kind).toBe('unauthenticated');
    expect(refused.auditUser).toBe(first.user);
    // Past the revoked token's own expiry, still no new token from that JWT...
    advance(120);
    expect(rejectionReasonOf((await refusalOf(jwt)).message)).toBe('replayed');
    // ...and once the JWT is past exp (+60 s tolerance) verification refuses it anyway.
    advance(300 + 60 - 120);
    expect(rejectionReasonOf((await refusalOf(jwt)).message)).toBe('expired');
    expect(tokens.listTokens().filter((t) => t.ephemeral)).toEqual([]);
    expect(await count('replayed')).toBe(2);
    // A fresh JWT of the same subject is a new exchange.
    await expect(exchangeFor(await issuer.mint(template))).resolves.toMatchObject({ user: first.user });
  });

  it('caps live tokens per subject with subject_token_limit, while another subject still succeeds', async () => {
    const { issuer, template, exchangeFor, refusalOf, advance, count } = await setup({
      maxTokensPerSubject: 2,
      ttlSeconds: 120,
    });
    const first = await exchangeFor(await issuer.mint(template));
    advance(30);
    await exchangeFor(await issuer.mint(template));
    const refused = await refusalOf(await issuer.mint(template));
    // The first token expires 90 s from now: that is when the subject may exchange again.
    expect(refused.message).toBe(
      "Token exchange rejected by provider 'ci': subject_token_limit. Retry after 90s",
    );
    expect(refused.kind).toBe('rate_limited');
    expect(refused.auditUser).toBe(first.user);
    expect(await count('subject_token_limit')).toBe(1);

    await expect(exchangeFor(await issuer.mint(templateFor('org/other')))).resolves.toMatchObject({
      user: OTHER,
    });
    advance(90);
    await expect(exchangeFor(await issuer.mint(template))).resolves.toMatchObject({ user: first.user });
  });

  it('limits new tokens per provider with provider_rate_limited, replays spend nothing, and recovers', async () => {
    const { issuer, exchangeFor, refusalOf, advance, count } = await setup({
      exchangeRateLimit: { max: 3, windowSeconds: 60 },
    });
    const jwts = await Promise.all(
      ['org/a', 'org/b', 'org/c', 'org/d'].map((r) => issuer.mint(templateFor(r))),
    );
    const first = await exchangeFor(jwts[0] as string);
    advance(10);
    await exchangeFor(jwts[1] as string);
    await exchangeFor(jwts[2] as string);
    for (let i = 0; i < 5; i++) expect(await exchangeFor(jwts[0] as string)).toEqual(first);
    const refused = await refusalOf(jwts[3] as string);
    expect(refused.message).toBe(
      "Token exchange rejected by provider 'ci': provider_rate_limited. Retry after 50s",
    );
    expect(refused.kind).toBe('rate_limited');
    expect(await count('provider_rate_limited')).toBe(1);
    advance(50);
    await expect(exchangeFor(jwts[3] as string)).resolves.toMatchObject({
      user: 'oidc:ci:repo:org/d:ref:refs/heads/main',
    });
  });

  it('a full vault-wide pool is refused as token_pool_full, RESOURCE_EXHAUSTED', async () => {
    const { issuer, template, tokens, refusalOf, count } = await setup();
    for (let i = 0; i < MAX_EPHEMERAL_TOKENS; i++) {
      tokens.issueEphemeral({ user: `oidc:ci:filler-${i}`, role: 'member', ttlSeconds: 60 });
    }
    const refused = await refusalOf(await issuer.mint(template));
    expect(refused.message).toBe("Token exchange rejected by provider 'ci': token_pool_full");
    expect(refused.kind).toBe('resource_exhausted');
    expect(await count('token_pool_full')).toBe(1);
  });

  it('concurrent exchanges of one JWT issue one token', async () => {
    const { issuer, template, tokens, exchange } = await setup();
    const jwt = await issuer.mint(template);
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => exchange.exchange({ subject_token: jwt, provider: 'ci' })),
    );
    expect(new Set(answers.map((a) => a.response.token)).size).toBe(1);
    expect(tokens.listTokens().filter((t) => t.ephemeral)).toHaveLength(1);
  });

  it('warns at start when one subject could spend a whole provider window', async () => {
    const { exchange, warnings } = await setup({
      maxTokensPerSubject: 10,
      ttlSeconds: 1,
      exchangeRateLimit: { max: 600, windowSeconds: 60 },
    });
    await exchange.checkProviders();
    expect(warnings).toEqual([
      "oidc provider 'ci': one subject may take up to 600 of exchange_rate_limit 600/60s and deny exchanges to the others; raise ttl or exchange_rate_limit, or lower max_tokens_per_subject",
    ]);
  });
});
