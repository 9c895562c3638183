import { invalidArgument } from '../errors.js';
import { utf8OrUndefined } from '../protocol/request-wire.js';
import { TOKEN_LENGTH } from '../tokens/token-format.js';
import { decodeStrictBase64Into, strictBase64Length } from './base64-blob.js';

// The validation rules of vault_service.proto. Messages name the field and the rule, never
// the value: a malformed token may still be someone's secret. Order (issue #12): the token's
// format and the cheap scalar rules run before authentication, as upstream's protovalidate
// does; anything that costs in proportion to the request (base64 of the blob, UTF-8 of the
// metadata items) runs only after authentication and scope. So a request with a bad token
// and a bad blob gets the token error.

export const TOP_K_MIN = 1;
export const TOP_K_MAX = 300;
export const METADATA_ITEMS_MAX = 1000;

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;
/**
 * Strict base64 (standard alphabet, padded) of a string. Node's decoder silently skips bad
 * characters and accepts base64url, so a round trip tells whether the text was exactly base64.
 * The request path decodes bytes with base64-blob.ts instead; this stays as its reference.
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

/**
 * The token from its wire bytes, checked. A field far longer than 36 characters can be
 * (4 bytes each in UTF-8) is refused by its byte count without decoding it.
 */
export function tokenFrom(bytes: Buffer): string {
  if (bytes.length > TOKEN_LENGTH * 4) {
    throw invalidArgument(`token: must be exactly ${TOKEN_LENGTH} characters (got ${bytes.length} bytes)`);
  }
  const token = utf8OrUndefined(bytes);
  if (token === undefined) throw invalidArgument('token: must be valid UTF-8');
  validateToken(token);
  return token;
}

/** DecryptScores' scalar rules, cheap enough to run before authentication. */
export function checkScoresShape(blob: Buffer, topK: number): void {
  if (blob.length === 0) throw invalidArgument('encrypted_blob_b64: must not be empty');
  if (topK < TOP_K_MIN || topK > TOP_K_MAX) {
    throw invalidArgument(`top_k: must be between ${TOP_K_MIN} and ${TOP_K_MAX} (got ${topK})`);
  }
}

/**
 * The blob's bytes from its base64 text, decoded in one pass into `allocate(length)` (the
 * decryptor's transfer buffer on the request path); runs only once the caller is authorized.
 */
export function decodeBlob(
  base64Text: Uint8Array,
  allocate: (length: number) => Uint8Array = (length) => new Uint8Array(length),
): Uint8Array {
  const length = strictBase64Length(base64Text);
  const blob = length === undefined ? undefined : allocate(length);
  if (!blob || !decodeStrictBase64Into(base64Text, blob)) {
    throw invalidArgument('encrypted_blob_b64: must be valid base64');
  }
  return blob;
}

/** DecryptMetadata's list rules on the undecoded items: count and emptiness. */
export function checkMetadataShape(items: readonly Buffer[]): void {
  const count = items.length;
  if (count < 1 || count > METADATA_ITEMS_MAX) {
    throw invalidArgument(
      `encrypted_metadata_list: must hold between 1 and ${METADATA_ITEMS_MAX} items (got ${count})`,
    );
  }
  const emptyAt = items.findIndex((item) => item.length === 0);
  if (emptyAt >= 0) throw invalidArgument(`encrypted_metadata_list[${emptyAt}]: must not be empty`);
}

/** The items as strings; runs only once the caller is authorized. */
export function metadataItemsFrom(items: readonly Buffer[]): string[] {
  return items.map((item, index) => {
    const text = utf8OrUndefined(item);
    if (text === undefined) throw invalidArgument(`encrypted_metadata_list[${index}]: must be valid UTF-8`);
    return text;
  });
}
