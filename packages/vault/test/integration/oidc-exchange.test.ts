import { status } from '@grpc/grpc-js';
import {
  buildTokenTemplate,
  EXPECTED_VAULT_REASONS,
  githubContextFromEnv,
  type IssuerServer,
  mintNegatives,
  NEGATIVE_PRESETS,
  startIssuerServer,
  TestIssuer,
  type TokenTemplate,
} from '@runevault/oidc-test-issuer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminRequest } from '../../src/admin/admin-client.js';
import { formatTokenList } from '../../src/cli/output.js';
import {
  createTokenExchangeClient,
  type TokenExchangeClient,
} from '../../src/client/token-exchange-client.js';
import { rejectionReasonOf } from '../../src/protocol/exchange-results.js';
import { type OidcTestVault, startOidcTestVault, TEST_ISSUER_URL } from '../support/oidc-test-vault.js';
import { startTestVault, type TestVault } from '../support/test-vault.js';

const ISSUER = TEST_ISSUER_URL;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function auditRecords(t: TestVault) {
  return t.auditLines.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
}

function template(repository = 'org/repo'): TokenTemplate {
  return buildTokenTemplate({
    github: githubContextFromEnv({
      GITHUB_REPOSITORY: repository,
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_REF: 'refs/pull/7/merge',
      GITHUB_RUN_ID: '99',
    }),
    audience: 'runevault',
    lifetimeSeconds: 300,
  });
}

async function grpcError(call: Promise<unknown>) {
  try {
    await call;
  } catch (error) {
    return error as Error & { code: number; details: string };
  }
  throw new Error('expected the call to fail');
}

