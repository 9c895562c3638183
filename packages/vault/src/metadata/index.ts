export { AGENT_ID_MAX_BYTES, AGENT_KEY_BYTES, agentIdForToken, deriveAgentKey } from './agent-key.js';
export { decryptMetadataList, parseMetadataItem } from './decrypt-metadata-list.js';
export {
  decryptMetadataPayload,
  encryptMetadata,
  encryptMetadataWithIv,
  LEGACY_IV_BYTES,
  type MetadataFormat,
  MetadataItemError,
  V2_NONCE_BYTES,
  V2_TAG_BYTES,
} from './metadata-format.js';
