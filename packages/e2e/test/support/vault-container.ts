// A runevault container the way tests and benchmarks run one here: the e2e docker driver
// (host networking on free loopback ports, configs/ and vault-keys/ mounted from a temp
// folder, a run label for sweeping, readiness = GET /health 200 with a container exit failing
// at once). Keys are left to the container, so start → healthy includes a first start.
import { isNotFound } from '@runevault/vault-image/docker';
import type Docker from 'dockerode';
import {
  type DockerVault,
  containerLogs as driverContainerLogs,
  listRunContainers,
  RUN_LABEL,
  startDockerVault,
} from '../../src/drivers/docker-driver.js';

export const TEST_LABEL = RUN_LABEL;

export interface StartedVaultContainer {
  container: Docker.Container;
  configDir: string;
  grpcPort: number;
  httpPort: number;
  /** From `start` to the first 200 on /health. */
  startToHealthyMs: number;
  /** The driver's view: token, logs, secrets, timings. */
  vault: DockerVault;
  /** Removes the container (if still there) and the mounted folder. */
  dispose(): Promise<void>;
}

/** The last lines of the container's stdout+stderr, de-multiplexed. */
export function containerLogs(container: Docker.Container, tail = 50): Promise<string> {
  return driverContainerLogs(container, { tail });
}

export async function startVaultContainer(
  docker: Docker,
  image: string,
  options: { runId: string; healthDeadlineMs?: number },
): Promise<StartedVaultContainer> {
  const vault = await startDockerVault({
    docker,
    image: { kind: 'tag', tag: image },
    runId: options.runId,
    keys: 'container',
    ...(options.healthDeadlineMs ? { healthDeadlineMs: options.healthDeadlineMs } : {}),
  });
  return {
    container: vault.container,
    configDir: vault.home.configsDir,
    grpcPort: Number(vault.grpcAddress.split(':').pop()),
    httpPort: Number(new URL(vault.httpUrl).port),
    startToHealthyMs: vault.timings.startToHealthyMs,
    vault,
    dispose: () => vault.stop(),
  };
}

/** Containers carrying this run's label (what teardown must leave at zero). */
export function labelledContainers(docker: Docker, runId: string) {
  return listRunContainers(docker, runId);
}

export async function removeLabelledContainers(docker: Docker, runId: string): Promise<void> {
  const leftovers = await labelledContainers(docker, runId);
  await Promise.all(
    leftovers.map((info) =>
      docker
        .getContainer(info.Id)
        .remove({ force: true })
        .catch((error: unknown) => {
          if (!isNotFound(error)) throw error;
        }),
    ),
  );
}