describe('ExchangeToken with a jwks_file provider', () => {
  let t: TestVault;
  let issuer: TestIssuer;
  let exchange: TokenExchangeClient;
  let vault: OidcTestVault | undefined;
  // The vault's clock: real time, unless a test holds it at a moment of its choosing (expiry
  // is then a matter of moving it, not of sleeping and hoping the machine keeps up).
  const clock: { held?: Date } = {};

  beforeAll(async () => {
    issuer = await TestIssuer.create({ issuer: ISSUER, alg: 'RS256' });
    vault = await startOidcTestVault(
      issuer,
      {
        algorithms: ['RS256', 'ES256'],
        bound_claims: { repository: 'org/*' },
        ttl: '2s',
      },
      {},
      { now: () => clock.held ?? new Date() },
    );
    ({ t, exchange } = vault);
  });
  afterAll(async () => {
    await vault?.stop();
  });

  it('a good token exchanges, and the issued token works for GetPublicKey until it expires, not after', async () => {
    const subjectToken = await issuer.mint(template());
    // Held after minting, so the JWT's iat is not in the vault's future.
    const issuedAt = new Date();
    const at = (ms: number) => {
      clock.held = new Date(issuedAt.getTime() + ms);
    };
    at(0);
    try {
      const response = await exchange.exchangeToken(subjectToken, 'ci');
      expect(response).toMatchObject({ user: 'oidc:ci:repo:org/repo:pull_request', role: 'member' });
      expect(response.token).toMatch(/^evt_[0-9a-f]{32}$/);
      expect(response.expires_at_unix).toBe(Math.floor((issuedAt.getTime() + 2000) / 1000));

      const bundle = await t.client.getPublicKeyBundle(response.token);
      expect(bundle.key_id).toBe('vault-key');
      const success = auditRecords(t).find((r) => r.method === 'ExchangeToken' && r.status === 'success');
      expect(success).toMatchObject({ user_id: 'oidc:ci:repo:org/repo:pull_request', result_count: 1 });

      // The ttl is 2 s: valid at its last millisecond, expired at the next.
      at(1999);
      await expect(t.client.getPublicKey(response.token)).resolves.toBeDefined();
      at(2000);
      const error = await grpcError(t.client.getPublicKey(response.token));
      expect(error.code).toBe(status.UNAUTHENTICATED);
      expect(error.details).toMatch(
        /^(Token expired for user 'oidc:ci:repo:org\/repo:pull_request'|Invalid authentication token)$/,
      );
    } finally {
      clock.held = undefined;
    }
  });

  it('refuses every negative preset with UNAUTHENTICATED and a distinct reason in its audit line', async () => {
    const negatives = await mintNegatives(issuer, template());
    const failuresBefore = (await t.vault.metrics.authFailures.get()).values[0]?.value ?? 0;
    const linesBefore = t.auditLines.length;
    const reasons: string[] = [];
    for (const preset of NEGATIVE_PRESETS) {
      const error = await grpcError(exchange.exchangeToken(negatives[preset] as string, 'ci'));
      expect(error.code, preset).toBe(status.UNAUTHENTICATED);
      expect(rejectionReasonOf(error.details), preset).toBe(EXPECTED_VAULT_REASONS[preset]);
      const line = auditRecords(t).at(-1);
      expect(line, preset).toMatchObject({
        method: 'ExchangeToken',
        status: 'denied',
        user_id: '',
        error: `Token exchange rejected by provider 'ci': ${EXPECTED_VAULT_REASONS[preset]}`,
      });
      reasons.push(rejectionReasonOf(String(line?.error)) as string);
    }
    expect(new Set(reasons).size).toBe(NEGATIVE_PRESETS.length);

    // Never the JWT (nor any part of it) in the audit or operator log.
    const written = [...t.auditLines.slice(linesBefore), ...t.logs].join('\n');
    for (const jwt of Object.values(negatives)) {
      for (const part of jwt.split('.').filter((p) => p.length > 20)) expect(written).not.toContain(part);
    }
    // Failed exchanges are authentication failures: counted, and they raise the alert.
    const failuresAfter = (await t.vault.metrics.authFailures.get()).values[0]?.value ?? 0;
    expect(failuresAfter - failuresBefore).toBe(NEGATIVE_PRESETS.length);
    expect(t.auditLines.slice(linesBefore).some((l) => l.startsWith('AUDIT_ALERT '))).toBe(true);
    const metrics = await (await fetch(`${t.httpUrl}/metrics`)).text();
    expect(metrics).toContain('vault_token_exchanges_total{result="success"} 1');
    expect(metrics).toContain('vault_token_exchanges_total{result="token_too_large"} 1');
    expect(metrics).toContain('vault_token_exchanges_total{result="alg_not_allowed"} 2');
  });

  it('refuses a token whose bound claim does not match, naming the claim and the verified user', async () => {
    const error = await grpcError(exchange.exchangeToken(await issuer.mint(template('evil/repo')), 'ci'));
    expect(error.code).toBe(status.UNAUTHENTICATED);
    expect(auditRecords(t).at(-1)).toMatchObject({
      user_id: 'oidc:ci:repo:evil/repo:pull_request',
      status: 'denied',
      error: "Token exchange rejected by provider 'ci': bound_claim_mismatch:repository",
    });
  });

  it('refuses an unknown provider without echoing the name it was sent', async () => {
    const jwt = await issuer.mint(template());
    const error = await grpcError(exchange.exchangeToken(jwt, jwt));
    expect(error.code).toBe(status.UNAUTHENTICATED);
    expect(error.details).toBe('Token exchange rejected: unknown_provider');
    expect(t.auditLines.join('\n')).not.toContain(jwt.split('.')[1]);
  });

  it('lists exchanged tokens as ephemeral in GET /tokens and in `token list`', async () => {
    await exchange.exchangeToken(await issuer.mint(template()), 'ci');
    const reply = await adminRequest(t.vault.adminSocket, 'GET', '/tokens');
    const rows = reply.body.tokens as { user: string; ephemeral?: boolean; expires: string }[];
    const row = rows.find((r) => r.ephemeral);
    expect(row).toMatchObject({
      user: 'oidc:ci:repo:org/repo:pull_request',
      role: 'member',
      ephemeral: true,
    });
    expect(row?.expires).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(rows.filter((r) => !r.ephemeral).map((r) => r.user)).toEqual(['root', 'alice']);
    expect(formatTokenList(reply.body.tokens)).toMatch(
      /oidc:ci:repo:org\/repo:pull_request member .* \(ephemeral\)$/m,
    );
  });
});

