// The runevault library: start a vault in-process, load its config, manage its keys.

export {
  DEFAULT_MAX_REQUEST_BYTES,
  findConfigFile,
  loadConfig,
  resolveConfig,
} from './config/load-config.js';
export type { VaultConfig } from './config/types.js';
export { ConfigError, VaultError, type VaultErrorKind } from './errors.js';
export { type CkksParams, DEFAULT_CKKS_PARAMS } from './fhe/ckks-params.js';
export { generateKeys, KEY_FILE_FORMAT, KEY_FILE_NAMES, keyFilesPresent } from './fhe/key-files.js';
export { TokenStore } from './tokens/token-store.js';
export { type RunningVault, type StartVaultOptions, startVault } from './vault.js';
