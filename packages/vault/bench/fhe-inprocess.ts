// FHE micro-benchmarks without gRPC or worker threads: what one decryption and keygen cost.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encryptScores } from '../src/client/encrypt-scores.js';
import { loadSeal } from '../src/fhe/ckks-params.js';
import { createScoreDecryptCore } from '../src/fhe/decrypt-core.js';
import { generateKeys, readPublicKeyFiles } from '../src/fhe/key-files.js';

const WARMUP_ITERATIONS = 3;

function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

async function withTempKeys<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'vault-bench-fhe-'));
  try {
    return await fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** decrypt + decode + top-k (k = 10) of one full 4096-slot block, on this thread. */
export async function benchInProcessDecrypt(opts: {
  iterations: number;
}): Promise<{ p50Ms: number; p99Ms: number; samples: number[] }> {
  return withTempKeys(async (dir) => {
    await generateKeys(dir);
    const core = await createScoreDecryptCore(readFileSync(join(dir, 'SecKey.json'), 'utf8'));
    try {
      const scores = Array.from({ length: core.slotCount }, () => Math.random() * 2 - 1);
      const blob = await encryptScores(readPublicKeyFiles(dir).encKeyJson, [{ shardIdx: 0, scores }]);
      for (let i = 0; i < WARMUP_ITERATIONS; i++) core.decryptTopK(blob, 10);
      const samples: number[] = [];
      for (let i = 0; i < opts.iterations; i++) {
        const start = performance.now();
        core.decryptTopK(blob, 10);
        samples.push(performance.now() - start);
      }
      const sorted = [...samples].sort((a, b) => a - b);
      return { p50Ms: percentile(sorted, 50), p99Ms: percentile(sorted, 99), samples };
    } finally {
      core.dispose();
    }
  });
}

/** `keys generate` with the default parameters: keygen, serialization and atomic file writes. */
export async function benchKeygen(): Promise<{ ms: number }> {
  // The WASM compile is a one-off per process, not part of key generation.
  await loadSeal();
  return withTempKeys(async (dir) => {
    const start = performance.now();
    await generateKeys(dir);
    return { ms: performance.now() - start };
  });
}
