import { randomBytes } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { type CiphertextScore, encodeCiphertextScore } from '../../src/fhe/ciphertext-score.js';
import { createCkksContext, loadSeal } from '../../src/fhe/ckks-params.js';
import { parseKeyFile } from '../../src/fhe/key-files.js';

// Hostile SEAL ciphertexts for the decrypt path: compression bombs, forged headers and shapes.
// Shared by the unit, property-based and daemon tests so each kind is built one way.

export const SEAL_MODE = { none: 0, zlib: 1, zstd: 2 } as const;

/** A 16-byte SEAL 4.x header; `size` is the total object size SEAL expects (header included). */
export function sealHeader(opts: {
  mode: number;
  size: bigint | number;
  magic?: number;
  major?: number;
}): Buffer {
  const header = Buffer.alloc(16);
  header.writeUInt16LE(opts.magic ?? 0xa15e, 0);
  header[2] = 16;
  header[3] = opts.major ?? 4;
  header[4] = 1;
  header[5] = opts.mode;
  header.writeBigUInt64LE(BigInt(opts.size), 8);
  return header;
}

/** Header + body with the header's size field set to the real total, unless `size` overrides it. */
export function sealObject(mode: number, body: Uint8Array, size?: bigint | number): Buffer {
  return Buffer.concat([sealHeader({ mode, size: size ?? 16 + body.length }), body]);
}

/**
 * A zstd frame of RLE blocks: 4 bytes per 128 KiB of zeros, so ~32 bytes per MiB inflated.
 * `declaredSize` writes an 8-byte Frame_Content_Size (which may lie); absent, the size is unknown.
 */
export function zstdZerosFrame(inflatedBytes: number, declaredSize?: bigint): Buffer {
  const parts: Buffer[] = [Buffer.from([0x28, 0xb5, 0x2f, 0xfd])];
  // Frame_Header_Descriptor: FCS 8 bytes (0b11 in bits 7-6) or none; Window_Descriptor 2^17.
  parts.push(Buffer.from([declaredSize === undefined ? 0x00 : 0xc0, 0x38]));
  if (declaredSize !== undefined) {
    const fcs = Buffer.alloc(8);
    fcs.writeBigUInt64LE(declaredSize);
    parts.push(fcs);
  }
  const maxBlock = 128 * 1024;
  for (let left = inflatedBytes; left > 0; left -= maxBlock) {
    const size = Math.min(maxBlock, left);
    const last = left <= maxBlock ? 1 : 0;
    const header = last | (1 << 1) | (size << 3); // Block_Type 1 = RLE
    parts.push(Buffer.from([header & 0xff, (header >> 8) & 0xff, (header >> 16) & 0xff, 0x00]));
  }
  return Buffer.concat(parts);
}

let zlibZeros: Buffer | undefined;
/** zlib stream of 32 MiB of zeros (~32 KB); built once per process. */
export function zlibZerosStream(): Buffer {
  zlibZeros ??= deflateSync(Buffer.alloc(32 * 2 ** 20), { level: 9 });
  return zlibZeros;
}

/** Re-serializes a ciphertext from our client with another SEAL compression mode. */
export async function resaveCiphertext(encKeyJson: string, ciphertext: Uint8Array, mode: number) {
  const seal = await loadSeal();
  const context = createCkksContext(seal, parseKeyFile(encKeyJson, 'EncKey.json', 'EncKey').params);
  const loaded = seal.CipherText();
  try {
    loaded.loadArray(context, ciphertext);
    const modes = [seal.ComprModeType.none, seal.ComprModeType.zlib, seal.ComprModeType.zstd];
    return loaded.saveArray(modes[mode]);
  } finally {
    loaded.delete();
    context.delete();
  }
}

/** A copy of `bytes` with a little-endian uint64 written at `offset`. */
export function withUint64(bytes: Uint8Array, offset: number, value: bigint): Buffer {
  const copy = Buffer.from(bytes);
  copy.writeBigUInt64LE(value, offset);
  return copy;
}

/** A one-block CiphertextScore around `ciphertext`. */
export function oneBlock(
  ciphertext: Uint8Array,
  opts: { shardIdx?: number; count?: number } = {},
): Uint8Array {
  const message: CiphertextScore = {
    blocks: [{ shardIdx: opts.shardIdx ?? 0, count: opts.count ?? 3, ciphertext }],
  };
  return encodeCiphertextScore(message);
}

/** `n` top-level `blocks` entries of zero length: two bytes each on the wire. */
export function emptyBlocks(n: number): Buffer {
  return Buffer.alloc(2 * n, Buffer.from([0x0a, 0x00]));
}

