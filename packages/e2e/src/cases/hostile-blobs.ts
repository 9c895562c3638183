import { constants, deflateRawSync, deflateSync, inflateSync } from 'node:zlib';
import { decodeCiphertextScore, encodeCiphertextScore, type ScoreBlock } from '@runevault/vault/client';

// Byte builders for case 17 (hostile-input): SEAL objects with a chosen compression mode,
// decompression bombs that cost a few KB to send, and DecryptScores requests written as raw
// protobuf so a multi-megabyte blob is one Buffer, never a JS string or a second copy.

const MIB = 1024 * 1024;

/** SEAL's compr_mode_type (serialization header byte 5). */
const SEAL_COMPRESSION = { none: 0, zlib: 1, zstd: 2 } as const;
export type SealCompression = keyof typeof SEAL_COMPRESSION;

const SEAL_MAGIC = 0xa15e;
const SEAL_HEADER_BYTES = 16;

/**
 * A SEAL serialization header: magic, header size 16, version 4.1 (or the version of
 * `template`, a SEAL object from the vault's own client), `mode`, then the total size.
 */
export function sealObject(mode: SealCompression, body: Uint8Array, template?: Uint8Array): Buffer {
  const out = Buffer.alloc(SEAL_HEADER_BYTES + body.length);
  out.writeUInt16LE(SEAL_MAGIC, 0);
  out[2] = SEAL_HEADER_BYTES;
  out[3] = 4;
  out[4] = template && isSealObject(template) ? (template[4] ?? 1) : 1;
  out[5] = SEAL_COMPRESSION[mode];
  out.writeBigUInt64LE(BigInt(out.length), 8);
  out.set(body, SEAL_HEADER_BYTES);
  return out;
}

function isSealObject(bytes: Uint8Array): boolean {
  return bytes.length >= SEAL_HEADER_BYTES && bytes[0] === 0x5e && bytes[1] === 0xa1 && bytes[2] === 16;
}

/**
 * What SEAL would parse after inflating `object`: its bytes after the header. Reads modes none
 * and zlib, and zstd frames made of raw and RLE blocks (what zstd writes for ciphertext
 * coefficients, which do not compress); anything else throws, naming what it met.
 */
export function sealPayload(object: Uint8Array): Buffer {
  if (!isSealObject(object)) throw new Error('not a SEAL object (bad magic or header size)');
  const body = Buffer.from(
    object.buffer,
    object.byteOffset + SEAL_HEADER_BYTES,
    object.length - SEAL_HEADER_BYTES,
  );
  switch (object[5]) {
    case SEAL_COMPRESSION.none:
      return body;
    case SEAL_COMPRESSION.zlib:
      return inflateSync(body);
    case SEAL_COMPRESSION.zstd:
      return readSimpleZstdFrame(body);
    default:
      throw new Error(`unknown SEAL compression mode ${object[5]}`);
  }
}

/** The same SEAL object re-serialised with zlib: what a SEAL client writing mode 1 sends. */
export function recompressAsZlib(object: Uint8Array): Buffer {
  return sealObject('zlib', deflateSync(sealPayload(object)), object);
}

/**
 * A zlib stream that inflates to `bytes` zeros (a whole number of MiB) in about bytes/1000
 * bytes. One MiB is deflated once (byte-aligned by a sync flush, self-contained: its first
 * symbol is a literal) and repeated, so building a 256 MiB bomb allocates no 256 MiB.
 */
export function zlibZeros(bytes: number): Buffer {
  if (!Number.isInteger(bytes / MIB) || bytes <= 0) throw new Error(`zlibZeros: ${bytes} is not whole MiB`);
  const chunk = deflateRawSync(Buffer.alloc(MIB), { level: 9, finishFlush: constants.Z_SYNC_FLUSH });
  const header = Buffer.from([0x78, 0xda]);
  const finalEmptyBlock = Buffer.from([0x03, 0x00]); // BFINAL, fixed Huffman, end-of-block
  // Adler-32 of zeros: a stays 1, b adds 1 per byte.
  const adler = Buffer.alloc(4);
  adler.writeUInt32BE((((bytes % 65521) << 16) | 1) >>> 0);
  return Buffer.concat([header, ...Array<Buffer>(bytes / MIB).fill(chunk), finalEmptyBlock, adler]);
}

const ZSTD_MAGIC = 0xfd2fb528;
const ZSTD_MAX_BLOCK = 128 * 1024;
const ZSTD_BLOCK = { raw: 0, rle: 1, compressed: 2 } as const;

