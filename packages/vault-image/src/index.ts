// The image toolkit for other packages (the e2e docker driver, the action build, tests): all
// of ./docker-client.ts, plus what needs esbuild or the vault's package.json: bundling the CLI,
// building the image of this checkout, the offline base, and the engine as tests see it.

export {
  type BuildImageOptions,
  buildVaultImage,
  defaultNodeImage,
  IMAGE_REPOSITORY,
  resolveBaseImage,
  VAULT_VERSION,
  writeVaultImageContext,
} from './build-image.js';
export { ensureOfflineBase, type OfflineBase, offlineBaseTag } from './build-offline-base.js';
export { type BundleOptions, type BundleResult, bundleCli } from './bundle-cli.js';
export * from './docker-client.js';
export { ciRequiresRealComponents, dockerEngineForTests } from './engine-for-tests.js';
