import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encryptScores } from '../../../src/client/encrypt-scores.js';
import { decodeCiphertextScore } from '../../../src/fhe/ciphertext-score.js';
import { generateKeys } from '../../../src/fhe/key-files.js';
import { ScoreDecryptorPool } from '../../../src/fhe/score-decryptor-pool.js';
import { hostileBlobs } from '../../support/hostile-ciphertexts.js';

// The per-worker memory bound (decrypt.worker_memory_limit_mb): checked at start against what a
// fresh worker holds, and after every call; a worker over it is replaced and the reason told.

let root: string;
let secKeyFile: string;
let encKeyJson: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'vault-worker-memory-'));
  await generateKeys(root);
  secKeyFile = join(root, 'SecKey.json');
  encKeyJson = readFileSync(join(root, 'EncKey.json'), 'utf8');
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('decrypt worker memory bound', () => {
  it('refuses to start when a fresh worker already holds more than the bound, naming the setting', async () => {
    await expect(
      ScoreDecryptorPool.start({ secKeyFile, workers: 1, workerMemoryLimitMb: 1 }),
    ).rejects.toThrow(
      /^decrypt\.worker_memory_limit_mb 1 is below the \d+ MiB a decrypt worker holds once the key is loaded; raise it$/,
    );
  });

  it('keeps its workers through every hostile blob: none reaches SEAL far enough to grow it', async () => {
    const reasons: string[] = [];
    const pool = await ScoreDecryptorPool.start({
      secKeyFile,
      workers: 1,
      onWorkerRetired: (reason) => reasons.push(reason),
    });
    try {
      const blob = await encryptScores(encKeyJson, [{ shardIdx: 2, scores: [0.5, 0.9] }]);
      const valid = decodeCiphertextScore(blob).blocks[0]?.ciphertext as Uint8Array;
      for (const [name, hostile] of await hostileBlobs(encKeyJson, valid)) {
        await expect(pool.decryptTopK(hostile, 5), name).rejects.toMatchObject({ kind: 'invalid_argument' });
      }
      expect(reasons).toEqual([]);
      expect(pool.retiredWorkers).toBe(0);
      expect((await pool.decryptTopK(blob, 1))[0]).toMatchObject({ shardIdx: 2, rowIdx: 1 });
    } finally {
      await pool.close();
    }
  });

  it('replaces a worker that reports a reason to retire, and tells the operator why', async () => {
    // A stand-in worker speaking the pool's protocol: SEAL memory cannot be grown on purpose
    // once compressed input is refused, so the over-the-bound answer is played by this worker.
    const workerFile = join(root, 'retiring-worker.mjs');
    writeFileSync(
      workerFile,
      `import { parentPort, threadId } from 'node:worker_threads';
parentPort.postMessage({ type: 'ready', slotCount: 4096, memoryBytes: 1 });
parentPort.on('message', (request) => {
  const retire = request.topK === 7 ? 'SEAL memory 300 MiB is above the limit of 128 MiB' : undefined;
  parentPort.postMessage({ type: 'result', id: request.id, entries: [{ shardIdx: threadId, rowIdx: 0, score: 1 }], retire });
});`,
    );
    const reasons: string[] = [];
    const pool = await ScoreDecryptorPool.start({
      secKeyFile,
      workers: 1,
      workerUrl: pathToFileURL(workerFile),
      onWorkerRetired: (reason) => reasons.push(reason),
      screenBlob: () => {}, // the stand-in worker does not read the blob
    });
    try {
      const [first] = await pool.decryptTopK(new Uint8Array(1), 1);
      const [retiring] = await pool.decryptTopK(new Uint8Array(1), 7);
      const [next] = await pool.decryptTopK(new Uint8Array(1), 1);
      expect(retiring?.shardIdx).toBe(first?.shardIdx);
      expect(next?.shardIdx).not.toBe(retiring?.shardIdx);
      expect(reasons).toEqual(['SEAL memory 300 MiB is above the limit of 128 MiB']);
      expect(pool.retiredWorkers).toBe(1);
      expect(pool.size).toBe(1);
    } finally {
      await pool.close();
    }
  });
});