describe('ExchangeToken with a jwks_uri provider: key rotation', () => {
  let t: TestVault;
  let issuer: TestIssuer;
  let server: IssuerServer;
  let exchange: TokenExchangeClient;
  const CACHE_MS = 300;

  beforeAll(async () => {
    server = await startIssuerServer({
      requestToken: 'r'.repeat(32),
      endpoints: async (baseUrl) => {
        issuer = await TestIssuer.create({ issuer: baseUrl, alg: 'ES256' });
        return {
          issuer: issuer.issuer,
          jwks: () => issuer.jwks(),
          mint: (aud) => issuer.mint(template(), aud ? { audience: aud } : {}),
          algorithms: ['ES256'],
        };
      },
    });
    t = await startTestVault({
      config: {
        oidc: {
          providers: [
            {
              name: 'gh',
              issuer: server.issuer,
              audiences: ['runevault'],
              jwks_uri: server.jwksUrl,
              algorithms: ['ES256'],
              role: 'member',
            },
          ],
        },
      },
      vaultOptions: { jwksCache: { cacheMaxAgeMs: CACHE_MS, cooldownMs: 0 } },
    });
    exchange = createTokenExchangeClient(`127.0.0.1:${t.vault.grpcPort}`);
  });
  afterAll(async () => {
    exchange?.close();
    await t?.stop();
    await server?.close();
  });

  it('a new key is published before it signs, and a retired key stops verifying', async () => {
    const oldKid = issuer.signingKey.kid;
    const signedByOld = await issuer.mint(template());
    await expect(exchange.exchangeToken(signedByOld, 'gh')).resolves.toMatchObject({ role: 'member' });

    // Publish the next key while the old one still signs: verifiers learn it first.
    const next = await issuer.publishNewKey();
    expect(issuer.jwks().keys.map((k) => k.kid)).toEqual([oldKid, next.kid]);
    await sleep(CACHE_MS + 50);
    await expect(exchange.exchangeToken(await issuer.mint(template()), 'gh')).resolves.toBeDefined();

    // Switch signing to it: tokens from both keys verify during the overlap.
    issuer.activate(next.kid);
    await expect(exchange.exchangeToken(await issuer.mint(template()), 'gh')).resolves.toBeDefined();
    await expect(exchange.exchangeToken(signedByOld, 'gh')).resolves.toBeDefined();

    // Retire the old key: once the vault's cache turns over, its tokens are unknown_kid.
    issuer.retire(oldKid);
    await sleep(CACHE_MS + 50);
    const error = await grpcError(exchange.exchangeToken(signedByOld, 'gh'));
    expect(error.code).toBe(status.UNAUTHENTICATED);
    expect(rejectionReasonOf(error.details)).toBe('unknown_kid');
    await expect(exchange.exchangeToken(await issuer.mint(template()), 'gh')).resolves.toBeDefined();
  });

  it('with an unknown kid, refetches the JWKS rather than waiting for the cache to expire', async () => {
    const fresh = await issuer.publishNewKey();
    issuer.activate(fresh.kid);
    // No sleep: the key is unknown to the cached set, so the vault fetches again (cooldown 0).
    await expect(exchange.exchangeToken(await issuer.mint(template()), 'gh')).resolves.toBeDefined();
  });
});

