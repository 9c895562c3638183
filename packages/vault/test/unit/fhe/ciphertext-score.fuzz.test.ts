import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encryptScores } from '../../../src/client/encrypt-scores.js';
import { VaultError } from '../../../src/errors.js';
import { decodeCiphertextScore, encodeCiphertextScore } from '../../../src/fhe/ciphertext-score.js';
import { sealMemoryBytes } from '../../../src/fhe/ckks-params.js';
import { createScoreDecryptCore, type ScoreDecryptCore } from '../../../src/fhe/decrypt-core.js';
import { generateKeys } from '../../../src/fhe/key-files.js';
import { fuzzBudget, fuzzTestTimeout } from '../../support/fuzz-budget.js';
import { resaveCiphertext, SEAL_MODE, zstdZerosFrame } from '../../support/hostile-ciphertexts.js';

// Whatever a caller sends, the decrypt core answers with scores or an invalid_argument
// VaultError: never another error, never a SEAL abort, never WASM memory grown past what the
// largest acceptable ciphertext needs.

let dir: string;
let core: ScoreDecryptCore;
let valid: Uint8Array;
let zstdValid: Uint8Array;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'runevault-fuzz-ct-'));
  await generateKeys(dir);
  const encKey = readFileSync(join(dir, 'EncKey.json'), 'utf8');
  core = await createScoreDecryptCore(readFileSync(join(dir, 'SecKey.json'), 'utf8'));
  const blob = await encryptScores(encKey, [{ shardIdx: 0, scores: [0.1, 0.2, 0.3, 0.4] }]);
  valid = decodeCiphertextScore(blob).blocks[0]?.ciphertext as Uint8Array;
  zstdValid = await resaveCiphertext(encKey, valid, SEAL_MODE.zstd);
}, 60_000);

afterAll(() => {
  core?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs one request; returns a description of anything but success or invalid_argument. */
function unexpectedOutcome(blob: Uint8Array, topK: number): string | undefined {
  try {
    core.decryptTopK(blob, topK);
  } catch (error) {
    if (!(error instanceof VaultError)) return `threw ${String(error)}`;
    if (error.kind !== 'invalid_argument') return `threw VaultError ${error.kind}: ${error.message}`;
  }
  return core.poisoned ? 'SEAL aborted' : undefined;
}

// Fields SEAL reads first: the header (0..15) and the shape words (size, polys, degree, primes).
const UINT64_FIELDS = [8, 49, 57, 65] as const;

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('byte' as const), at: fc.nat(120), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({
    kind: fc.constant('uint64' as const),
    at: fc.constantFrom(...UINT64_FIELDS),
    value: fc.oneof(
      fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
      fc.constantFrom(0n, 1n, 2n, 3n, 16n, 4096n, 8192n),
    ),
  }),
  fc.record({ kind: fc.constant('truncate' as const), length: fc.nat(140_000) }),
  fc.record({ kind: fc.constant('append' as const), extra: fc.uint8Array({ minLength: 1, maxLength: 64 }) }),
  fc.record({
    kind: fc.constant('splice' as const),
    at: fc.nat(131_000),
    bytes: fc.uint8Array({ minLength: 1, maxLength: 256 }),
  }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(base: Uint8Array, mutations: Mutation[], fixSize: boolean): Uint8Array {
  let bytes = Buffer.from(base);
  for (const m of mutations) {
    if (m.kind === 'byte' && m.at < bytes.length) bytes[m.at] = m.value;
    if (m.kind === 'uint64' && m.at + 8 <= bytes.length) bytes.writeBigUInt64LE(m.value, m.at);
    if (m.kind === 'truncate') bytes = bytes.subarray(0, Math.min(m.length, bytes.length));
    if (m.kind === 'append') bytes = Buffer.concat([bytes, m.extra]);
    if (m.kind === 'splice')
      bytes.set(m.bytes.subarray(0, Math.max(0, bytes.length - m.at)), Math.min(m.at, bytes.length));
  }
  // Half the cases keep the size field honest, so mutations get past the first check to SEAL.
  if (fixSize && bytes.length >= 16) bytes.writeBigUInt64LE(BigInt(bytes.length), 8);
  return bytes;
}

const ciphertext = fc.oneof(
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }) },
  {
    weight: 6,
    arbitrary: fc
      .tuple(
        fc.constantFrom('valid', 'zstd', 'bomb'),
        fc.array(mutation, { minLength: 0, maxLength: 3 }),
        fc.boolean(),
      )
      .map(([source, mutations, fixSize]) => {
        const base =
          source === 'valid'
            ? valid
            : source === 'zstd'
              ? zstdValid
              : Buffer.concat([zstdValid.subarray(0, 16), zstdZerosFrame(2 ** 24)]);
        return mutate(base, mutations, fixSize);
      }),
  },
);

const block = fc.record({
  shardIdx: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
  count: fc.oneof(fc.integer({ min: 0, max: 4097 }), fc.constant(2 ** 32 - 1)),
  ciphertext,
});

describe('CiphertextScore input, property-based', () => {
  it(
    'arbitrary bytes are answered with invalid_argument or scores',
    () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 4096 }), fc.integer({ min: 1, max: 300 }), (bytes, topK) => {
          expect(unexpectedOutcome(bytes, topK)).toBeUndefined();
        }),
        fuzzBudget(300, 3_000),
      );
    },
    fuzzTestTimeout(3_000),
  );

  it(
    'messages with mutated SEAL headers, shapes and bodies never escape invalid_argument nor abort SEAL',
    () => {
      const memoryBefore = sealMemoryBytes();
      fc.assert(
        fc.property(
          fc.array(block, { minLength: 1, maxLength: 3 }),
          fc.integer({ min: 1, max: 300 }),
          (blocks, topK) => {
            expect(unexpectedOutcome(encodeCiphertextScore({ blocks }), topK)).toBeUndefined();
          },
        ),
        fuzzBudget(150, 6_000),
      );
      // A mutation may forge a valid full-level shape (393 KB), which SEAL may load: its working
      // set can grow WASM memory by a few MiB once. A bomb would grow it by hundreds.
      expect((sealMemoryBytes() ?? 0) - (memoryBefore ?? 0)).toBeLessThanOrEqual(16 * 2 ** 20);
    },
    fuzzTestTimeout(6_000),
  );
});
