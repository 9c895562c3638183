// Property-based sweep over every RPC of a real vault (loopback gRPC, real SEAL, a real OIDC
// test issuer): arbitrary but well-typed requests, with tokens that are real, near misses of
// real ones or junk. Every answer is OK or a known refusal (never INTERNAL/UNKNOWN), and no
// answer, trailer, log or audit line carries the team secret, SecKey material or a real token
// (GetPublicKey's agent_dek for the caller's own token and ExchangeToken's new token aside).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ServiceError, status } from '@grpc/grpc-js';
import {
  buildTokenTemplate,
  githubContextFromEnv,
  mintNegatives,
  NEGATIVE_PRESETS,
  TestIssuer,
} from '@runevault/oidc-test-issuer';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encryptScoresBase64 } from '../../src/client/encrypt-scores.js';
import { agentKeyFromBundle, encryptMetadata } from '../../src/client/metadata.js';
import type { TokenExchangeClient } from '../../src/client/token-exchange-client.js';
import { agentIdForToken, deriveAgentKey } from '../../src/metadata/agent-key.js';
import { fuzzBudget, fuzzTestTimeout } from '../support/fuzz-budget.js';
import { type OidcTestVault, startOidcTestVault, TEST_ISSUER_URL } from '../support/oidc-test-vault.js';
import type { TestVault } from '../support/test-vault.js';

const ISSUER = TEST_ISSUER_URL;
const API_KEY = 'envector-api-key-fuzz-0123456789abcdef';
/** Refusals a caller may see; INTERNAL, UNKNOWN and the rest mean the vault itself broke. */
const KNOWN_REFUSALS = new Set([
  status.INVALID_ARGUMENT,
  status.UNAUTHENTICATED,
  status.PERMISSION_DENIED,
  status.RESOURCE_EXHAUSTED,
]);

let t: TestVault;
let issuer: TestIssuer;
let exchange: TokenExchangeClient;
let vault: OidcTestVault | undefined;
/** Inputs prepared once (SEAL encryption and JWT signing are too slow to do per run). */
let fixtures: {
  blob: string;
  items: { member: string; memberLegacy: string; admin: string };
  jwt: string;
  negativeJwts: string[];
  secKey: string;
};
/** Every token value the vault holds, growing as ExchangeToken issues new ones. */
const realTokens: string[] = [];

beforeAll(async () => {
  issuer = await TestIssuer.create({ issuer: ISSUER, alg: 'RS256' });
  vault = await startOidcTestVault(
    issuer,
    { algorithms: ['RS256'], bound_claims: { repository: 'org/*' }, ttl: '60s' },
    { envector: { endpoint: 'https://envector.test.invalid', api_key: API_KEY } },
  );
  ({ t, exchange } = vault);
  // Rate limits would turn most of the sweep into RESOURCE_EXHAUSTED before any decoding.
  for (const role of ['admin', 'member']) t.vault.tokens.updateRole(role, { rate_limit: '100000/60s' });
  await t.vault.tokens.flush();
  realTokens.push(t.adminToken, t.memberToken);

  const memberBundle = await t.client.getPublicKeyBundle(t.memberToken);
  const adminBundle = await t.client.getPublicKeyBundle(t.adminToken);
  const member = agentKeyFromBundle(memberBundle);
  const admin = agentKeyFromBundle(adminBundle);
  const template = buildTokenTemplate({
    github: githubContextFromEnv({
      GITHUB_REPOSITORY: 'org/repo',
      GITHUB_EVENT_NAME: 'push',
      GITHUB_REF: 'refs/heads/main',
      GITHUB_RUN_ID: '7',
    }),
    audience: 'runevault',
    lifetimeSeconds: 600,
  });
  const negatives = await mintNegatives(issuer, template);
  fixtures = {
    blob: await encryptScoresBase64(memberBundle['EncKey.json'], [
      { shardIdx: 0, scores: [0.5, 0.25, 0.125] },
    ]),
    items: {
      member: encryptMetadata(member.agentKey, member.agentId, '{"doc":"member"}'),
      memberLegacy: encryptMetadata(member.agentKey, member.agentId, 'legacy', { format: 'legacy' }),
      admin: encryptMetadata(admin.agentKey, admin.agentId, '{"doc":"admin"}'),
    },
    jwt: await issuer.mint(template),
    negativeJwts: NEGATIVE_PRESETS.map((preset) => negatives[preset] as string),
    secKey: JSON.parse(readFileSync(join(t.home, 'vault-keys', 'vault-key', 'SecKey.json'), 'utf8'))
      .data as string,
  };
}, 120_000);

