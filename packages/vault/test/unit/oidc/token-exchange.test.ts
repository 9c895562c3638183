import { join } from 'node:path';
import {
  buildTokenTemplate,
  githubContextFromEnv,
  TestIssuer,
  writeJwksFile,
} from '@runevault/oidc-test-issuer';
import { afterEach, describe, expect, it } from 'vitest';
import type { OidcProviderConfig } from '../../../src/config/types.js';
import { createVaultMetrics } from '../../../src/metrics/vault-metrics.js';
import { EXCHANGE_RESULTS, rejectionReasonOf } from '../../../src/oidc/exchange-rejection.js';
import { TokenExchange } from '../../../src/oidc/token-exchange.js';
import { TokenStore } from '../../../src/tokens/token-store.js';
import { useTempDir } from '../fs/temp-dir.js';

const tmp = useTempDir('token-exchange');
const stores: TokenStore[] = [];
afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close()));
});

async function setup(over: Partial<OidcProviderConfig> = {}, more: OidcProviderConfig[] = []) {
  const issuer = await TestIssuer.create({ issuer: 'https://oidc.test.invalid', alg: 'ES256' });
  const template = buildTokenTemplate({
    github: githubContextFromEnv({ GITHUB_REPOSITORY: 'org/repo' }),
    audience: 'runevault',
    lifetimeSeconds: 300,
  });
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
    ...over,
  };
  const tokens = TokenStore.load({
    rolesFile: join(tmp(), 'roles.yml'),
    tokensFile: join(tmp(), 'tokens.yml'),
  });
  stores.push(tokens);
  const metrics = createVaultMetrics();
  const warnings: string[] = [];
  const exchange = new TokenExchange({
    providers: [provider, ...more],
    tokens,
    metrics,
    logger: { info: () => {}, warn: (m) => warnings.push(m), error: () => {} },
  });
  const count = async (result: string) =>
    (await metrics.tokenExchanges.get()).values.find((v) => v.labels.result === result)?.value;
  return { issuer, template, provider, tokens, exchange, count, warnings };
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
    expect(rejectionReasonOf('Invalid authentication token')).toBeUndefined();
  });
});
