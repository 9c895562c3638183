import { invalidArgument } from '../errors.js';
import { AGENT_ID_MAX_BYTES, deriveAgentKey } from './agent-key.js';
import { decryptMetadataPayload, type MetadataFormat, MetadataItemError } from './metadata-format.js';

const FIELD = 'encrypted_metadata_list';
const utf8 = new TextDecoder('utf-8', { fatal: true });

// HKDF per item dominates a 1,000-item request when one agent wrote them all, so derived
// keys are cached per agent id. Bounded because agent ids come from the caller; tied to
// one team secret so two vaults in one process never see each other's keys.
const KEY_CACHE_MAX = 1024;
const keyCache = new Map<string, Buffer>();
let keyCacheSecret: string | undefined;

function agentKeyFor(teamSecret: string, agentId: string): Buffer {
  if (keyCacheSecret !== teamSecret) {
    keyCache.clear();
    keyCacheSecret = teamSecret;
  }
  let key = keyCache.get(agentId);
  if (!key) {
    key = deriveAgentKey(teamSecret, agentId);
    if (keyCache.size >= KEY_CACHE_MAX) {
      const oldest = keyCache.keys().next().value;
      if (oldest !== undefined) keyCache.delete(oldest);
    }
    keyCache.set(agentId, key);
  }
  return key;
}

/**
 * Decrypts every item of a DecryptMetadata request, in order. The first bad item fails the
 * whole request with INVALID_ARGUMENT naming its index and the problem (never key material,
 * the team secret or plaintext).
 */
export function decryptMetadataList(teamSecret: string, items: string[]): string[] {
  return items.map((item, index) => {
    try {
      const { agentId, format, payload } = parseMetadataItem(item);
      const plaintext = decryptMetadataPayload(agentKeyFor(teamSecret, agentId), format, payload);
      try {
        return utf8.decode(plaintext);
      } catch {
        // Legacy CTR has no tag, so a wrong key shows up here as garbage bytes.
        throw new MetadataItemError('decrypted data is not valid UTF-8 (wrong key or corrupted data)');
      }
    } catch (error) {
      if (error instanceof MetadataItemError) throw invalidArgument(`${FIELD}[${index}]: ${error.message}`);
      throw error;
    }
  });
}

/** Shape checks of one item. Unknown keys are ignored, as the upstream vault does. */
function parseMetadataItem(item: string): {
  agentId: string;
  format: MetadataFormat;
  payload: Buffer;
} {
  let parsed: unknown;
  try {
    parsed = JSON.parse(item);
  } catch {
    throw new MetadataItemError('not valid JSON (expected {"a": agent_id, "c": base64})');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new MetadataItemError('must be a JSON object {"a": agent_id, "c": base64}');
  }
  const { a, c, v } = parsed as Record<string, unknown>;
  if (typeof a !== 'string' || a.length === 0) {
    throw new MetadataItemError('"a" (agent id) must be a non-empty string');
  }
  if (Buffer.byteLength(a, 'utf8') > AGENT_ID_MAX_BYTES) {
    throw new MetadataItemError(`"a" (agent id) must be at most ${AGENT_ID_MAX_BYTES} bytes`);
  }
  if (typeof c !== 'string') throw new MetadataItemError('"c" (ciphertext) must be a base64 string');
  let format: MetadataFormat;
  if (v === undefined) format = 'legacy';
  else if (v === 2) format = 'v2';
  else {
    // Echo numbers only: anything else is caller text and stays out of error messages.
    const got = typeof v === 'number' ? String(v) : v === null ? 'null' : `a ${typeof v}`;
    throw new MetadataItemError(`unsupported "v" ${got} (use 2, or omit "v" for the legacy format)`);
  }
  const payload = Buffer.from(c, 'base64');
  // Node's decoder skips bad characters silently; a canonical round trip is the strict check.
  if (payload.toString('base64') !== c) {
    throw new MetadataItemError('"c" (ciphertext) is not valid base64 (standard alphabet, padded)');
  }
  return { agentId: a, format, payload };
}
