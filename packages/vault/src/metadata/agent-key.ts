import { createHash, hkdfSync } from 'node:crypto';

// Per-agent metadata keys. Shared by the vault (DecryptMetadata, GetPublicKey) and the
// client SDK (src/client/metadata.ts) so both sides derive byte-identical keys.

export const AGENT_KEY_BYTES = 32;
/** node:crypto refuses a longer HKDF info, so longer agent ids cannot be keyed at all. */
export const AGENT_ID_MAX_BYTES = 1024;

/** The agent id handed out with a token: first 32 hex chars of SHA-256(token as UTF-8). */
export function agentIdForToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex').slice(0, 32);
}

/**
 * HKDF-SHA256(ikm = team secret, salt = empty, info = agent id) → 32 bytes.
 * The ikm is the UTF-8 bytes of the team_secret string exactly as configured (a hex string
 * is NOT hex-decoded), matching Python's `team_secret.encode()` in the upstream vault.
 * An empty salt equals RFC 5869's "no salt" (HashLen zero bytes) because HMAC zero-pads keys.
 */
export function deriveAgentKey(teamSecret: string, agentId: string): Buffer {
  return Buffer.from(
    hkdfSync(
      'sha256',
      Buffer.from(teamSecret, 'utf8'),
      Buffer.alloc(0),
      Buffer.from(agentId, 'utf8'),
      AGENT_KEY_BYTES,
    ),
  );
}
