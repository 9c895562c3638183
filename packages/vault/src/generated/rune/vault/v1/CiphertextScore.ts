// Original file: proto/rune/vault/v1/score.proto

import type { ScoreBlock as _rune_vault_v1_ScoreBlock, ScoreBlock__Output as _rune_vault_v1_ScoreBlock__Output } from '../../../rune/vault/v1/ScoreBlock.js';

/**
 * DecryptScoresRequest.encrypted_blob_b64 is base64 of one CiphertextScore.
 */
export interface CiphertextScore {
  'blocks'?: (_rune_vault_v1_ScoreBlock)[];
}

/**
 * DecryptScoresRequest.encrypted_blob_b64 is base64 of one CiphertextScore.
 */
export interface CiphertextScore__Output {
  'blocks': (_rune_vault_v1_ScoreBlock__Output)[];
}
