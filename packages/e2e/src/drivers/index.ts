// The drivers: how a vault under test is started (docker, process) or found (address).

export { freePort } from '@runevault/vault/free-port';
export { makeSelfSignedCert, type SelfSignedCert } from '@runevault/vault/tls';
export {
  type AddressDriverOptions,
  connectAddressVault,
  NO_ADMIN_SOCKET,
  NO_LOG_SOURCE,
} from './address-driver.js';
export { resolveVaultImage } from './docker/image-source.js';
export {
  type ContainerSpec,
  CREATED_LABEL,
  containerCreateOptions,
  containerListeners,
  containerLogs,
  type DockerDriverOptions,
  type DockerVault,
  type DockerVaultTimings,
  type ImageSource,
  listRunContainers,
  type NetworkMode,
  newRunId,
  parseIssuedToken,
  type ResolvedImage,
  RUN_LABEL,
  removeContainer,
  type SweepOptions,
  type SweptContainer,
  startDockerVault,
  startVaultContainer,
  sweepLabelledContainers,
  type VaultContainerHooks,
  type VaultContainerOptions,
  type VaultStartPhase,
} from './docker-driver.js';
export { DEFAULT_HEALTH_DEADLINE_MS, DEFAULT_TOKEN_USER } from './driver-defaults.js';
export { type KnownSecrets, readKnownSecrets } from './known-secrets.js';
export {
  type ProcessDriverOptions,
  type ProcessVault,
  type ProcessVaultTimings,
  startProcessVault,
} from './process-driver.js';
export {
  type DriverRequest,
  type DriverSelection,
  type SelectDriverOptions,
  selectDriver,
} from './select-driver.js';
export {
  type CommonDriverOptions,
  type StartDriverOptions,
  type StartedVault,
  startSelectedDriver,
} from './start-driver.js';
export type { OidcProviderSpec } from './vault-config.js';
export {
  type ExitStatus,
  HealthDeadlineError,
  HttpHealthWait,
  TargetExitedError,
  type WaitTarget,
} from './wait/http-health-wait.js';
