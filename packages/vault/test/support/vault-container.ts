// A runevault container the way tests and benchmarks run one here: host networking on free
// loopback ports, a temp folder mounted as /opt/rune-vault/configs, a run label for sweeping,
// and readiness = GET /health 200 (a container exit fails at once, with its logs).
import { chmodSync, chownSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { RUNTIME_GID, RUNTIME_UID } from '../../src/image/build-offline-base.js';
import { isNotFound } from '../../src/image/docker-engine.js';
import { freePort } from './free-port.js';

export const TEST_LABEL = 'io.runevault.test';

export interface StartedVaultContainer {
  container: Docker.Container;
  configDir: string;
  grpcPort: number;
  httpPort: number;
  /** From `start` to the first 200 on /health. */
  startToHealthyMs: number;
  /** Force-removes the container (if still there) and the config folder. */
  dispose(): Promise<void>;
}

/** The mounted configs/: the install dir (keys, PID file, socket) stays inside the container. */
function writeMountedConfig(dir: string, grpcPort: number, httpPort: number): void {
  const file = join(dir, 'runevault.conf');
  writeFileSync(
    file,
    [
      'server:',
      `  grpc: { host: 127.0.0.1, port: ${grpcPort}, tls: { disable: true } }`,
      `  http: { host: 127.0.0.1, port: ${httpPort} }`,
      'keys: { generate_if_missing: true }',
      'tokens: { team_secret_file: configs/team-secret }',
      'audit: { mode: stdout }',
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
  // The daemon (uid 10001) writes the team secret and tokens.yml here; without root to chown,
  // the folder is opened up instead (the loader then warns about the config's mode).
  try {
    chownSync(dir, RUNTIME_UID, RUNTIME_GID);
    chownSync(file, RUNTIME_UID, RUNTIME_GID);
  } catch {
    chmodSync(dir, 0o777);
    chmodSync(file, 0o644);
  }
}

/** The last lines of the container's stdout+stderr, de-multiplexed. */
export async function containerLogs(container: Docker.Container, tail = 50): Promise<string> {
  const raw = (await container.logs({ stdout: true, stderr: true, tail })) as unknown as Buffer;
  const chunks: string[] = [];
  for (let at = 0; at + 8 <= raw.length; ) {
    const size = raw.readUInt32BE(at + 4);
    chunks.push(raw.subarray(at + 8, at + 8 + size).toString('utf8'));
    at += 8 + size;
  }
  return chunks.join('');
}

async function waitForHealth(
  container: Docker.Container,
  httpPort: number,
  startedAt: number,
  deadlineMs: number,
): Promise<number> {
  while (Date.now() - startedAt < deadlineMs) {
    const state = (await container.inspect()).State;
    if (!state.Running) {
      throw new Error(
        `container ${container.id.slice(0, 12)} exited (code ${state.ExitCode}) before /health answered:\n${await containerLogs(container)}`,
      );
    }
    const status = await fetch(`http://127.0.0.1:${httpPort}/health`, { signal: AbortSignal.timeout(2_000) })
      .then((response) => response.status)
      .catch(() => 0);
    if (status === 200) return Date.now() - startedAt;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(
    `container ${container.id.slice(0, 12)}: GET /health gave no 200 within ${deadlineMs} ms:\n${await containerLogs(container)}`,
  );
}

export async function startVaultContainer(
  docker: Docker,
  image: string,
  options: { runId: string; healthDeadlineMs?: number },
): Promise<StartedVaultContainer> {
  const [grpcPort, httpPort] = [await freePort(), await freePort()];
  const configDir = mkdtempSync(join(tmpdir(), 'runevault-container-'));
  writeMountedConfig(configDir, grpcPort, httpPort);
  let container: Docker.Container | undefined;
  const dispose = async () => {
    await container?.remove({ force: true }).catch((error: unknown) => {
      if (!isNotFound(error)) throw error;
    });
    rmSync(configDir, { recursive: true, force: true });
  };
  try {
    container = await docker.createContainer({
      Image: image,
      Labels: { [TEST_LABEL]: options.runId },
      HostConfig: {
        // Host networking on loopback ports: nothing here may target a bridge address.
        NetworkMode: 'host',
        Binds: [`${configDir}:/opt/rune-vault/configs`],
      },
    });
    const startedAt = Date.now();
    await container.start();
    const startToHealthyMs = await waitForHealth(
      container,
      httpPort,
      startedAt,
      options.healthDeadlineMs ?? 120_000,
    );
    return { container, configDir, grpcPort, httpPort, startToHealthyMs, dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}

/** Containers carrying this run's label (what teardown must leave at zero). */
export async function labelledContainers(docker: Docker, runId: string) {
  return docker.listContainers({ all: true, filters: { label: [`${TEST_LABEL}=${runId}`] } });
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
