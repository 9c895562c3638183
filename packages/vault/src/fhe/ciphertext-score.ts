// CiphertextScore (score.proto) codec; encrypted_blob_b64 is base64 of one of these.
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import protobuf from 'protobufjs';
import { invalidArgument } from '../errors.js';
import { protoDir } from '../proto-dir.js';

export interface ScoreBlock {
  shardIdx: number;
  count: number;
  ciphertext: Uint8Array;
}

export interface CiphertextScore {
  blocks: ScoreBlock[];
}

// protoDir() finds proto/ from TS source and beside the bundle alike.
const SCORE_PROTO = pathToFileURL(join(protoDir(), 'rune/vault/v1/score.proto'));

let messageType: protobuf.Type | undefined;

function ciphertextScoreType(): protobuf.Type {
  messageType ??= protobuf.loadSync(fileURLToPath(SCORE_PROTO)).lookupType('rune.vault.v1.CiphertextScore');
  return messageType;
}

export function encodeCiphertextScore(message: CiphertextScore): Uint8Array {
  const type = ciphertextScoreType();
  const blocks = message.blocks.map((b) => ({
    shardIdx: b.shardIdx,
    count: b.count,
    ciphertext: b.ciphertext,
  }));
  return type.encode(type.fromObject({ blocks })).finish();
}

/**
 * The decoder's own guard, enforced before protobufjs builds one object per block (a few MB of
 * two-byte empty blocks would otherwise become millions of objects in a decrypt worker). Looser
 * than the gRPC request sizing (grpc/request-limits.ts): this holds for every caller of the core.
 */
export const DECODE_BLOCK_LIMIT = 4096;

/**
 * Counts top-level `blocks` entries by walking the wire format without allocating; stops at the
 * first malformed field (protobufjs then reports it) or once the count passes `limit`.
 */
export function countScoreBlocks(bytes: Uint8Array, limit = DECODE_BLOCK_LIMIT): number {
  let pos = 0;
  let count = 0;
  const varint = (): number | undefined => {
    let value = 0;
    for (let shift = 0; shift < 53 && pos < bytes.length; shift += 7) {
      const byte = bytes[pos++] as number;
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
    }
    return undefined;
  };
  while (pos < bytes.length && count <= limit) {
    const tag = varint();
    if (tag === undefined) break;
    const wireType = tag % 8;
    if (Math.floor(tag / 8) === 1 && wireType === 2) count++;
    if (wireType === 0) {
      if (varint() === undefined) break;
    } else if (wireType === 1) pos += 8;
    else if (wireType === 5) pos += 4;
    else if (wireType === 2) {
      const length = varint();
      if (length === undefined) break;
      pos += length;
    } else break;
  }
  return count;
}

/** Any decoding failure becomes one generic invalid_argument: the bytes are never echoed. */
export function decodeCiphertextScore(bytes: Uint8Array): CiphertextScore {
  if (countScoreBlocks(bytes) > DECODE_BLOCK_LIMIT) {
    throw invalidArgument(
      `CiphertextScore has more than ${DECODE_BLOCK_LIMIT} blocks; split the scores over several requests`,
    );
  }
  const type = ciphertextScoreType();
  let decoded: protobuf.Message;
  try {
    decoded = type.decode(bytes);
  } catch {
    throw invalidArgument('encrypted_blob_b64 is not a valid CiphertextScore');
  }
  const blocks = (decoded as unknown as { blocks?: Array<Partial<ScoreBlock>> }).blocks ?? [];
  return {
    blocks: blocks.map((b) => ({
      shardIdx: b.shardIdx ?? 0,
      count: b.count ?? 0,
      ciphertext: b.ciphertext ?? new Uint8Array(0),
    })),
  };
}