afterAll(async () => {
  await vault?.stop();
});

// ---- requests ---------------------------------------------------------------------------

type TokenSpec =
  | { kind: 'real'; which: 'admin' | 'member' | 'exchanged' }
  | { kind: 'near'; which: 'admin' | 'member'; at: number; ch: string }
  | { kind: 'wrapped'; which: 'admin' | 'member'; before: string; after: string; cut: number }
  | { kind: 'team-secret'; at: number }
  | { kind: 'junk'; text: string };

const which = fc.constantFrom('admin' as const, 'member' as const);
// Real tokens weigh most, so requests get past authentication to decoding and decryption.
const tokenSpec: fc.Arbitrary<TokenSpec> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('real' as const),
      which: fc.constantFrom<'admin' | 'member' | 'exchanged'>('admin', 'member', 'exchanged'),
    }),
  },
  fc.record({
    kind: fc.constant('near' as const),
    which,
    at: fc.integer({ min: 0, max: 35 }),
    ch: fc.constantFrom(...'0123456789abcdefgzA_ \t\u00e9'),
  }),
  fc.record({
    kind: fc.constant('wrapped' as const),
    which,
    before: fc.constantFrom('', ' ', '\n', 'x'),
    after: fc.constantFrom('', ' ', '\n', 'x', '\u0000'),
    cut: fc.integer({ min: 0, max: 2 }),
  }),
  fc.record({ kind: fc.constant('team-secret' as const), at: fc.integer({ min: 0, max: 28 }) }),
  fc.record({
    kind: fc.constant('junk' as const),
    text: fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.stringMatching(/^evt_[0-9a-f]{32}$/),
      fc.string({ minLength: 36, maxLength: 36 }),
    ),
  }),
);

function tokenOf(spec: TokenSpec): string {
  const real = (w: 'admin' | 'member') => (w === 'admin' ? t.adminToken : t.memberToken);
  switch (spec.kind) {
    case 'real':
      return spec.which === 'exchanged' ? (realTokens.at(-1) as string) : real(spec.which);
    case 'near': {
      const token = real(spec.which);
      return `${token.slice(0, spec.at)}${spec.ch}${token.slice(spec.at + 1)}`;
    }
    case 'wrapped':
      return `${spec.before}${real(spec.which).slice(spec.cut)}${spec.after}`;
    case 'team-secret':
      return t.teamSecret.slice(spec.at, spec.at + 36);
    case 'junk':
      return spec.text;
  }
}

type BlobSpec =
  | { kind: 'valid' }
  | { kind: 'flipped'; at: number; bit: number }
  | { kind: 'text'; text: string };
const blobSpec: fc.Arbitrary<BlobSpec> = fc.oneof(
  fc.constant({ kind: 'valid' as const }),
  fc.record({ kind: fc.constant('flipped' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({
    kind: fc.constant('text' as const),
    text: fc.oneof(
      fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b).toString('base64')),
      fc.string({ maxLength: 40 }),
    ),
  }),
);

function blobOf(spec: BlobSpec): string {
  if (spec.kind === 'valid') return fixtures.blob;
  if (spec.kind === 'text') return spec.text;
  const bytes = Buffer.from(fixtures.blob, 'base64');
  const at = spec.at % bytes.length;
  bytes[at] = (bytes[at] as number) ^ (1 << spec.bit);
  return bytes.toString('base64');
}

type ItemSpec = 'member' | 'memberLegacy' | 'admin' | 'tampered' | { text: string };
// Mostly real items: one bad item fails the whole request, so junk must stay the exception.
const itemSpec: fc.Arbitrary<ItemSpec> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom<ItemSpec>('member', 'memberLegacy', 'admin', 'tampered') },
  {
    weight: 1,
    arbitrary: fc.oneof(fc.string({ maxLength: 40 }), fc.json({ maxDepth: 2 })).map((text) => ({ text })),
  },
);

