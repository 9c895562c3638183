// The image toolkit for other packages (the e2e docker driver, actions): build the runevault
// image (offline when no registry answers), check the engine, exec in a container.

export {
  buildImageFromContext,
  contentAddressedTag,
  readVaultImageContext,
  type VaultImageContext,
} from './build-from-context.js';
export {
  type BuildImageOptions,
  type BuiltImage,
  buildVaultImage,
  defaultNodeImage,
  IMAGE_REPOSITORY,
  resolveBaseImage,
  VAULT_VERSION,
  writeVaultImageContext,
} from './build-image.js';
export {
  ensureOfflineBase,
  type OfflineBase,
  offlineBaseTag,
  RUNTIME_GID,
  RUNTIME_UID,
} from './build-offline-base.js';
export { type BundleOptions, type BundleResult, bundleCli } from './bundle-cli.js';
export {
  checkDockerEngine,
  connectDocker,
  type EngineStatus,
  inspectImage,
  isNotFound,
} from './docker-engine.js';
export { ciRequiresRealComponents, dockerEngineForTests } from './engine-for-tests.js';
export { type ExecResult, execInContainer } from './exec-in-container.js';
