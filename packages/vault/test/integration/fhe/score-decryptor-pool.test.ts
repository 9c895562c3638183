import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { encryptScores } from '../../../src/client/encrypt-scores.js';
import { ConfigError, VaultError } from '../../../src/errors.js';
import { encodeCiphertextScore } from '../../../src/fhe/ciphertext-score.js';
import type { ScoreEntry } from '../../../src/fhe/decrypt-core.js';
import { generateKeys, readPublicKeyFiles } from '../../../src/fhe/key-files.js';
import { ScoreDecryptorPool } from '../../../src/fhe/score-decryptor-pool.js';

let root: string;
let secKeyFile: string;
let encKeyJson: string;
let pool: ScoreDecryptorPool;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'vault-pool-'));
  const keyDir = join(root, 'vault-keys', 'vault-key');
  await expect(generateKeys(keyDir)).resolves.toEqual({ dir: keyDir, generated: true });
  secKeyFile = join(keyDir, 'SecKey.json');
  encKeyJson = readPublicKeyFiles(keyDir).encKeyJson;
  pool = await ScoreDecryptorPool.start({ secKeyFile, workers: 2 });
});

afterAll(async () => {
  await pool?.close();
  rmSync(root, { recursive: true, force: true });
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** Deterministic pseudo-random scores in [-1, 1) so expectations can be computed in plaintext. */
function scoresFor(seed: number, length: number): number[] {
  let state = seed * 2654435761;
  return Array.from({ length }, () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 30 - 1;
  });
}

function plaintextTopK(shards: Array<{ shardIdx: number; scores: number[] }>, k: number): ScoreEntry[] {
  const all = shards.flatMap((s) =>
    s.scores.map((score, rowIdx) => ({ shardIdx: s.shardIdx, rowIdx, score })),
  );
  all.sort((a, b) => b.score - a.score || a.shardIdx - b.shardIdx || a.rowIdx - b.rowIdx);
  return all.slice(0, k);
}

function expectMatches(actual: ScoreEntry[], expected: ScoreEntry[]): void {
  expect(actual.map((e) => [e.shardIdx, e.rowIdx])).toEqual(expected.map((e) => [e.shardIdx, e.rowIdx]));
  for (const [i, entry] of actual.entries()) {
    expect(Math.abs(entry.score - (expected[i] as ScoreEntry).score)).toBeLessThan(1e-3);
  }
}

describe('ScoreDecryptorPool', () => {
  it('starts the requested number of workers', () => {
    expect(pool.size).toBe(2);
  });

  it('round-trips several shards, full and partial, through a worker', async () => {
    const shards = [
      { shardIdx: 0, scores: scoresFor(1, 4096) },
      { shardIdx: 7, scores: scoresFor(2, 1000) },
      { shardIdx: 3, scores: scoresFor(3, 17) },
    ];
    const blob = await encryptScores(encKeyJson, shards);
    expectMatches(await pool.decryptTopK(blob, 50), plaintextTopK(shards, 50));
    // The caller's buffer is copied, never transferred away.
    expect(blob.byteLength).toBeGreaterThan(0);
  });

  it('does not block the event loop while decrypting', async () => {
    // Enough blocks (~0.6 ms each) that the work outlasts many event-loop turns.
    const blob = await encryptScores(
      encKeyJson,
      Array.from({ length: 64 }, (_, shardIdx) => ({ shardIdx, scores: scoresFor(shardIdx + 10, 4096) })),
    );
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 1);
    const decryption = pool.decryptTopK(blob, 5).then(() => 'decrypted');
    const tick = new Promise((resolve) => setImmediate(() => resolve('event loop ran')));
    expect(await Promise.race([decryption, tick])).toBe('event loop ran');
    await decryption;
    clearInterval(ticker);
    expect(ticks).toBeGreaterThan(3);
  });

  it('serves 20 concurrent requests, each with its own correct answer', async () => {
    const requests = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const shards = [
          { shardIdx: i, scores: scoresFor(100 + i, 512) },
          { shardIdx: 100 + i, scores: scoresFor(200 + i, 64) },
        ];
        return { shards, blob: await encryptScores(encKeyJson, shards) };
      }),
    );
    const results = await Promise.all(requests.map((r) => pool.decryptTopK(r.blob, 10)));
    for (const [i, result] of results.entries()) {
      expectMatches(result, plaintextTopK((requests[i] as (typeof requests)[0]).shards, 10));
    }
  });

  it('moves blobs in its transfer buffers: 40 different blocks at once, each answer its own', async () => {
    // More requests than workers, so most wait in the queue holding a transfer buffer: a
    // buffer handed out again before its worker sent it back would carry another request's
    // bytes (a wrong answer) or be detached (a failed call).
    const requests = await Promise.all(
      Array.from({ length: 40 }, async (_, i) => {
        const shards = [{ shardIdx: i, scores: scoresFor(300 + i, 4096) }];
        return { shards, blob: await encryptScores(encKeyJson, shards) };
      }),
    );
    for (let round = 0; round < 2; round++) {
      const results = await Promise.all(
        requests.map((r) => {
          const owned = pool.blobBuffer(r.blob.byteLength);
          owned.set(r.blob);
          return pool.decryptTopK(owned, 5).then((entries) => ({ entries, owned }));
        }),
      );
      for (const [i, { entries, owned }] of results.entries()) {
        expectMatches(entries, plaintextTopK((requests[i] as (typeof requests)[0]).shards, 5));
        // Moved, not copied: the caller's view was detached when its buffer went to a worker.
        expect(owned.byteLength).toBe(0);
      }
      // The buffers came back with the answers, so the second round reuses them.
      expect(pool.freeTransferBuffers).toBeGreaterThan(0);
    }
  });

  it('returns worker-side validation errors as the same VaultError kind and message', async () => {
    const garbage = await pool.decryptTopK(Uint8Array.from([0x0a, 0x7f]), 5).catch((e: unknown) => e);
    expect(garbage).toBeInstanceOf(VaultError);
    expect(garbage).toMatchObject({
      kind: 'invalid_argument',
      message: 'encrypted_blob_b64 is not a valid CiphertextScore',
    });

    const bad = encodeCiphertextScore({
      blocks: [{ shardIdx: 0, count: 4097, ciphertext: new Uint8Array(10) }],
    });
    await expect(pool.decryptTopK(bad, 5)).rejects.toMatchObject({
      kind: 'invalid_argument',
      message: 'block 0: count 4097 is out of range 1..4096',
    });
    const forged = encodeCiphertextScore({
      blocks: [{ shardIdx: 0, count: 3, ciphertext: new Uint8Array(5000).fill(7) }],
    });
    await expect(pool.decryptTopK(forged, 5)).rejects.toMatchObject({
      kind: 'invalid_argument',
      message: "block 0: ciphertext is not valid for this vault's key parameters",
    });
    // The workers survive bad input.
    const ok = await pool.decryptTopK(await encryptScores(encKeyJson, [{ shardIdx: 1, scores: [0.25] }]), 1);
    expect(ok).toEqual([{ shardIdx: 1, rowIdx: 0, score: expect.closeTo(0.25, 3) }]);
    expect(pool.size).toBe(2);
  });

  it('rejects start with a ConfigError when the key cannot be loaded', async () => {
    await expect(
      ScoreDecryptorPool.start({ secKeyFile: join(root, 'missing', 'SecKey.json') }),
    ).rejects.toThrow(/SecKey\.json: cannot read key file \(ENOENT\)/);
    const corrupt = join(root, 'corrupt-SecKey.json');
    const file = JSON.parse(readFileSync(secKeyFile, 'utf8'));
    writeFileSync(corrupt, JSON.stringify({ ...file, data: Buffer.from('not a key').toString('base64') }));
    const error = await ScoreDecryptorPool.start({ secKeyFile: corrupt, workers: 1 }).catch(
      (e: unknown) => e,
    );
    // This failure is only found by SEAL inside the worker, so it proves the error crossed the thread boundary.
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toBe(
      `${corrupt} (data): is not a valid SEAL secret key for the parameters in this file; restore SecKey.json from backup`,
    );
  });

  it('close() terminates every worker and refuses further work', async () => {
    const own = await ScoreDecryptorPool.start({ secKeyFile, workers: 2 });
    const terminate = vi.spyOn(Worker.prototype, 'terminate');
    const blob = await encryptScores(encKeyJson, [{ shardIdx: 0, scores: scoresFor(5, 4096) }]);
    const pending = Array.from({ length: 6 }, () => own.decryptTopK(blob, 3).catch((e: unknown) => e));
    await own.close();
    expect(terminate).toHaveBeenCalledTimes(2);
    const exitCodes = await Promise.all(terminate.mock.results.map((r) => r.value as Promise<number>));
    expect(exitCodes).toHaveLength(2);
    expect(own.size).toBe(0);
    for (const outcome of await Promise.all(pending)) {
      expect(outcome).toMatchObject({ kind: 'unavailable', message: 'score decryptor pool is closed' });
    }
    await expect(own.decryptTopK(blob, 3)).rejects.toMatchObject({ kind: 'unavailable' });
  });
});

