// What a bundled tool (the start-vault-container action) may import of the image toolkit:
// connect, check, inspect, exec, the runtime user, and the image build from a context folder
// it carries. Neither esbuild nor build-image.ts (which reads package.json at load) is loaded.
export {
  type BuiltImage,
  buildImageFromContext,
  contentAddressedTag,
  readVaultImageContext,
  type VaultImageContext,
} from './build-from-context.js';
export { RUNTIME_GID, RUNTIME_UID } from './build-offline-base.js';
export {
  checkDockerEngine,
  connectDocker,
  type EngineStatus,
  inspectImage,
  isNotFound,
} from './docker-engine.js';
export { type ExecResult, execInContainer, execOutputEnd, settledExec } from './exec-in-container.js';
export {
  classifyRegistryError,
  engineErrorMessage,
  isTransientRegistryFailure,
  type RegistryFailureKind,
} from './registry-errors.js';
