import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejection } from '../support/expect-errors.js';
import { startTestVault, type TestVault } from '../support/test-vault.js';
import { lengthField, varint, varintField } from '../support/wire-bytes.js';

// Hostile bytes on the wire (issue #12 items 2 and 6), sent with a raw grpc-js client whose
// serializers are the identity, against a real vault with a 1 MiB receive limit.

const MAX_REQUEST_BYTES = 1024 * 1024;
const SCORES = '/rune.vault.v1.VaultService/DecryptScores';
const PUBLIC_KEY = '/rune.vault.v1.VaultService/GetPublicKey';
const EXCHANGE = '/rune.vault.v1.TokenExchangeService/ExchangeToken';
const UNKNOWN_TOKEN = `evt_${'0'.repeat(32)}`;

let t: TestVault;
let raw: grpc.Client;

beforeAll(async () => {
  t = await startTestVault({ config: { server: { grpc: { max_request_bytes: MAX_REQUEST_BYTES } } } });
  raw = new grpc.Client(`127.0.0.1:${t.vault.grpcPort}`, grpc.credentials.createInsecure());
});
afterAll(async () => {
  raw?.close();
  await t?.stop();
});

function send(path: string, bytes: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    raw.makeUnaryRequest(
      path,
      (b: Buffer) => b,
      (b: Buffer) => b,
      bytes,
      { deadline: Date.now() + 20_000 },
      (err, res) => (err ? reject(err) : resolve(res as Buffer)),
    ),
  );
}

const field = lengthField;
const topK = (k: number) => varintField(3, k);

async function countOf(method: string, status: string): Promise<number> {
  const text = await (await fetch(`${t.httpUrl}/metrics`)).text();
  const match = new RegExp(
    `^vault_requests_total\\{method="${method}",status="${status}"\\} (\\d+)$`,
    'm',
  ).exec(text);
  return Number(match?.[1] ?? 0);
}

/** Runs `call`, returns its error and the audit lines (JSON) it added. */
async function refusedWithAudit(call: () => Promise<unknown>) {
  const before = t.auditLines.length;
  const err = await rejection(call());
  const lines = t.auditLines
    .slice(before)
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { err, lines };
}

describe('malformed protobuf', () => {
  it('wire type 7 → INVALID_ARGUMENT naming the problem, one audit line, counted in /metrics', async () => {
    const counted = await countOf('DecryptScores', 'error');
    const { err, lines } = await refusedWithAudit(() =>
      send(SCORES, Buffer.concat([field(1, t.memberToken), Buffer.from([(2 << 3) | 7, 0x00])])),
    );
    expect(err.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(err.details).toBe(
      'request is not a valid DecryptScoresRequest: field 2 (encrypted_blob_b64) uses reserved wire type 7',
    );
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ method: 'DecryptScores', source_ip: '127.0.0.1', status: 'error' });
    expect(JSON.stringify(lines)).not.toContain(t.memberToken);
    expect(await countOf('DecryptScores', 'error')).toBe(counted + 1);
  });

  it('a field whose length runs past the end → INVALID_ARGUMENT, not a value cut short', async () => {
    const truncated = Buffer.concat([
      field(1, t.memberToken),
      varint((2 << 3) | 2),
      varint(64),
      Buffer.from('AAEC'),
    ]);
    const { err, lines } = await refusedWithAudit(() => send(SCORES, truncated));
    expect(err.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(err.details).toBe(
      'request is not a valid DecryptScoresRequest: field 2 (encrypted_blob_b64) runs past the end of the message',
    );
    expect(lines).toHaveLength(1);
  });

  it('ExchangeToken with a bad varint → INVALID_ARGUMENT before the exchange is consulted', async () => {
    const err = await rejection(send(EXCHANGE, Buffer.from([0x08, 0xff, 0xff])));
    expect(err.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(err.details).toMatch(/^request is not a valid ExchangeTokenRequest: field 1 \(subject_token\)/);
  });
});

describe('cheap before expensive', () => {
  // 900 KB of text that is not base64: decoding it would refuse it as base64, so an answer
  // about the token proves the blob was never decoded.
  const notBase64 = Buffer.alloc(900_000, '!');

  it('an unknown token with a large undecodable blob → UNAUTHENTICATED, not a base64 error', async () => {
    const { err, lines } = await refusedWithAudit(() =>
      send(SCORES, Buffer.concat([field(1, UNKNOWN_TOKEN), field(2, notBase64), topK(3)])),
    );
    expect(err.code).toBe(grpc.status.UNAUTHENTICATED);
    expect(err.details).toBe('Invalid authentication token');
    expect(lines).toHaveLength(1);
  });

  it('the same blob with a valid token is decoded, and refused as base64', async () => {
    const err = await rejection(
      send(SCORES, Buffer.concat([field(1, t.memberToken), field(2, notBase64), topK(3)])),
    );
    expect(err.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(err.details).toBe('encrypted_blob_b64: must be valid base64');
  });

  it('top_k over the role limit is refused before the blob is decoded', async () => {
    const err = await rejection(
      send(SCORES, Buffer.concat([field(1, t.memberToken), field(2, notBase64), topK(11)])),
    );
    expect(err.details).toBe("top_k 11 exceeds limit 10 for role 'member'");
  });
});

describe('receive limits', () => {
  it('a request over server.grpc.max_request_bytes → RESOURCE_EXHAUSTED by the transport, audited and counted', async () => {
    const counted = await countOf('DecryptScores', 'error');
    const blob = Buffer.alloc(MAX_REQUEST_BYTES, 'A');
    const { err, lines } = await refusedWithAudit(() =>
      send(SCORES, Buffer.concat([field(1, t.memberToken), field(2, blob), topK(3)])),
    );
    expect(err.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
    expect(err.details).toMatch(/^Received message larger than max \(\d+ vs 1048576\)$/);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      method: 'DecryptScores',
      source_ip: '127.0.0.1',
      status: 'error',
      user_id: '',
    });
    expect(lines[0]?.error).toMatch(/^refused by the gRPC transport \(RESOURCE_EXHAUSTED\)/);
    expect(await countOf('DecryptScores', 'error')).toBe(counted + 1);
    // …and the vault keeps serving.
    await expect(t.client.getPublicKey(t.memberToken)).resolves.toBeDefined();
  });

  it('GetPublicKey with a 1 MB message → refused by its own bound, before decoding', async () => {
    const big = Buffer.concat([field(1, t.memberToken), field(9, Buffer.alloc(1_000_000))]);
    const { err, lines } = await refusedWithAudit(() => send(PUBLIC_KEY, big));
    expect(err.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
    expect(err.details).toMatch(
      /^GetPublicKey request is 10000\d\d bytes, above this method's limit of 1024 bytes$/,
    );
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ method: 'GetPublicKey', user_id: '' });
  });
});
