// The client SDK: talk to a vault and produce the ciphertexts it decrypts.
export { encryptScores, encryptScoresBase64, type ShardScores } from './encrypt-scores.js';
export {
  type AgentKey,
  agentIdForToken,
  agentKeyFromBundle,
  deriveAgentKey,
  encryptMetadata,
  type MetadataFormat,
} from './metadata.js';
export {
  createVaultClient,
  type PublicKeyBundle,
  type VaultClient,
  type VaultClientOptions,
} from './vault-client.js';