/**
 * A zstd frame of RLE blocks that declares and inflates to `bytes` zeros: 4 bytes per
 * 128 KiB (the format's largest block), so 256 MiB costs 8 KiB.
 */
export function zstdZeros(bytes: number): Buffer {
  if (!Number.isInteger(bytes) || bytes <= 0) throw new Error(`zstdZeros: ${bytes} is not a positive size`);
  const blocks = Math.ceil(bytes / ZSTD_MAX_BLOCK);
  const out = Buffer.alloc(4 + 1 + 1 + 8 + blocks * 4);
  out.writeUInt32LE(ZSTD_MAGIC, 0);
  out[4] = 0b1100_0000; // 8-byte frame content size; not single-segment; no checksum, no dictionary
  out[5] = (17 - 10) << 3; // window 2^17 = 128 KiB, enough for the largest block
  out.writeBigUInt64LE(BigInt(bytes), 6);
  let at = 14;
  for (let left = bytes; left > 0; left -= ZSTD_MAX_BLOCK) {
    const size = Math.min(left, ZSTD_MAX_BLOCK);
    const last = left <= ZSTD_MAX_BLOCK ? 1 : 0;
    out.writeUIntLE((size << 3) | (ZSTD_BLOCK.rle << 1) | last, at, 3);
    out[at + 3] = 0;
    at += 4;
  }
  return out;
}

function readSimpleZstdFrame(frame: Buffer): Buffer {
  if (frame.length < 6 || frame.readUInt32LE(0) !== ZSTD_MAGIC) throw new Error('not a zstd frame');
  const descriptor = frame[4] as number;
  const singleSegment = (descriptor >> 5) & 1;
  const contentSizeBytes = [singleSegment ? 1 : 0, 2, 4, 8][descriptor >> 6] as number;
  const dictionaryBytes = [0, 1, 2, 4][descriptor & 3] as number;
  let at = 5 + (singleSegment ? 0 : 1) + dictionaryBytes + contentSizeBytes;
  const parts: Buffer[] = [];
  for (;;) {
    if (at + 3 > frame.length) throw new Error('zstd frame ends inside a block header');
    const header = frame.readUIntLE(at, 3);
    const type = (header >> 1) & 3;
    const size = header >>> 3;
    at += 3;
    if (type === ZSTD_BLOCK.raw) {
      parts.push(frame.subarray(at, at + size));
      at += size;
    } else if (type === ZSTD_BLOCK.rle) {
      parts.push(Buffer.alloc(size, frame[at] ?? 0));
      at += 1;
    } else {
      throw new Error('zstd frame has a compressed block (only raw and RLE blocks are read here)');
    }
    if (header & 1) break;
  }
  return Buffer.concat(parts);
}

// --- protobuf, by hand: three small messages, non-negative integers only ---

function varint(value: number): Buffer {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new Error(`varint: ${value} is not a non-negative integer`);
  const bytes: number[] = [];
  let v = value;
  while (v >= 0x80) {
    bytes.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  bytes.push(v);
  return Buffer.from(bytes);
}

const lengthDelimited = (field: number, bytes: Uint8Array) => [
  varint((field << 3) | 2),
  varint(bytes.length),
  bytes,
];
const varintField = (field: number, value: number) =>
  value === 0 ? [] : [varint(field << 3), varint(value)];

export type ScoreBlockBytes = ScoreBlock;

/** rune.vault.v1.CiphertextScore (score.proto) with these blocks: the vault's own codec. */
export function encodeScoreBlocks(blocks: ScoreBlockBytes[]): Buffer {
  return Buffer.from(encodeCiphertextScore({ blocks }));
}

/** The blocks of a well-formed CiphertextScore (the vault's own decoder). */
export function readScoreBlocks(bytes: Uint8Array): ScoreBlockBytes[] {
  return decodeCiphertextScore(bytes).blocks;
}

/**
 * DecryptScoresRequest (vault_service.proto) on the wire, with `blobBase64` already ASCII
 * bytes: send it with identity serialisers (VaultClient.raw.makeUnaryRequest).
 */
export function decryptScoresRequestBytes(token: string, blobBase64: Uint8Array, topK: number): Buffer {
  return Buffer.concat([
    ...lengthDelimited(1, Buffer.from(token, 'utf8')),
    ...lengthDelimited(2, blobBase64),
    ...varintField(3, topK),
  ]);
}
