// `runevault <args>` inside a vault's container through docker exec: the admin CLI of a vault
// in Docker, for the docker driver and for the address driver given a container.
import { type ExecResult, execInContainer } from '@runevault/vault-image/docker';
import type Docker from 'dockerode';

const CONTAINER_CLI_TIMEOUT_MS = 30_000;

/** Runs `runevault <args>` in the container (as its user); rejects on a non-zero exit. */
export type VaultCli = (args: string[]) => Promise<ExecResult>;

export function containerVaultCli(
  docker: Docker,
  containerId: string,
  timeoutMs = CONTAINER_CLI_TIMEOUT_MS,
): VaultCli {
  return async (args) => {
    const result = await execInContainer(docker, containerId, ['runevault', ...args], { timeoutMs });
    if (result.exitCode !== 0) {
      throw new Error(
        `runevault ${args[0]} ${args[1] ?? ''} in container ${containerId.slice(0, 12)} exited ${result.exitCode}: ` +
          `${(result.stderr || result.stdout).trim()}`,
      );
    }
    return result;
  };
}