/**
 * Every hostile kind the decrypt path must refuse cleanly, each built from one valid ciphertext
 * of our client (`valid`, uncompressed, last level). Names say what each one is.
 */
export async function hostileBlobs(
  encKeyJson: string,
  valid: Uint8Array,
): Promise<Array<[string, Uint8Array]>> {
  const zstdValid = await resaveCiphertext(encKeyJson, valid, SEAL_MODE.zstd);
  const zlibValid = await resaveCiphertext(encKeyJson, valid, SEAL_MODE.zlib);
  const MiB = 2 ** 20;
  const zstd64 = zstdZerosFrame(64 * MiB);
  const kinds: Array<[string, Uint8Array]> = [
    ['zstd bomb, 64 MiB of zeros, no declared size', sealObject(2, zstd64)],
    ['zstd bomb, 1 GiB of zeros, no declared size', sealObject(2, zstdZerosFrame(1024 * MiB))],
    ['zstd bomb declaring 1 KiB', sealObject(2, zstdZerosFrame(64 * MiB, 1024n))],
    ['zstd bomb declaring 2^60 bytes', sealObject(2, zstdZerosFrame(64 * MiB, 2n ** 60n))],
    ['zstd bomb with a SEAL size field of 2^40', sealObject(2, zstd64, 2n ** 40n)],
    ['zstd bomb with a SEAL size field of 16', sealObject(2, zstd64, 16)],
    ['zlib bomb, 32 MiB of zeros', sealObject(1, zlibZerosStream())],
    ['zlib bomb with a SEAL size field of 2^40', sealObject(1, zlibZerosStream(), 2n ** 40n)],
    ['our ciphertext re-saved with zstd', zstdValid],
    ['our ciphertext re-saved with zlib', zlibValid],
    ['unknown compression mode 3', sealObject(3, valid.subarray(16))],
    ['unknown compression mode 255', sealObject(255, zstd64)],
    ['truncated by half', valid.subarray(0, valid.length >> 1)],
    ['truncated by one byte', valid.subarray(0, valid.length - 1)],
    ['truncated, size field patched to match', withUint64(valid.subarray(0, 5000), 8, 5000n)],
    [
      'padded by 8 bytes, size field patched',
      withUint64(Buffer.concat([valid, Buffer.alloc(8)]), 8, BigInt(valid.length + 8)),
    ],
    [
      'wrong magic',
      Buffer.concat([sealHeader({ mode: 0, size: valid.length, magic: 0xbeef }), valid.subarray(16)]),
    ],
    [
      'SEAL major version 3',
      Buffer.concat([sealHeader({ mode: 0, size: valid.length, major: 3 }), valid.subarray(16)]),
    ],
    ['header only', sealHeader({ mode: 0, size: 16 })],
    ['3 polynomials declared', withUint64(valid, 49, 3n)],
    [
      '16 polynomials declared, length to match',
      withUint64(
        withUint64(Buffer.concat([valid, Buffer.alloc(14 * 65536)]), 49, 16n),
        8,
        BigInt(valid.length + 14 * 65536),
      ),
    ],
    ['2^40 polynomials declared', withUint64(valid, 49, 2n ** 40n)],
    ['poly_modulus_degree 4096', withUint64(valid, 57, 4096n)],
    ['2^32 primes declared', withUint64(valid, 65, 2n ** 32n)],
    [
      'random body behind a valid header and shape',
      Buffer.concat([valid.subarray(0, 113), randomBytes(valid.length - 113)]),
    ],
    ['zero parms_id', Buffer.concat([valid.subarray(0, 16), Buffer.alloc(32), valid.subarray(48)])],
    ['random bytes of ciphertext length', randomBytes(valid.length)],
  ];
  const blobs: Array<[string, Uint8Array]> = kinds.map(([name, ciphertext]) => [name, oneBlock(ciphertext)]);
  blobs.push(
    ['count 0', oneBlock(valid, { count: 0 })],
    ['count 2^32-1', oneBlock(valid, { count: 2 ** 32 - 1 })],
    [
      'a repeated shard',
      encodeCiphertextScore({
        blocks: [
          { shardIdx: 5, count: 3, ciphertext: valid },
          { shardIdx: 5, count: 3, ciphertext: valid },
        ],
      }),
    ],
    [
      'a valid block followed by a zstd bomb',
      encodeCiphertextScore({
        blocks: [
          { shardIdx: 0, count: 3, ciphertext: valid },
          { shardIdx: 1, count: 3, ciphertext: sealObject(2, zstd64) },
        ],
      }),
    ],
    ['no blocks', encodeCiphertextScore({ blocks: [] })],
    ['a million empty blocks', emptyBlocks(1_000_000)],
    ['random bytes', randomBytes(4096)],
  );
  return blobs;
}
