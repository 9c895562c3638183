// `npx tsx packages/vault/bench/ciphertext-compression.ts`: issue #12's measurement behind the
// choice of uncompressed score ciphertexts. One 4096-slot block at the level our SDK sends (the
// last), saved uncompressed and with zstd: wire size (base64) and SEAL load + decrypt + decode
// time on this thread. Prints figures; asserts nothing.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encryptScores } from '../src/client/encrypt-scores.js';
import { decodeCiphertextScore } from '../src/fhe/ciphertext-score.js';
import { createCkksContext, loadSeal } from '../src/fhe/ckks-params.js';
import { generateKeys, parseKeyFile } from '../src/fhe/key-files.js';
import { fmt, percentile } from './stats.js';

const ITERATIONS = 300;
const WARMUP = 20;

const dir = mkdtempSync(join(tmpdir(), 'vault-bench-compression-'));
try {
  await generateKeys(dir);
  const encKey = readFileSync(join(dir, 'EncKey.json'), 'utf8');
  const secKey = parseKeyFile(readFileSync(join(dir, 'SecKey.json'), 'utf8'), 'SecKey.json', 'SecKey');
  const seal = await loadSeal();
  const context = createCkksContext(seal, secKey.params);
  const secretKey = seal.SecretKey();
  secretKey.loadArray(context, Buffer.from(secKey.data, 'base64'));
  const decryptor = seal.Decryptor(context, secretKey);
  const encoder = seal.CKKSEncoder(context);

  const scores = Array.from({ length: encoder.slotCount }, () => Math.random() * 2 - 1);
  const blob = await encryptScores(encKey, [{ shardIdx: 0, scores }]);
  const none = decodeCiphertextScore(blob).blocks[0]?.ciphertext as Uint8Array;
  const loaded = seal.CipherText();
  loaded.loadArray(context, none);
  const zstd = loaded.saveArray(seal.ComprModeType.zstd);
  loaded.delete();

  const decryptOnce = (bytes: Uint8Array) => {
    const ciphertext = seal.CipherText();
    ciphertext.loadArray(context, bytes);
    const plaintext = decryptor.decrypt(ciphertext);
    if (!plaintext) throw new Error('no plaintext');
    encoder.decode(plaintext);
    plaintext.delete();
    ciphertext.delete();
  };
  const timeMode = (bytes: Uint8Array) => {
    for (let i = 0; i < WARMUP; i++) decryptOnce(bytes);
    const samples: number[] = [];
    for (let i = 0; i < ITERATIONS; i++) {
      const start = performance.now();
      decryptOnce(bytes);
      samples.push(performance.now() - start);
    }
    return samples;
  };
  // Interleaved rounds so drift on a shared machine hits both modes alike.
  const samplesNone: number[] = [];
  const samplesZstd: number[] = [];
  for (let round = 0; round < 3; round++) {
    samplesNone.push(...timeMode(none));
    samplesZstd.push(...timeMode(zstd));
  }
  const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64').length;
  console.log(
    `one 4096-slot block, last level, N=${secKey.params.polyModulusDegree}, ${samplesNone.length} runs each`,
  );
  for (const [name, bytes, samples] of [
    ['none', none, samplesNone],
    ['zstd', zstd, samplesZstd],
  ] as const) {
    console.log(
      `${name.padEnd(5)} ciphertext ${bytes.length} B, base64 ${b64(bytes)} B, load+decrypt+decode p50 ${fmt(percentile(samples, 50))}, p99 ${fmt(percentile(samples, 99))}`,
    );
  }
  decryptor.delete();
  encoder.delete();
  secretKey.delete();
  context.delete();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
