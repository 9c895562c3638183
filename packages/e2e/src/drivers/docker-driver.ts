// The docker driver: the vault image (built from this repository, loaded or given) in a
// labelled container — see docker/vault-container.ts for the container itself. This file adds
// what only a checkout of this repository can do: build the image and make keys on the host.
import { generateKeys } from '@runevault/vault';
import { connectDocker } from '@runevault/vault-image/docker';
import type Docker from 'dockerode';
import { type ImageSource, resolveVaultImage } from './docker/image-source.js';
import {
  type DockerVault,
  startVaultContainer,
  type VaultContainerOptions,
} from './docker/vault-container.js';
import { DEFAULT_TOKEN_USER } from './driver-defaults.js';

export { parseIssuedToken } from './admin-commands.js';
export {
  type ContainerSpec,
  CREATED_LABEL,
  containerCreateOptions,
  containerListeners,
  type NetworkMode,
  RUN_LABEL,
} from './docker/container-create-options.js';
export {
  listRunContainers,
  newRunId,
  removeContainer,
  type SweepOptions,
  type SweptContainer,
  sweepLabelledContainers,
} from './docker/container-housekeeping.js';
export { containerLogs } from './docker/container-logs.js';
export type { ImageSource, ResolvedImage } from './docker/image-source.js';
export {
  type DockerVault,
  type DockerVaultTimings,
  startVaultContainer,
  type VaultContainerHooks,
  type VaultContainerOptions,
  type VaultStartPhase,
} from './docker/vault-container.js';

export interface DockerDriverOptions
  extends Omit<VaultContainerOptions, 'docker' | 'resolveImage' | 'generateKeys' | 'issueToken'> {
  /** Default: DOCKER_HOST or the local socket. */
  docker?: Docker;
  /** Default: build from this repository (an unchanged image is reused). */
  image?: ImageSource;
  /** Who makes the FHE keys: this process before start (default), or the vault at first start. */
  keys?: 'host' | 'container';
  /** The user of the member token issued at start. */
  tokenUser?: string;
}

export async function startDockerVault(options: DockerDriverOptions = {}): Promise<DockerVault> {
  const { image, keys, tokenUser, ...rest } = options;
  const docker = options.docker ?? connectDocker();
  const log = options.log ?? (() => {});
  return startVaultContainer({
    ...rest,
    docker,
    resolveImage: () => {
      const source = image ?? { kind: 'build' };
      // Its own line: the image step can take a while, and a reader (or a test) sees it began.
      log(
        `image: ${source.kind === 'build' ? 'building from this checkout (reused when unchanged)' : `resolving the given ${source.kind}`}`,
      );
      return resolveVaultImage(docker, source, (line) => {
        if (!line.startsWith('Step ')) log(line);
      });
    },
    ...((keys ?? 'host') === 'host' && !options.keysDir ? { generateKeys } : {}),
    issueToken: { user: tokenUser ?? DEFAULT_TOKEN_USER, role: 'member' },
  });
}
