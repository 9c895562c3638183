import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejection } from '../support/expect-errors.js';
import { startTestVault, type TestVault } from '../support/test-vault.js';

// Every row of VAULT.md's error table, over a real gRPC connection.

const EXPIRED_TOKEN = `evt_${'e'.repeat(32)}`;
const UNKNOWN_TOKEN = `evt_${'0'.repeat(32)}`;

let t: TestVault;
let tinyToken: string;
beforeAll(async () => {
  const home = mkdtempSync(join(tmpdir(), 'runevault-errors-'));
  mkdirSync(join(home, 'configs'), { recursive: true });
  writeFileSync(
    join(home, 'configs', 'tokens.yml'),
    `tokens:\n  - { user: bob, token: ${EXPIRED_TOKEN}, role: member, issued_at: "2020-01-01", expires: "2020-02-01" }\n`,
    { mode: 0o600 },
  );
  t = await startTestVault({ home });
  t.vault.tokens.createRole({ name: 'tiny', scope: ['get_public_key'], top_k: 2, rate_limit: '3/60s' });
  tinyToken = t.vault.tokens.issue('tina', 'tiny', 30).token;
});
afterAll(async () => {
  await t?.stop();
});

describe('error mapping', () => {
  it('unknown token → UNAUTHENTICATED "Invalid authentication token"', async () => {
    const err = await rejection(t.client.getPublicKey(UNKNOWN_TOKEN));
    expect(err.code).toBe(status.UNAUTHENTICATED);
    expect(err.details).toBe('Invalid authentication token');
  });

  it('expired token → UNAUTHENTICATED "Token expired for user \'bob\'"', async () => {
    const err = await rejection(t.client.getPublicKey(EXPIRED_TOKEN));
    expect(err.code).toBe(status.UNAUTHENTICATED);
    expect(err.details).toBe("Token expired for user 'bob'");
  });

  it("method not in scope → PERMISSION_DENIED \"Method 'decrypt_metadata' not permitted for role 'tiny'\"", async () => {
    const err = await rejection(t.client.decryptMetadata(tinyToken, ['x']));
    expect(err.code).toBe(status.PERMISSION_DENIED);
    expect(err.details).toBe("Method 'decrypt_metadata' not permitted for role 'tiny'");
  });

  it('top_k over the role limit → INVALID_ARGUMENT "top_k 11 exceeds limit 10 for role \'member\'"', async () => {
    const err = await rejection(t.client.decryptScores(t.memberToken, 'AAAA', 11));
    expect(err.code).toBe(status.INVALID_ARGUMENT);
    expect(err.details).toBe("top_k 11 exceeds limit 10 for role 'member'");
  });

  it('validation failure → INVALID_ARGUMENT naming the field and rule', async () => {
    const err = await rejection(t.client.decryptScores(t.memberToken, 'AAAA', 0));
    expect(err.code).toBe(status.INVALID_ARGUMENT);
    expect(err.details).toBe('top_k: must be between 1 and 300 (got 0)');
    const short = await rejection(t.client.getPublicKey('evt_123'));
    expect(short.code).toBe(status.INVALID_ARGUMENT);
    expect(short.details).toBe('token: must be exactly 36 characters (got 7)');
  });

  it('undecodable blob → INVALID_ARGUMENT with a generic text', async () => {
    const err = await rejection(
      t.client.decryptScores(t.memberToken, Buffer.from('definitely not protobuf').toString('base64'), 5),
    );
    expect(err.code).toBe(status.INVALID_ARGUMENT);
    expect(err.details).toMatch(/CiphertextScore|ciphertext/i);
  });

  it('rate limited → RESOURCE_EXHAUSTED "Rate limit exceeded. Retry after Ns" (runs last: spends the budget)', async () => {
    for (let i = 0; i < 3; i++) await t.client.getPublicKey(tinyToken);
    const err = await rejection(t.client.getPublicKey(tinyToken));
    expect(err.code).toBe(status.RESOURCE_EXHAUSTED);
    expect(err.details).toMatch(/^Rate limit exceeded\. Retry after ([1-9]|[1-5][0-9]|60)s$/);
    // Another user is not affected by tina's budget.
    await expect(t.client.getPublicKey(t.memberToken)).resolves.toBeDefined();
  });
});
