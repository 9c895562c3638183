import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ServiceError, status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encryptScores } from '../../src/client/encrypt-scores.js';
import { decodeCiphertextScore, encodeCiphertextScore } from '../../src/fhe/ciphertext-score.js';
import { generateKeys } from '../../src/fhe/key-files.js';
import { rejection } from '../support/expect-errors.js';
import { startTestVault, type TestVault } from '../support/test-vault.js';

// Hostile or broken ciphertexts must come back as INVALID_ARGUMENT (or RESOURCE_EXHAUSTED
// for oversize messages) with a generic text, and the vault must keep serving.

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

let t: TestVault;
let validBlob: Uint8Array;
beforeAll(async () => {
  t = await startTestVault();
  const bundle = await t.client.getPublicKeyBundle(t.memberToken);
  validBlob = await encryptScores(bundle['EncKey.json'], [{ shardIdx: 1, scores: [0.3, 0.7, 0.1] }]);
});
afterAll(async () => {
  await t?.stop();
});

describe('corrupt DecryptScores input', () => {
  const cases: [string, () => Promise<Uint8Array>][] = [
    ['random bytes', async () => randomBytes(4096)],
    [
      'a block of random bytes',
      async () =>
        encodeCiphertextScore({ blocks: [{ shardIdx: 0, count: 3, ciphertext: randomBytes(5000) }] }),
    ],
    [
      'a truncated ciphertext',
      async () => {
        const block = decodeCiphertextScore(validBlob).blocks[0];
        if (!block) throw new Error('fixture has no block');
        return encodeCiphertextScore({
          blocks: [{ ...block, ciphertext: block.ciphertext.slice(0, block.ciphertext.length / 2) }],
        });
      },
    ],
    [
      'a count of zero',
      async () =>
        encodeCiphertextScore({
          blocks: decodeCiphertextScore(validBlob).blocks.map((b) => ({ ...b, count: 0 })),
        }),
    ],
    [
      'a count above the slot count',
      async () =>
        encodeCiphertextScore({
          blocks: decodeCiphertextScore(validBlob).blocks.map((b) => ({ ...b, count: 5000 })),
        }),
    ],
    ['no blocks at all', async () => encodeCiphertextScore({ blocks: [] })],
    [
      'a ciphertext from a foreign key with other parameters',
      async () => {
        const dir = mkdtempSync(join(tmpdir(), 'runevault-foreign-'));
        try {
          await generateKeys(dir, {
            params: { polyModulusDegree: 4096, coeffModulusBits: [40, 20, 40], scaleBits: 20 },
          });
          return await encryptScores(readFileSync(join(dir, 'EncKey.json'), 'utf8'), [
            { shardIdx: 0, scores: [0.5] },
          ]);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      },
    ],
  ];

  it.each(cases)('%s → INVALID_ARGUMENT with a generic message', async (_name, makeBlob) => {
    const blob = await makeBlob();
    const err = await rejection(t.client.decryptScores(t.memberToken, b64(blob), 3));
    expect(err.code).toBe(status.INVALID_ARGUMENT);
    expect(err.details.length).toBeLessThan(200);
    if (blob.length > 0) expect(err.details).not.toContain(b64(blob).slice(0, 24));
  });

  it('still serves correct answers afterwards', async () => {
    const { results } = await t.client.decryptScores(t.memberToken, b64(validBlob), 3);
    expect(results.map((r) => r.row_idx)).toEqual([1, 0, 2]);
    expect((await fetch(`${t.httpUrl}/health`)).status).toBe(200);
  });
});

describe('oversize messages', () => {
  it('a request above server.grpc.max_message_mb → RESOURCE_EXHAUSTED, and the vault keeps serving', async () => {
    const small = await startTestVault({ config: { server: { grpc: { max_message_mb: 1 } } } });
    try {
      const err = await rejection(
        small.client.decryptScores(small.memberToken, b64(randomBytes(1_600_000)), 3),
      );
      expect(err.code).toBe(status.RESOURCE_EXHAUSTED);
      const ok = await small.client
        .decryptScores(small.memberToken, b64(validBlob.slice(0, 10)), 3)
        .catch((e) => e);
      expect((ok as ServiceError).code).toBe(status.INVALID_ARGUMENT);
    } finally {
      await small.stop();
    }
  });
});
