import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encryptScores } from '../../../src/client/encrypt-scores.js';
import { ConfigError, VaultError } from '../../../src/errors.js';
import {
  decodeCiphertextScore,
  encodeCiphertextScore,
  type ScoreBlock,
} from '../../../src/fhe/ciphertext-score.js';
import { createScoreDecryptCore, type ScoreDecryptCore, selectTopK } from '../../../src/fhe/decrypt-core.js';
import { generateKeys, readPublicKeyFiles } from '../../../src/fhe/key-files.js';

// Small valid parameters (2048 slots) keep keygen cheap; the integration suite uses the defaults.
const TINY = { polyModulusDegree: 4096, coeffModulusBits: [40, 25, 40], scaleBits: 25 };
const OTHER = { polyModulusDegree: 2048, coeffModulusBits: [27, 27], scaleBits: 20 };

describe('selectTopK', () => {
  const block = (shardIdx: number, scores: number[]) => ({ shardIdx, count: scores.length, scores });

  it('orders by score descending, ties by shard then row ascending', () => {
    const result = selectTopK([block(2, [0.5, 0.9, 0.5]), block(1, [0.5, 0.1, 0.9])], 5);
    expect(result).toEqual([
      { shardIdx: 1, rowIdx: 2, score: 0.9 },
      { shardIdx: 2, rowIdx: 1, score: 0.9 },
      { shardIdx: 1, rowIdx: 0, score: 0.5 },
      { shardIdx: 2, rowIdx: 0, score: 0.5 },
      { shardIdx: 2, rowIdx: 2, score: 0.5 },
    ]);
  });

  it('only reads the first `count` slots of each block', () => {
    const result = selectTopK([{ shardIdx: 0, count: 2, scores: [0.1, 0.2, 99, 99] }], 10);
    expect(result).toEqual([
      { shardIdx: 0, rowIdx: 1, score: 0.2 },
      { shardIdx: 0, rowIdx: 0, score: 0.1 },
    ]);
  });

  it('matches a full sort on random data with many ties', () => {
    const blocks = [3, 0, 7].map((shardIdx) =>
      block(
        shardIdx,
        Array.from({ length: 500 }, () => Math.round(Math.random() * 20) / 20),
      ),
    );
    const all = blocks.flatMap((b) =>
      b.scores.map((score, rowIdx) => ({ shardIdx: b.shardIdx, rowIdx, score })),
    );
    all.sort((a, b) => b.score - a.score || a.shardIdx - b.shardIdx || a.rowIdx - b.rowIdx);
    for (const k of [1, 10, 300, 2000]) expect(selectTopK(blocks, k)).toEqual(all.slice(0, k));
  });
});

