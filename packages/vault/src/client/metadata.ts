import { AGENT_KEY_BYTES } from '../metadata/agent-key.js';

// Client SDK side of metadata encryption: the same primitives the vault uses, plus the
// step from a GetPublicKey bundle to a ready key. No crypto is implemented here.

export { agentIdForToken, deriveAgentKey } from '../metadata/agent-key.js';
export { encryptMetadata, type MetadataFormat } from '../metadata/metadata-format.js';

export interface AgentKey {
  agentId: string;
  agentKey: Buffer;
}

/** Reads `agent_id` and `agent_dek` (base64 of the derived key) from a GetPublicKey bundle. */
export function agentKeyFromBundle(bundle: { agent_id: string; agent_dek: string }): AgentKey {
  if (typeof bundle.agent_id !== 'string' || bundle.agent_id.length === 0) {
    throw new Error('key bundle: agent_id is missing or empty (is this a GetPublicKey bundle?)');
  }
  const agentKey =
    typeof bundle.agent_dek === 'string' ? Buffer.from(bundle.agent_dek, 'base64') : Buffer.alloc(0);
  if (agentKey.length !== AGENT_KEY_BYTES || agentKey.toString('base64') !== bundle.agent_dek) {
    throw new Error(`key bundle: agent_dek must be base64 of ${AGENT_KEY_BYTES} bytes`);
  }
  return { agentId: bundle.agent_id, agentKey };
}