function itemOf(spec: ItemSpec): string {
  if (typeof spec === 'object') return spec.text;
  if (spec !== 'tampered') return fixtures.items[spec];
  const item = JSON.parse(fixtures.items.member) as { c: string };
  const raw = Buffer.from(item.c, 'base64');
  raw[raw.length - 1] = (raw[raw.length - 1] as number) ^ 1;
  return JSON.stringify({ ...item, c: raw.toString('base64') });
}

type SubjectSpec = 'valid' | { negative: number } | { flipAt: number } | { text: string };
const subjectSpec: fc.Arbitrary<SubjectSpec> = fc.oneof(
  fc.constant<SubjectSpec>('valid'),
  fc.nat().map((negative) => ({ negative })),
  fc.nat().map((flipAt) => ({ flipAt })),
  fc.string({ maxLength: 60 }).map((text) => ({ text })),
);

function subjectOf(spec: SubjectSpec): string {
  if (spec === 'valid') return fixtures.jwt;
  if ('negative' in spec)
    return fixtures.negativeJwts[spec.negative % fixtures.negativeJwts.length] as string;
  if ('text' in spec) return spec.text;
  const jwt = fixtures.jwt;
  const at = spec.flipAt % jwt.length;
  return `${jwt.slice(0, at)}${jwt[at] === 'A' ? 'B' : 'A'}${jwt.slice(at + 1)}`;
}

type Rpc =
  | { rpc: 'GetPublicKey'; token: TokenSpec }
  | { rpc: 'DecryptScores'; token: TokenSpec; blob: BlobSpec; topK: number }
  | { rpc: 'DecryptMetadata'; token: TokenSpec; items: ItemSpec[] }
  | { rpc: 'ExchangeToken'; subject: SubjectSpec; provider: string };

const rpc: fc.Arbitrary<Rpc> = fc.oneof(
  fc.record({ rpc: fc.constant('GetPublicKey' as const), token: tokenSpec }),
  fc.record({
    rpc: fc.constant('DecryptScores' as const),
    token: tokenSpec,
    blob: blobSpec,
    topK: fc.oneof(fc.integer({ min: -2, max: 60 }), fc.integer({ min: 250, max: 400 })),
  }),
  fc.record({
    rpc: fc.constant('DecryptMetadata' as const),
    token: tokenSpec,
    items: fc.array(itemSpec, { minLength: 1, maxLength: 4 }),
  }),
  fc.record({
    rpc: fc.constant('ExchangeToken' as const),
    subject: subjectSpec,
    provider: fc.oneof(fc.constantFrom('ci', ''), fc.string({ maxLength: 12 })),
  }),
);

// ---- one call and its checks --------------------------------------------------------------

interface Answer {
  /** Everything the caller received: response or status, details, message and trailers. */
  text: string;
  code: number;
  response?: Record<string, unknown>;
}

async function send(req: Rpc, token: string): Promise<Answer> {
  try {
    let response: object;
    if (req.rpc === 'GetPublicKey') response = await t.client.getPublicKey(token);
    else if (req.rpc === 'DecryptScores')
      response = await t.client.decryptScores(token, blobOf(req.blob), req.topK);
    else if (req.rpc === 'DecryptMetadata')
      response = await t.client.decryptMetadata(token, req.items.map(itemOf));
    else response = await exchange.exchangeToken(subjectOf(req.subject), req.provider);
    return { code: status.OK, text: JSON.stringify(response), response: response as Record<string, unknown> };
  } catch (error) {
    const e = error as ServiceError;
    return {
      code: e.code,
      text: `${e.code} ${e.details} ${e.message} ${JSON.stringify(e.metadata?.getMap() ?? {})}`,
    };
  }
}

