import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encryptScores } from '../../../src/client/encrypt-scores.js';
import { VaultError } from '../../../src/errors.js';
import {
  CIPHERTEXT_METADATA_BYTES,
  ciphertextProblem,
  maxCiphertextBytes,
} from '../../../src/fhe/ciphertext-limits.js';
import {
  countScoreBlocks,
  DECODE_BLOCK_LIMIT,
  decodeCiphertextScore,
} from '../../../src/fhe/ciphertext-score.js';
import { DEFAULT_CKKS_PARAMS, sealMemoryBytes } from '../../../src/fhe/ckks-params.js';
import { createScoreDecryptCore, type ScoreDecryptCore } from '../../../src/fhe/decrypt-core.js';
import { generateKeys } from '../../../src/fhe/key-files.js';
import { retireReason } from '../../../src/fhe/worker-retirement.js';
import {
  emptyBlocks,
  hostileBlobs,
  oneBlock,
  resaveCiphertext,
  SEAL_MODE,
  sealObject,
  withUint64,
  zstdZerosFrame,
} from '../../support/hostile-ciphertexts.js';

const params = DEFAULT_CKKS_PARAMS;
const NOT_OURS = "ciphertext is not valid for this vault's key parameters";

let dir: string;
let encKey: string;
let core: ScoreDecryptCore;
/** One block from our client: uncompressed, last modulus level. */
let valid: Uint8Array;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'runevault-limits-'));
  await generateKeys(dir);
  encKey = readFileSync(join(dir, 'EncKey.json'), 'utf8');
  core = await createScoreDecryptCore(readFileSync(join(dir, 'SecKey.json'), 'utf8'));
  const blob = await encryptScores(encKey, [{ shardIdx: 0, scores: [0.25, 0.5, 0.75] }]);
  valid = decodeCiphertextScore(blob).blocks[0]?.ciphertext as Uint8Array;
  // Full-size keys (the limits are the vault's real ones): ~2 s alone, over the 10 s hook
  // default under two `npm test` at once on 2 cores.
}, 60_000);