// A stand-in worker speaking the pool's protocol, so crash handling is tested without breaking SEAL.
const FAKE_WORKER = `
import { parentPort, threadId } from 'node:worker_threads';
parentPort.postMessage({ type: 'ready', slotCount: 4096 });
parentPort.on('message', (request) => {
  if (request.topK === 13) throw new Error('simulated crash');
  const entries = [{ shardIdx: threadId, rowIdx: request.blob.length, score: 1 }];
  parentPort.postMessage({ type: 'result', id: request.id, entries, retire: request.topK === 7 });
});
`;

/** A SEAL header announcing a zlib-compressed object, and 64 bytes after it. */
function sealCompressedHeader(): Buffer {
  const bytes = Buffer.alloc(80);
  bytes.writeUInt16LE(0xa15e, 0);
  bytes[2] = 16; // header size
  bytes[3] = 4; // SEAL 4.x
  bytes[4] = 1;
  bytes[5] = 1; // compression mode: zlib
  bytes.writeBigUInt64LE(80n, 8);
  return bytes;
}

// The stand-in worker reads only a blob's length, so these tests let any bytes through.
const ANY_BYTES = () => {};

describe('ScoreDecryptorPool worker lifecycle', () => {
  let fake: ScoreDecryptorPool;

  beforeAll(async () => {
    const workerFile = join(root, 'fake-worker.mjs');
    writeFileSync(workerFile, FAKE_WORKER);
    fake = await ScoreDecryptorPool.start({
      secKeyFile,
      workers: 1,
      workerUrl: pathToFileURL(workerFile),
      screenBlob: ANY_BYTES,
    });
  });

  afterAll(async () => {
    await fake?.close();
  });

  it('rejects the in-flight request of a crashed worker as internal and replaces the worker', async () => {
    const [before] = await fake.decryptTopK(new Uint8Array(4), 1);
    const crashed = fake.decryptTopK(new Uint8Array(4), 13);
    const queued = fake.decryptTopK(new Uint8Array(9), 1);
    await expect(crashed).rejects.toMatchObject({
      kind: 'internal',
      message: 'score decryption worker crashed',
    });
    const [after] = await queued;
    expect(after?.rowIdx).toBe(9);
    expect(after?.shardIdx).not.toBe(before?.shardIdx);
    expect(fake.size).toBe(1);
  });

  it('replaces a worker that asks to retire, after answering its request', async () => {
    const [retiring] = await fake.decryptTopK(new Uint8Array(2), 7);
    const [next] = await fake.decryptTopK(new Uint8Array(3), 1);
    expect(retiring?.rowIdx).toBe(2);
    expect(next?.shardIdx).not.toBe(retiring?.shardIdx);
  });

  it('refuses work beyond maxQueue with resource_exhausted', async () => {
    const workerUrl = pathToFileURL(join(root, 'fake-worker.mjs'));
    const small = await ScoreDecryptorPool.start({
      secKeyFile,
      workers: 1,
      maxQueue: 1,
      workerUrl,
      screenBlob: ANY_BYTES,
    });
    try {
      const inFlight = small.decryptTopK(new Uint8Array(1), 1);
      const queued = small.decryptTopK(new Uint8Array(2), 1);
      await expect(small.decryptTopK(new Uint8Array(3), 1)).rejects.toMatchObject({
        kind: 'resource_exhausted',
        message: 'score decryption queue is full; retry later',
      });
      expect((await inFlight)[0]?.rowIdx).toBe(1);
      expect((await queued)[0]?.rowIdx).toBe(2);
    } finally {
      await small.close();
    }
  });

  it('refuses a malformed blob on this thread: it never reaches a worker', async () => {
    const workerUrl = pathToFileURL(join(root, 'fake-worker.mjs'));
    const screened = await ScoreDecryptorPool.start({ secKeyFile, workers: 1, workerUrl });
    try {
      // The stand-in worker would answer anything it got; a refusal proves it got nothing.
      await expect(
        screened.decryptTopK(Buffer.from('not a CiphertextScore at all'), 1),
      ).rejects.toMatchObject({
        kind: 'invalid_argument',
      });
      const zlib = encodeCiphertextScore({
        blocks: [{ shardIdx: 0, count: 1, ciphertext: sealCompressedHeader() }],
      });
      await expect(screened.decryptTopK(zlib, 1)).rejects.toMatchObject({
        kind: 'invalid_argument',
        message: expect.stringMatching(/^block 0: ciphertext compression 'zlib' is not accepted/),
      });
      const real = await encryptScores(encKeyJson, [{ shardIdx: 0, scores: scoresFor(3, 4096) }]);
      expect((await screened.decryptTopK(real, 1))[0]?.rowIdx).toBe(real.length);
    } finally {
      await screened.close();
    }
  });

  it('rejects a non-positive worker count', async () => {
    await expect(ScoreDecryptorPool.start({ secKeyFile, workers: 0 })).rejects.toThrow(
      'workers must be a positive integer, got 0',
    );
  });

  it('transfers a copy of exactly the caller view, leaving the caller buffer intact', async () => {
    const backing = new Uint8Array(1000);
    const view = backing.subarray(100, 150);
    const pooled = Buffer.from('small buffers share a pool slab');
    const [entry] = await fake.decryptTopK(view, 1);
    const [fromBuffer] = await fake.decryptTopK(pooled, 1);
    expect(entry?.rowIdx).toBe(50);
    expect(fromBuffer?.rowIdx).toBe(pooled.length);
    expect(backing.byteLength).toBe(1000);
    expect(pooled.toString()).toBe('small buffers share a pool slab');
  });
});
