// The OIDC trust explainer (@runevault/oidc-test-issuer/explain) agrees with the vault itself:
// the same tokens go through the vault's verifyProviderJwt and through the explainer, and the
// first failing check's code is the reason the vault answers. It lives with the vault, whose
// verifier it holds the explainer to, so it reaches the explainer through its package exports.
import { mkdtempSync, rmSync } from 'node:fs';
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
import {
  decodeTokenUnverified,
  explainTrust,
  parseTrustPolicy,
  RUNEVAULT_CLOCK_TOLERANCE_SECONDS,
  RUNEVAULT_MAX_JWT_BYTES,
} from '@runevault/oidc-test-issuer/explain';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OidcProviderConfig } from '../../../src/config/types.js';
import { ExchangeRejected } from '../../../src/oidc/exchange-rejection.js';
import { providerKeySource } from '../../../src/oidc/provider-keys.js';
import { verifyProviderJwt } from '../../../src/oidc/verify-provider-jwt.js';
import { CLOCK_TOLERANCE_SECONDS, MAX_JWT_BYTES } from '../../../src/protocol/exchange-limits.js';

const ISSUER = 'https://oidc.test.invalid';
const NOW = new Date('2025-06-01T12:00:00Z');
// runevault.conf as the README documents it (one provider, bound_claims repository: "org/*").
const RUNEVAULT_CONF = `
oidc:
  providers:
    - name: ci
      issuer: ${ISSUER}
      audiences: [runevault, other]
      jwks_file: oidc/jwks.json
      algorithms: [RS256, ES256]
      bound_claims: { repository: "org/*", ref: "refs/heads/*" }
      user_claim: sub
      role: member
      max_token_age: 1h
`;
const policy = parseTrustPolicy(RUNEVAULT_CONF, 'runevault.conf');

let dir: string;
let issuer: TestIssuer;
let template: TokenTemplate;
let config: OidcProviderConfig;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'explain-agreement-'));
  issuer = await TestIssuer.create({ issuer: ISSUER, alg: 'ES256', now: () => NOW });
  template = buildTokenTemplate({
    github: githubContextFromEnv({ GITHUB_REPOSITORY: 'org/repo', GITHUB_REF: 'refs/heads/main' }),
    audience: 'runevault',
    lifetimeSeconds: 300,
  });
  config = {
    name: 'ci',
    issuer: ISSUER,
    audiences: ['runevault', 'other'],
    jwksFile: join(dir, 'jwks.json'),
    algorithms: ['RS256', 'ES256'],
    boundClaims: { repository: 'org/*', ref: 'refs/heads/*' },
    userClaim: 'sub',
    role: 'member',
    ttlSeconds: 60,
    maxTokenAgeSeconds: 3600,
    maxTokensPerSubject: 5,
    exchangeRateLimit: { max: 600, windowSeconds: 60 },
  };
  writeJwksFile(config.jwksFile as string, issuer.jwks());
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function vaultReason(jwt: string): Promise<string> {
  try {
    await verifyProviderJwt(jwt, config, providerKeySource(config), NOW);
    return 'accepted';
  } catch (error) {
    if (!(error instanceof ExchangeRejected)) throw error;
    return error.reason;
  }
}

function explainerReason(jwt: string): string {
  const e = explainTrust(policy, decodeTokenUnverified(jwt), { now: NOW });
  return e.verdict === 'allowed' ? 'accepted' : (e.checks.find((c) => c.result === 'fail')?.code ?? '?');
}

describe('runevault provider: the explainer answers what the vault answers', () => {
  it('a good token is accepted by both', async () => {
    const jwt = await issuer.mint(template);
    expect(await vaultReason(jwt)).toBe('accepted');
    expect(explainerReason(jwt)).toBe('accepted');
  });

  // Signature and key presets need the JWKS, which the explainer does not have.
  const OFFLINE_PRESETS = NEGATIVE_PRESETS.filter((p) => p !== 'unknown-kid');
  it.each(OFFLINE_PRESETS)('negative preset %s: same refusal reason', async (preset) => {
    const jwt = await mintNegative(issuer, template, preset);
    const reason = await vaultReason(jwt);
    expect(reason).toBe(EXPECTED_VAULT_REASONS[preset]);
    expect(explainerReason(jwt)).toBe(reason);
  });

  it('token_too_old, a bound-claim mismatch and a missing user claim: same reasons', async () => {
    const cases = [
      await issuer.mint(template, {
        issuedAt: Math.floor(NOW.getTime() / 1000) - 7200,
        expiresAt: Math.floor(NOW.getTime() / 1000) + 60,
      }),
      await issuer.mint(template, { extraClaims: { repository: 'Org/repo' } }),
      await issuer.mint(template, { extraClaims: { ref: 'refs/pull/1/merge' } }),
      await issuer.mint(template, { audience: ['x', 'other'] }),
      // Several claims missing at once: the first one jose looks for is the reason.
      await issuer.sign({
        sub: 'repo:org/repo:ref:refs/heads/main',
        aud: 'runevault',
        repository: 'org/repo',
      }),
      await issuer.sign({ iss: ISSUER, aud: 'runevault', iat: Math.floor(NOW.getTime() / 1000) }),
    ];
    for (const jwt of cases) expect(explainerReason(jwt)).toBe(await vaultReason(jwt));
  });

  it('random repository and ref claims: the explainer and the vault agree on every one', async () => {
    const value = fc.oneof(
      fc.constantFrom(
        'org/repo',
        'org/',
        'org',
        'Org/repo',
        'other/org/x',
        'org/*',
        'refs/heads/',
        'refs/heads/a',
        'refs/tags/v1',
      ),
      fc.string({ maxLength: 12 }),
      fc.array(fc.constantFrom('org/a', 'x', 'refs/heads/m'), { maxLength: 3 }),
    );
    await fc.assert(
      fc.asyncProperty(value, value, async (repository, ref) => {
        const jwt = await issuer.mint(template, { extraClaims: { repository, ref } });
        expect(explainerReason(jwt)).toBe(await vaultReason(jwt));
      }),
      { numRuns: 60 },
    );
  });

  it('a conf with several providers needs one named; an unknown name lists the others', () => {
    const two = `${RUNEVAULT_CONF}    - { name: cd, issuer: ${ISSUER}, audiences: [x], jwks_file: j, role: r }\n`;
    expect(() => parseTrustPolicy(two, 'runevault.conf')).toThrow(
      'runevault.conf has 2 oidc providers ("ci", "cd"); name one with --provider (action: explain-provider)',
    );
    expect(() => parseTrustPolicy(two, 'runevault.conf', { provider: 'nope' })).toThrow(
      'runevault.conf has no oidc provider "nope"; it has "ci", "cd"',
    );
    expect(parseTrustPolicy(two, 'runevault.conf', { provider: 'cd' })).toMatchObject({ name: 'cd' });
  });
});

it("uses the vault's own size limit and clock tolerance", () => {
  expect(RUNEVAULT_MAX_JWT_BYTES).toBe(MAX_JWT_BYTES);
  expect(RUNEVAULT_CLOCK_TOLERANCE_SECONDS).toBe(CLOCK_TOLERANCE_SECONDS);
});