afterAll(() => {
  core?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

describe('ciphertextProblem', () => {
  it('accepts what our client sends: uncompressed, 2 polynomials at the last level', () => {
    expect(valid[5]).toBe(SEAL_MODE.none);
    expect(valid.length).toBe(CIPHERTEXT_METADATA_BYTES + 2 * 1 * 8192 * 8);
    expect(ciphertextProblem(valid, params)).toBeUndefined();
  });

  it('bounds the size by 2 polynomials at the top data level (3 of the 4 primes)', () => {
    expect(maxCiphertextBytes(params)).toBe(113 + 2 * 3 * 8192 * 8);
    expect(maxCiphertextBytes({ ...params, coeffModulusBits: [60, 60] })).toBe(113 + 2 * 8192 * 8);
  });

  it.each([
    ['zstd', SEAL_MODE.zstd],
    ['zlib', SEAL_MODE.zlib],
  ])('refuses our own ciphertext re-saved with %s, naming the mode and the fix', async (name, mode) => {
    const compressed = await resaveCiphertext(encKey, valid, mode);
    expect(compressed[5]).toBe(mode);
    expect(ciphertextProblem(compressed, params)).toBe(
      `ciphertext compression '${name}' is not accepted; send it uncompressed (compression mode none)`,
    );
  });

  it('refuses compressed bombs whatever size the SEAL header or the zstd frame declares', () => {
    for (const body of [
      zstdZerosFrame(2 ** 26),
      zstdZerosFrame(2 ** 26, 1024n),
      zstdZerosFrame(2 ** 26, 2n ** 60n),
    ]) {
      for (const size of [undefined, 16, 2n ** 40n]) {
        expect(ciphertextProblem(sealObject(SEAL_MODE.zstd, body, size), params)).toMatch(
          /compression 'zstd'/,
        );
      }
    }
  });

  it('refuses one byte more than the largest ciphertext of our parameters, naming both sizes', () => {
    const max = maxCiphertextBytes(params);
    const big = sealObject(SEAL_MODE.none, new Uint8Array(max + 1 - 16));
    expect(ciphertextProblem(big, params)).toBe(
      `ciphertext is ${max + 1} bytes, more than the ${max} a ciphertext of this vault's parameters can have`,
    );
  });

  it.each<[string, () => Uint8Array]>([
    ['empty', () => new Uint8Array(0)],
    ['15 bytes', () => valid.subarray(0, 15)],
    ['truncated', () => valid.subarray(0, valid.length - 1)],
    ['size field larger than the bytes', () => withUint64(valid, 8, BigInt(valid.length + 1))],
    ['size field of 2^63', () => withUint64(valid, 8, 2n ** 63n)],
    ['unknown compression mode', () => Buffer.from(valid).fill(7, 5, 6)],
    ['3 polynomials', () => withUint64(valid, 49, 3n)],
    ['degree 4096', () => withUint64(valid, 57, 4096n)],
    ['0 primes', () => withUint64(valid, 65, 0n)],
    ['4 primes (more than the data levels)', () => withUint64(valid, 65, 4n)],
    ['2 primes with the length of 1', () => withUint64(valid, 65, 2n)],
    ['header only', () => sealObject(SEAL_MODE.none, new Uint8Array(0))],
  ])('refuses %s with one generic text', (_name, make) => {
    expect(ciphertextProblem(make(), params)).toBe(NOT_OURS);
  });
});

describe('block count before protobuf decoding', () => {
  it('counts top-level blocks without decoding them and stops past the limit', () => {
    expect(countScoreBlocks(emptyBlocks(3))).toBe(3);
    expect(countScoreBlocks(oneBlock(valid))).toBe(1);
    expect(countScoreBlocks(emptyBlocks(1_000_000), 10)).toBe(11);
  });

  it('refuses a message the strict walker cannot read, so no field can hide blocks from the count', () => {
    // An empty group (field 3, wire types 3/4): protobufjs skips it and would go on to decode every
    // block after it; the walker refuses the whole message instead of counting past it.
    const hidden = Buffer.concat([Buffer.from([0x1b, 0x1c]), emptyBlocks(100_000)]);
    expect(countScoreBlocks(hidden)).toBeUndefined();
    expect(() => decodeCiphertextScore(hidden)).toThrow(
      new VaultError('invalid_argument', 'encrypted_blob_b64 is not a valid CiphertextScore'),
    );
  });

  it(`refuses more than ${DECODE_BLOCK_LIMIT} blocks as invalid_argument, and accepts exactly that many`, () => {
    expect(() => decodeCiphertextScore(emptyBlocks(DECODE_BLOCK_LIMIT + 1))).toThrow(
      new VaultError(
        'invalid_argument',
        `CiphertextScore has more than ${DECODE_BLOCK_LIMIT} blocks; split the scores over several requests`,
      ),
    );
    expect(decodeCiphertextScore(emptyBlocks(DECODE_BLOCK_LIMIT)).blocks).toHaveLength(DECODE_BLOCK_LIMIT);
  });
});

describe('decryptTopK on hostile blobs', () => {
  it('refuses every hostile kind as invalid_argument without growing SEAL memory or aborting it', async () => {
    const before = sealMemoryBytes();
    expect(before).toBeGreaterThan(0);
    for (const [name, blob] of await hostileBlobs(encKey, valid)) {
      let caught: unknown;
      try {
        core.decryptTopK(blob, 10);
      } catch (error) {
        caught = error;
      }
      expect(caught, name).toBeInstanceOf(VaultError);
      expect((caught as VaultError).kind, name).toBe('invalid_argument');
      expect(core.poisoned, name).toBe(false);
    }
    // A bomb that reached SEAL would have grown its WASM memory by tens of MiB at least.
    expect(sealMemoryBytes()).toBe(before);
    expect(core.decryptTopK(oneBlock(valid), 1)[0]?.score).toBeCloseTo(0.75, 3);
  });

  it('names the block and the mode, never the bytes', async () => {
    const compressed = await resaveCiphertext(encKey, valid, SEAL_MODE.zstd);
    expect(() => core.decryptTopK(oneBlock(compressed), 1)).toThrow(
      "block 0: ciphertext compression 'zstd' is not accepted; send it uncompressed (compression mode none)",
    );
  });
});

describe('retireReason', () => {
  const MiB = 2 ** 20;
  it('keeps a healthy worker, retires an aborted one or one above the bound', () => {
    expect(retireReason({ poisoned: false, memoryBytes: 30 * MiB, limitBytes: 128 * MiB })).toBeUndefined();
    expect(retireReason({ poisoned: false, memoryBytes: 128 * MiB, limitBytes: 128 * MiB })).toBeUndefined();
    expect(retireReason({ poisoned: false, memoryBytes: undefined, limitBytes: 1 })).toBeUndefined();
    expect(retireReason({ poisoned: true, memoryBytes: 30 * MiB, limitBytes: 128 * MiB })).toBe(
      'SEAL aborted',
    );
    expect(retireReason({ poisoned: false, memoryBytes: 1100.5 * MiB, limitBytes: 128 * MiB })).toBe(
      'SEAL memory 1100.5 MiB is above the limit of 128 MiB (decrypt.worker_memory_limit_mb)',
    );
  });
});
