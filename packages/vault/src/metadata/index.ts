export { AGENT_ID_MAX_BYTES, agentIdForToken, deriveAgentKey } from './agent-key.js';
export { decryptMetadataList } from './decrypt-metadata-list.js';
export {
  encryptMetadata,
  encryptMetadataWithIv,
  LEGACY_IV_BYTES,
  type MetadataFormat,
  V2_NONCE_BYTES,
} from './metadata-format.js';
