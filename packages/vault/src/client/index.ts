// The client SDK: talk to a vault and produce the ciphertexts it decrypts.

export {
  type CiphertextScore,
  decodeCiphertextScore,
  encodeCiphertextScore,
  type ScoreBlock,
} from '../fhe/ciphertext-score.js';
export { CLOCK_TOLERANCE_SECONDS, MAX_JWT_BYTES } from '../protocol/exchange-limits.js';
export {
  EXCHANGE_RESULTS,
  type ExchangeResult,
  rejectionReasonOf,
} from '../protocol/exchange-results.js';
export { DEFAULT_MAX_REQUEST_BYTES } from '../protocol/request-limits.js';
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
  createTokenExchangeClient,
  type TokenExchangeClient,
} from './token-exchange-client.js';
export {
  createVaultClient,
  type PublicKeyBundle,
  type VaultClient,
  type VaultClientOptions,
} from './vault-client.js';
