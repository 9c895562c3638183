import { invalidArgument } from '../errors.js';

// The validation rules of vault_service.proto, enforced before authentication (as the
// upstream protovalidate interceptor does). Messages name the field and the rule, never
// the value: a malformed token may still be someone's secret.

export const TOKEN_LENGTH = 36;
export const TOP_K_MIN = 1;
export const TOP_K_MAX = 300;
export const METADATA_ITEMS_MAX = 1000;

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;
/**
 * Strict base64 (standard alphabet, padded) decoded in one pass. Node's decoder silently
 * skips bad characters and accepts base64url, so a round trip tells whether the text was
 * exactly base64; it is also far cheaper than a regexp on megabyte blobs.
 */
export function decodeStrictBase64(text: string): Buffer | undefined {
  if (text.length % 4 !== 0) return undefined;
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? bytes : undefined;
}

export function validateToken(token: string): void {
  if (token.length !== TOKEN_LENGTH) {
    throw invalidArgument(`token: must be exactly ${TOKEN_LENGTH} characters (got ${token.length})`);
  }
  if (CONTROL_CHARS.test(token)) throw invalidArgument('token: must not contain control characters');
  if (token.trim() !== token) throw invalidArgument('token: must not have leading or trailing whitespace');
}

export function validateGetPublicKey(req: { token: string }): void {
  validateToken(req.token);
}

/** Validates the request and returns the blob's bytes (decoding is part of the check). */
export function validateDecryptScores(req: {
  token: string;
  encrypted_blob_b64: string;
  top_k: number;
}): Buffer {
  validateToken(req.token);
  if (req.encrypted_blob_b64.length === 0) throw invalidArgument('encrypted_blob_b64: must not be empty');
  const blob = decodeStrictBase64(req.encrypted_blob_b64);
  if (!blob) throw invalidArgument('encrypted_blob_b64: must be valid base64');
  if (req.top_k < TOP_K_MIN || req.top_k > TOP_K_MAX) {
    throw invalidArgument(`top_k: must be between ${TOP_K_MIN} and ${TOP_K_MAX} (got ${req.top_k})`);
  }
  return blob;
}

export function validateDecryptMetadata(req: { token: string; encrypted_metadata_list: string[] }): void {
  validateToken(req.token);
  const count = req.encrypted_metadata_list.length;
  if (count < 1 || count > METADATA_ITEMS_MAX) {
    throw invalidArgument(
      `encrypted_metadata_list: must hold between 1 and ${METADATA_ITEMS_MAX} items (got ${count})`,
    );
  }
  const emptyAt = req.encrypted_metadata_list.findIndex((item) => item.length === 0);
  if (emptyAt >= 0) throw invalidArgument(`encrypted_metadata_list[${emptyAt}]: must not be empty`);
}
