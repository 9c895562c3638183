import { type CkksParams, DEFAULT_CKKS_PARAMS } from '../fhe/ckks-params.js';

// How big a legitimate request can be, method by method. grpc-js buffers a whole message
// (up to the server's max_receive_message_length) before any of our code runs, so the
// transport limit is what protects memory; the per-method bounds below are checked on the
// buffered length before a single byte is decoded.

/** Most score blocks one DecryptScores request is sized for: 128 × 4096 slots = 524,288 rows. */
export const MAX_SCORE_BLOCKS = 128;
/** SEAL header + ciphertext metadata (parms_id, size, scale…): 113 bytes measured; rounded up. */
const SEAL_CIPHERTEXT_OVERHEAD_BYTES = 256;
/** ScoreBlock framing: block tag + length, shard_idx (≤ 11), count (≤ 6), ciphertext tag + length. */
const SCORE_BLOCK_FRAMING_BYTES = 32;
/** token, top_k and the blob's tag + length around the base64 text. */
const SCORES_REQUEST_FRAMING_BYTES = 1024;
const MIB = 1024 * 1024;

/** An uncompressed CKKS ciphertext at full level: 2 polynomials × data primes × N × 8 bytes. */
function fullLevelCiphertextBytes(params: Pick<CkksParams, 'polyModulusDegree' | 'coeffModulusBits'>) {
  const dataPrimes = params.coeffModulusBits.length - 1; // the last prime is the special (key-switching) prime
  return 2 * dataPrimes * params.polyModulusDegree * 8 + SEAL_CIPHERTEXT_OVERHEAD_BYTES;
}

/**
 * The largest legitimate DecryptScores request: `maxBlocks` full-level ciphertexts, base64
 * (× 4/3), plus framing and 1 MiB of slack, rounded up to a whole MiB.
 */
function maxScoresRequestBytes(
  params: Pick<CkksParams, 'polyModulusDegree' | 'coeffModulusBits'>,
  maxBlocks = MAX_SCORE_BLOCKS,
): number {
  const blob = maxBlocks * (fullLevelCiphertextBytes(params) + SCORE_BLOCK_FRAMING_BYTES);
  const base64 = 4 * Math.ceil(blob / 3);
  return Math.ceil((base64 + SCORES_REQUEST_FRAMING_BYTES + MIB) / MIB) * MIB;
}

/**
 * Default gRPC receive limit (server.grpc.max_request_bytes): the largest legitimate
 * DecryptScores request for the default CKKS parameters (README "Request size limits"): 66 MiB.
 */
export const DEFAULT_MAX_REQUEST_BYTES = maxScoresRequestBytes(DEFAULT_CKKS_PARAMS, MAX_SCORE_BLOCKS);

/** GetPublicKey carries a 36-character token (≤ 144 UTF-8 bytes) and nothing else. */
export const GET_PUBLIC_KEY_MAX_BYTES = 1024;
/**
 * ExchangeToken: the OIDC code refuses JWTs above 16 KiB with its own audited reason
 * (token_too_large); up to 64 KiB still reaches it so that reason stays what callers see.
 */
export const EXCHANGE_TOKEN_MAX_BYTES = 64 * 1024;
/** DecryptMetadata: up to 1000 items of about 8 KiB each (a JSON envelope of base64 AES output). */
export const DECRYPT_METADATA_MAX_BYTES = 8 * MIB;
/** Below this the configured receive limit could not carry an ExchangeToken request. */
export const MIN_MAX_REQUEST_BYTES = 64 * 1024;
/** grpc-js reads the length prefix as a uint32; Node buffers stop at 2 GiB. */
export const MAX_MAX_REQUEST_BYTES = 2 * 1024 * MIB - 1;