describe('createScoreDecryptCore', () => {
  let root: string;
  let secKeyJson: string;
  let encKeyJson: string;
  let foreignEncKeyJson: string;
  let core: ScoreDecryptCore;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'vault-decrypt-core-'));
    await generateKeys(join(root, 'k'), { params: TINY });
    await generateKeys(join(root, 'other'), { params: OTHER });
    secKeyJson = readFileSync(join(root, 'k', 'SecKey.json'), 'utf8');
    encKeyJson = readPublicKeyFiles(join(root, 'k')).encKeyJson;
    foreignEncKeyJson = readPublicKeyFiles(join(root, 'other')).encKeyJson;
    core = await createScoreDecryptCore(secKeyJson);
  });

  afterAll(() => {
    core?.dispose();
    rmSync(root, { recursive: true, force: true });
  });

  async function validBlocks(): Promise<ScoreBlock[]> {
    return decodeCiphertextScore(
      await encryptScores(encKeyJson, [
        { shardIdx: 4, scores: [0.25, -0.5, 0.75] },
        { shardIdx: 1, scores: [0.875, 0.1] },
      ]),
    ).blocks;
  }

  function rejection(blob: Uint8Array, topK = 5): VaultError {
    try {
      core.decryptTopK(blob, topK);
    } catch (error) {
      if (error instanceof VaultError) return error;
      throw error;
    }
    throw new Error('expected decryptTopK to throw');
  }

  it('decrypts a round trip and ranks across blocks', async () => {
    expect(core.slotCount).toBe(2048);
    const result = core.decryptTopK(encodeCiphertextScore({ blocks: await validBlocks() }), 3);
    expect(result.map(({ shardIdx, rowIdx }) => [shardIdx, rowIdx])).toEqual([
      [1, 0],
      [4, 2],
      [4, 0],
    ]);
    // CKKS is approximate, so near-equal scores could swap: ties are covered by selectTopK above.
    expect(result.map((e) => e.score)).toEqual([
      expect.closeTo(0.875, 2),
      expect.closeTo(0.75, 2),
      expect.closeTo(0.25, 2),
    ]);
  });

  it.each([
    ['count 0', (b: ScoreBlock) => ({ ...b, count: 0 }), 'block 1: count 0 is out of range 1..2048'],
    [
      'count over slotCount',
      (b: ScoreBlock) => ({ ...b, count: 2049 }),
      'block 1: count 2049 is out of range 1..2048',
    ],
    ['a repeated shard', (b: ScoreBlock) => ({ ...b, shardIdx: 4 }), 'block 1: shard_idx 4 is repeated'],
    [
      'garbage ciphertext',
      (b: ScoreBlock) => ({ ...b, ciphertext: b.ciphertext.map((_, i) => (i * 7919) & 0xff) }),
      "block 1: ciphertext is not valid for this vault's key parameters",
    ],
    [
      'a truncated ciphertext',
      (b: ScoreBlock) => ({ ...b, ciphertext: b.ciphertext.slice(0, b.ciphertext.length >> 1) }),
      "block 1: ciphertext is not valid for this vault's key parameters",
    ],
    [
      // Byte 16 starts the compressed stream; a flip deeper inside may decompress to garbage
      // values instead, which no unauthenticated ciphertext format can detect.
      'a corrupted compressed stream',
      (b: ScoreBlock) => {
        const ciphertext = b.ciphertext.slice();
        ciphertext[16] = (ciphertext[16] ?? 0) ^ 0xff;
        return { ...b, ciphertext };
      },
      "block 1: ciphertext is not valid for this vault's key parameters",
    ],
    [
      'an empty ciphertext',
      (b: ScoreBlock) => ({ ...b, ciphertext: new Uint8Array(0) }),
      /block 1: ciphertext is not valid/,
    ],
  ])('rejects %s as invalid_argument with a generic message', async (_label, mutate, message) => {
    const [first, second] = (await validBlocks()) as [ScoreBlock, ScoreBlock];
    const error = rejection(encodeCiphertextScore({ blocks: [first, mutate(second)] }));
    expect(error.kind).toBe('invalid_argument');
    expect(error.message).toMatch(message);
    expect(error.message).not.toMatch(/[A-Za-z0-9+/]{32,}/);
    expect(core.poisoned).toBe(false);
  });

  it('rejects a ciphertext made under different CKKS parameters', async () => {
    const foreign = await encryptScores(foreignEncKeyJson, [{ shardIdx: 0, scores: [0.5] }]);
    const error = rejection(foreign);
    expect(error).toMatchObject({
      kind: 'invalid_argument',
      message: "block 0: ciphertext is not valid for this vault's key parameters",
    });
  });

  it('rejects an empty block list, an undecodable blob and a bad top_k', async () => {
    expect(rejection(encodeCiphertextScore({ blocks: [] })).message).toBe('CiphertextScore has no blocks');
    expect(rejection(Uint8Array.from([0x0a, 0x7f])).message).toBe(
      'encrypted_blob_b64 is not a valid CiphertextScore',
    );
    const blob = encodeCiphertextScore({ blocks: await validBlocks() });
    expect(rejection(blob, 0)).toMatchObject({
      kind: 'invalid_argument',
      message: /top_k must be a positive integer/,
    });
  });

  it('keeps working after rejected input', async () => {
    rejection(Uint8Array.from([1, 2, 3]));
    const result = core.decryptTopK(await encryptScores(encKeyJson, [{ shardIdx: 9, scores: [0.3] }]), 1);
    expect(result).toEqual([{ shardIdx: 9, rowIdx: 0, score: expect.closeTo(0.3, 2) }]);
  });

  it('fails to load a SecKey whose data is not a SEAL secret key, without echoing it', async () => {
    const file = JSON.parse(secKeyJson);
    const forged = JSON.stringify({ ...file, data: Buffer.from('x'.repeat(300)).toString('base64') });
    const error = await createScoreDecryptCore(forged, '/keys/SecKey.json').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(
      /^\/keys\/SecKey\.json \(data\): is not a valid SEAL secret key/,
    );
    expect((error as Error).message).not.toMatch(/[A-Za-z0-9+/]{32,}/);
  });

  it('refuses a public key file in place of the SecKey', async () => {
    await expect(createScoreDecryptCore(encKeyJson)).rejects.toThrow(/expected "SecKey", found "EncKey"/);
  });
});