describe('ExchangeToken limits: a replayed JWT cannot exhaust the pool', () => {
  let t: TestVault;
  let issuer: TestIssuer;
  let exchange: TokenExchangeClient;
  let vault: OidcTestVault | undefined;

  beforeAll(async () => {
    issuer = await TestIssuer.create({ issuer: ISSUER, alg: 'ES256' });
    vault = await startOidcTestVault(issuer, {
      algorithms: ['ES256'],
      ttl: '15m',
      max_tokens_per_subject: 3,
    });
    ({ t, exchange } = vault);
  });
  afterAll(async () => {
    await vault?.stop();
  });

  const ephemeralRows = async () => {
    const reply = await adminRequest(t.vault.adminSocket, 'GET', '/tokens');
    return (reply.body.tokens as { user: string; ephemeral?: boolean }[]).filter((r) => r.ephemeral);
  };

  it('2,000 exchanges of one JWT leave one live token, and another subject still exchanges', async () => {
    const jwt = await issuer.mint(template('org/repo'));
    const answers = await Promise.all(Array.from({ length: 2000 }, () => exchange.exchangeToken(jwt, 'ci')));
    expect(new Set(answers.map((a) => a.token)).size).toBe(1);
    expect(await ephemeralRows()).toEqual([
      expect.objectContaining({ user: 'oidc:ci:repo:org/repo:pull_request' }),
    ]);

    const other = await exchange.exchangeToken(await issuer.mint(template('org/other')), 'ci');
    expect(other.user).toBe('oidc:ci:repo:org/other:pull_request');
    await expect(t.client.getPublicKey(other.token)).resolves.toBeDefined();
    const metrics = await (await fetch(`${t.httpUrl}/metrics`)).text();
    expect(metrics).toContain('vault_token_exchanges_total{result="success"} 2001');
  });

  it('a subject at max_tokens_per_subject is refused with its reason; the other subject is not', async () => {
    // org/repo holds one token from the burst; two fresh JWTs take it to the cap of 3.
    for (let i = 0; i < 2; i++) await exchange.exchangeToken(await issuer.mint(template('org/repo')), 'ci');
    const error = await grpcError(exchange.exchangeToken(await issuer.mint(template('org/repo')), 'ci'));
    expect(error.code).toBe(status.RESOURCE_EXHAUSTED);
    expect(rejectionReasonOf(error.details)).toBe('subject_token_limit');
    expect(error.details).toMatch(/\. Retry after \d+s$/);
    expect(auditRecords(t).at(-1)).toMatchObject({
      method: 'ExchangeToken',
      status: 'denied',
      user_id: 'oidc:ci:repo:org/repo:pull_request',
      error: expect.stringMatching(
        /^Token exchange rejected by provider 'ci': subject_token_limit\. Retry after/,
      ),
    });
    await expect(
      exchange.exchangeToken(await issuer.mint(template('org/other')), 'ci'),
    ).resolves.toMatchObject({ user: 'oidc:ci:repo:org/other:pull_request' });
    const metrics = await (await fetch(`${t.httpUrl}/metrics`)).text();
    expect(metrics).toContain('vault_token_exchanges_total{result="subject_token_limit"} 1');
    expect(metrics).toContain('vault_token_exchanges_total{result="provider_rate_limited"} 0');
  });

  it('after `token revoke`, the JWT that produced the token is refused as replayed', async () => {
    const jwt = await issuer.mint(template('org/third'));
    const first = await exchange.exchangeToken(jwt, 'ci');
    const revoked = await adminRequest(
      t.vault.adminSocket,
      'DELETE',
      `/tokens/${encodeURIComponent(first.user)}`,
    );
    expect(revoked.status).toBe(200);
    const error = await grpcError(exchange.exchangeToken(jwt, 'ci'));
    expect(error.code).toBe(status.UNAUTHENTICATED);
    expect(error.details).toBe("Token exchange rejected by provider 'ci': replayed");
    await expect(t.client.getPublicKey(first.token)).rejects.toMatchObject({ code: status.UNAUTHENTICATED });
  });
});

describe('ExchangeToken without providers', () => {
  it('answers UNIMPLEMENTED and says how to configure it', async () => {
    const t = await startTestVault();
    const exchange = createTokenExchangeClient(`127.0.0.1:${t.vault.grpcPort}`);
    try {
      const error = await grpcError(exchange.exchangeToken('a.b.c', ''));
      expect(error.code).toBe(status.UNIMPLEMENTED);
      expect(error.details).toMatch(/no oidc\.providers/);
    } finally {
      exchange.close();
      await t.stop();
    }
  });
});
