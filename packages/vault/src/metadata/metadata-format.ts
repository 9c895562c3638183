import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { AGENT_KEY_BYTES } from './agent-key.js';

// The two on-the-wire layouts of one metadata item, `{"a": agent_id, ["v": 2,] "c": base64}`:
//   legacy: c = IV[16] ‖ AES-256-CTR(plaintext)               (upstream parity, unauthenticated)
//   v2:     c = nonce[12] ‖ AES-256-GCM(plaintext) ‖ tag[16]  (no AAD: the agent id is already
//           bound through the key derivation, so changing "a" changes the key and fails the tag)

export type MetadataFormat = 'v2' | 'legacy';

export const LEGACY_IV_BYTES = 16;
export const V2_NONCE_BYTES = 12;
const V2_TAG_BYTES = 16;

/** Why one item could not be opened; the caller prefixes the item index. */
export class MetadataItemError extends Error {
  override name = 'MetadataItemError';
}

/** Encrypts `plaintext` (UTF-8) for `agentId` and returns the item JSON. Default format: v2. */
export function encryptMetadata(
  agentKey: Buffer,
  agentId: string,
  plaintext: string,
  opts?: { format?: MetadataFormat },
): string {
  const format = opts?.format ?? 'v2';
  const iv = randomBytes(format === 'v2' ? V2_NONCE_BYTES : LEGACY_IV_BYTES);
  return encryptMetadataWithIv(agentKey, agentId, plaintext, format, iv);
}

/**
 * encryptMetadata with a caller-chosen IV/nonce, for golden vectors only. Not exported by the
 * client SDK: reusing a GCM nonce under one key breaks confidentiality and authenticity.
 */
export function encryptMetadataWithIv(
  agentKey: Buffer,
  agentId: string,
  plaintext: string,
  format: MetadataFormat,
  iv: Buffer,
): string {
  assertKey(agentKey);
  const data = Buffer.from(plaintext, 'utf8');
  if (format === 'legacy') {
    if (iv.length !== LEGACY_IV_BYTES) throw new RangeError(`legacy IV must be ${LEGACY_IV_BYTES} bytes`);
    const cipher = createCipheriv('aes-256-ctr', agentKey, iv);
    const c = Buffer.concat([iv, cipher.update(data), cipher.final()]).toString('base64');
    return JSON.stringify({ a: agentId, c });
  }
  if (iv.length !== V2_NONCE_BYTES) throw new RangeError(`v2 nonce must be ${V2_NONCE_BYTES} bytes`);
  const cipher = createCipheriv('aes-256-gcm', agentKey, iv, { authTagLength: V2_TAG_BYTES });
  const body = Buffer.concat([cipher.update(data), cipher.final()]);
  const c = Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64');
  return JSON.stringify({ a: agentId, v: 2, c });
}

/** Decrypts the decoded `c` bytes; throws MetadataItemError with a reason free of secrets. */
export function decryptMetadataPayload(agentKey: Buffer, format: MetadataFormat, payload: Buffer): Buffer {
  if (format === 'legacy') {
    if (payload.length < LEGACY_IV_BYTES) {
      throw new MetadataItemError(
        `ciphertext too short for the legacy format (${payload.length} bytes; needs the ${LEGACY_IV_BYTES}-byte IV)`,
      );
    }
    const decipher = createDecipheriv('aes-256-ctr', agentKey, payload.subarray(0, LEGACY_IV_BYTES));
    return Buffer.concat([decipher.update(payload.subarray(LEGACY_IV_BYTES)), decipher.final()]);
  }
  const minimum = V2_NONCE_BYTES + V2_TAG_BYTES;
  if (payload.length < minimum) {
    throw new MetadataItemError(
      `ciphertext too short for v2 (${payload.length} bytes; needs at least ${minimum}: ${V2_NONCE_BYTES}-byte nonce + ${V2_TAG_BYTES}-byte tag)`,
    );
  }
  const decipher = createDecipheriv('aes-256-gcm', agentKey, payload.subarray(0, V2_NONCE_BYTES), {
    authTagLength: V2_TAG_BYTES,
  });
  decipher.setAuthTag(payload.subarray(payload.length - V2_TAG_BYTES));
  const body = decipher.update(payload.subarray(V2_NONCE_BYTES, payload.length - V2_TAG_BYTES));
  try {
    return Buffer.concat([body, decipher.final()]);
  } catch {
    throw new MetadataItemError('authentication failed (wrong key or tampered data)');
  }
}

function assertKey(agentKey: Buffer): void {
  if (agentKey.length !== AGENT_KEY_BYTES) {
    throw new RangeError(`agent key must be ${AGENT_KEY_BYTES} bytes (got ${agentKey.length})`);
  }
}
