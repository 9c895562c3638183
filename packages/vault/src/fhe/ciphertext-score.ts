// CiphertextScore (score.proto) codec; encrypted_blob_b64 is base64 of one of these.
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import protobuf from 'protobufjs';
import { invalidArgument } from '../errors.js';
import { protoDir } from '../proto-dir.js';
import { countLengthDelimited } from '../protocol/request-wire.js';

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
 * than the gRPC request sizing (protocol/request-limits.ts): this holds for every caller of the core.
 */
export const DECODE_BLOCK_LIMIT = 4096;

/**
 * Counts top-level `blocks` entries without decoding them (protocol/request-wire.ts's strict walker);
 * undefined when the bytes are not a well-formed message. Stops once the count passes `limit`.
 */
export function countScoreBlocks(bytes: Uint8Array, limit = DECODE_BLOCK_LIMIT): number | undefined {
  return countLengthDelimited(bytes, 1, limit);
}

/** Any decoding failure becomes one generic invalid_argument: the bytes are never echoed. */
export function decodeCiphertextScore(bytes: Uint8Array): CiphertextScore {
  const blockCount = countScoreBlocks(bytes);
  if (blockCount === undefined) throw invalidArgument('encrypted_blob_b64 is not a valid CiphertextScore');
  if (blockCount > DECODE_BLOCK_LIMIT) {
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
