// The user an exchange derives from a claim obeys the rule for every user name: a `sub` that
// would spoof another user or split a line is refused as invalid_claim:<claim>.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  buildTokenTemplate,
  githubContextFromEnv,
  TestIssuer,
  writeJwksFile,
} from '@runevault/oidc-test-issuer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OidcProviderConfig } from '../../../src/config/types.js';
import { ExchangeRejected } from '../../../src/oidc/exchange-rejection.js';
import { providerKeySource } from '../../../src/oidc/provider-keys.js';
import { verifyProviderJwt } from '../../../src/oidc/verify-provider-jwt.js';

const ISSUER = 'https://oidc.test.invalid';
let dir: string;
let issuer: TestIssuer;
let provider: OidcProviderConfig;
const template = buildTokenTemplate({
  github: githubContextFromEnv({ GITHUB_REPOSITORY: 'org/repo', GITHUB_REF: 'refs/heads/main' }),
  audience: 'runevault',
  lifetimeSeconds: 300,
});

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'runevault-verify-names-'));
  issuer = await TestIssuer.create({ issuer: ISSUER, alg: 'ES256' });
  provider = {
    name: 'ci',
    issuer: ISSUER,
    audiences: ['runevault'],
    jwksFile: join(dir, 'jwks.json'),
    algorithms: ['ES256'],
    boundClaims: {},
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

async function outcome(sub: string): Promise<string> {
  const jwt = await issuer.sign({ ...issuer.payload(template), sub });
  try {
    return (await verifyProviderJwt(jwt, provider, providerKeySource(provider), new Date())).user;
  } catch (error) {
    expect(error).toBeInstanceOf(ExchangeRejected);
    return (error as ExchangeRejected).reason;
  }
}

describe('the user an exchange derives from its claim', () => {
  it.each([
    ['a right-to-left override', 'repo:org/repo\u202Eniam'],
    ['a zero-width space', 'admin\u200B'],
    ['a line separator', 'repo:org/repo\u2028ok'],
    ['a private-use character', 'repo\uE000'],
    ['a non-NFC sequence', 'jose\u0301'],
    ['a trailing space', 'repo:org/repo '],
    ['a user past 256 characters', 'x'.repeat(256 - 'oidc:ci:'.length + 1)],
  ])('refuses a sub with %s as invalid_claim:sub', async (_what, sub) => {
    expect(await outcome(sub)).toBe('invalid_claim:sub');
  });

  it('accepts an NFC non-ASCII sub up to the 256-character bound', async () => {
    expect(await outcome('repo:org/caf\u00E9')).toBe('oidc:ci:repo:org/caf\u00E9');
    const longest = 'x'.repeat(256 - 'oidc:ci:'.length);
    expect(await outcome(longest)).toBe(`oidc:ci:${longest}`);
  });
});