/**
 * Pieces of every secret no answer may hold, by name: 12-character windows, so a truncated or
 * partly rewritten echo is caught too. `allowed` are whole secrets this answer may carry.
 */
function secretPieces(allowed: Set<string>): [string, string][] {
  const whole: [string, string][] = [
    ['team secret', t.teamSecret],
    ['envector api key', API_KEY],
  ];
  for (const [i, token] of realTokens.entries()) {
    const key = deriveAgentKey(t.teamSecret, agentIdForToken(token));
    whole.push([`token #${i}`, token], [`agent key of token #${i}`, key.toString('base64')]);
    whole.push([`agent key (hex) of token #${i}`, key.toString('hex')]);
  }
  const secKey = fixtures.secKey;
  // Past the first 64 characters: SEAL's serialization header and the zstd frame header are
  // the same in every key file (EncKey.json too), so they are framing, not key material.
  for (const at of [64, ...[0.25, 0.5, 0.75].map((f) => Math.floor(secKey.length * f))]) {
    whole.push([`SecKey at ${at}`, secKey.slice(at, at + 48)]);
  }
  return whole
    .filter(([, secret]) => !allowed.has(secret))
    .flatMap(([name, secret]) => {
      const pieces: [string, string][] = [];
      // Tokens share their "evt_" prefix: windows start past it.
      for (let at = secret.startsWith('evt_') ? 4 : 0; at + 12 <= secret.length; at += 6) {
        pieces.push([`${name} [${at}..${at + 12})`, secret.slice(at, at + 12)]);
      }
      return pieces;
    });
}

async function checkOne(req: Rpc): Promise<void> {
  const token = 'token' in req ? tokenOf(req.token) : '';
  const logsBefore = t.logs.length;
  const auditBefore = t.auditLines.length;
  const answer = await send(req, token);
  if (answer.code !== status.OK) {
    expect(KNOWN_REFUSALS.has(answer.code), `status ${answer.code}: ${answer.text}`).toBe(true);
  }
  const allowed = new Set<string>();
  if (answer.code === status.OK && req.rpc === 'GetPublicKey') {
    // The bundle's documented fields: the caller's own agent key and the enVector API key.
    allowed.add(deriveAgentKey(t.teamSecret, agentIdForToken(token)).toString('base64'));
    allowed.add(API_KEY);
  }
  if (answer.code === status.OK && req.rpc === 'ExchangeToken') {
    const issued = answer.response?.token as string;
    allowed.add(issued);
    realTokens.push(issued);
  }
  const written = [...t.logs.slice(logsBefore), ...t.auditLines.slice(auditBefore)].join('\n');
  const leaks = secretPieces(allowed).flatMap(([name, secret]) => [
    ...(answer.text.includes(secret) ? [`${name} in the answer`] : []),
    ...(written.includes(secret) ? [`${name} in a log or audit line`] : []),
  ]);
  expect(leaks, answer.text.slice(0, 300)).toEqual([]);
}

describe('no secret in any answer (fuzz)', () => {
  it(
    'every RPC answers OK or a known refusal, and never shows the team secret, SecKey or a token',
    async () => {
      // fast-check's time limit stops waiting for a run, not the run: let it end before the
      // vault stops.
      let inFlight: Promise<void> | undefined;
      try {
        await fc.assert(
          fc.asyncProperty(rpc, (req) => {
            inFlight = checkOne(req);
            return inFlight;
          }),
          fuzzBudget(200, 8_000),
        );
      } finally {
        await inFlight?.catch(() => undefined);
      }
    },
    fuzzTestTimeout(8_000),
  );
});
