// Original file: proto/rune/vault/v1/score.proto


/**
 * One SEAL CKKS ciphertext; its first `count` slots are the similarity scores of rows
 * 0..count-1 of shard `shard_idx`.
 */
export interface ScoreBlock {
  'shard_idx'?: (number);
  'count'?: (number);
  'ciphertext'?: (Buffer | Uint8Array | string);
}

/**
 * One SEAL CKKS ciphertext; its first `count` slots are the similarity scores of rows
 * 0..count-1 of shard `shard_idx`.
 */
export interface ScoreBlock__Output {
  'shard_idx': (number);
  'count': (number);
  'ciphertext': (Buffer);
}
