import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encryptScores, encryptScoresBase64 } from '../../../src/client/encrypt-scores.js';
import { decodeCiphertextScore } from '../../../src/fhe/ciphertext-score.js';
import { hasValidSealHeader } from '../../../src/fhe/ckks-params.js';
import { generateKeys, readPublicKeyFiles } from '../../../src/fhe/key-files.js';

const TINY = { polyModulusDegree: 4096, coeffModulusBits: [40, 25, 40], scaleBits: 25 };

describe('encryptScores', () => {
  let root: string;
  let encKeyJson: string;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'vault-encrypt-scores-'));
    await generateKeys(root, { params: TINY });
    encKeyJson = readPublicKeyFiles(root).encKeyJson;
  });

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('writes one SEAL ciphertext block per shard', async () => {
    const message = decodeCiphertextScore(
      await encryptScores(encKeyJson, [
        { shardIdx: 5, scores: [0.1, 0.2] },
        { shardIdx: 0, scores: Array(2048).fill(0.5) },
      ]),
    );
    expect(message.blocks.map((b) => [b.shardIdx, b.count])).toEqual([
      [5, 2],
      [0, 2048],
    ]);
    for (const block of message.blocks) expect(hasValidSealHeader(block.ciphertext)).toBe(true);
  });

  it('base64 output decodes to the same message shape', async () => {
    const b64 = await encryptScoresBase64(encKeyJson, [{ shardIdx: 1, scores: [0.9] }]);
    expect(decodeCiphertextScore(Buffer.from(b64, 'base64')).blocks[0]).toMatchObject({
      shardIdx: 1,
      count: 1,
    });
  });

  it.each([
    ['no shards', [], /at least one shard/],
    ['an empty shard', [{ shardIdx: 0, scores: [] }], /shard 0: 0 scores; a block holds 1\.\.2048/],
    [
      'too many scores',
      [{ shardIdx: 2, scores: Array(2049).fill(0) }],
      /shard 2: 2049 scores; a block holds 1\.\.2048/,
    ],
    ['a non-finite score', [{ shardIdx: 0, scores: [0.1, Number.NaN] }], /scores must be finite/],
    ['a fractional shard index', [{ shardIdx: 1.5, scores: [0.1] }], /not a 32-bit integer/],
    [
      'a repeated shard',
      [
        { shardIdx: 3, scores: [0.1] },
        { shardIdx: 3, scores: [0.2] },
      ],
      /shardIdx 3 appears more than once/,
    ],
  ])('rejects %s', async (_label, shards, message) => {
    await expect(encryptScores(encKeyJson, shards)).rejects.toThrow(message);
  });

  it('rejects a key file that is not an EncKey', async () => {
    const evalKeyJson = readPublicKeyFiles(root).evalKeyJson;
    await expect(encryptScores(evalKeyJson, [{ shardIdx: 0, scores: [1] }])).rejects.toThrow(
      /EncKey\.json \(kind\): expected "EncKey", found "EvalKey"/,
    );
  });
});
