// @runevault/e2e/drivers/docker: the container half of the docker driver, without the image
// build or host key generation (which need this repository and SEAL). What a bundled tool
// such as the start-vault-container action imports.
export { checkDockerEngine, connectDocker, type EngineStatus } from '@runevault/vault-image/docker';
export { HealthDeadlineError, lastLines, TargetExitedError } from '../wait/http-health-wait.js';
export { type NetworkMode, REPO_LABEL, RUN_LABEL } from './container-create-options.js';
export {
  containerLabels,
  listRunContainers,
  newRunId,
  removeContainer,
  type SweptContainer,
  sweepLabelledContainers,
} from './container-housekeeping.js';
export { containerLogs } from './container-logs.js';
export { GIVEN_JWKS_FILE, GivenConfigError } from './given-config.js';
export {
  CHECKOUT_IMAGE_TAG,
  ImageNotFoundError,
  type PrebuiltImageSource,
  type ResolvedImage,
  resolvePrebuiltImage,
} from './prebuilt-image.js';
export {
  type DockerVault,
  startVaultContainer,
  type VaultContainerHooks,
  type VaultContainerOptions,
  type VaultStartPhase,
} from './vault-container.js';
