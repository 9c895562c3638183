// The docker driver: the vault image (built, loaded or given) in a labelled container with
// host networking on free loopback ports, configs and keys mounted from a host folder,
// ready when GET /health answers 200, with a member token issued by `runevault token issue`
// run inside it. Teardown (stop, remove) also runs on SIGINT/SIGTERM.
import { randomBytes } from 'node:crypto';
import { connectDocker, type ExecResult, execInContainer, isNotFound } from '@runevault/vault/image';
import type Docker from 'dockerode';
import type { RoleSpec, VaultUnderTest } from '../vault-under-test.js';
import { roleCreateArgs, tokenIssueArgs } from './admin-commands.js';
import {
  type BindMount,
  CONTAINER_INSTALL_DIR,
  CREATED_LABEL,
  containerCreateOptions,
  containerListeners,
  type NetworkMode,
  RUN_LABEL,
} from './docker/container-create-options.js';
import { containerLogs } from './docker/container-logs.js';
import { containerWaitTarget } from './docker/container-wait-target.js';
import { type ImageSource, type ResolvedImage, resolveVaultImage } from './docker/image-source.js';
import { handToRuntimeUser } from './docker/runtime-ownership.js';
import { DEFAULT_HEALTH_DEADLINE_MS, DEFAULT_TOKEN_USER } from './driver-defaults.js';
import { freePorts } from './free-port.js';
import { readKnownSecrets } from './known-secrets.js';
import { teardownOnSignal } from './signal-teardown.js';
import { KEYS_PATH, type OidcProviderSpec } from './vault-config.js';
import { prepareVaultHome, type VaultHome } from './vault-home.js';
import { HttpHealthWait } from './wait/http-health-wait.js';

export {
  type ContainerSpec,
  CREATED_LABEL,
  containerCreateOptions,
  containerListeners,
  type NetworkMode,
  RUN_LABEL,
} from './docker/container-create-options.js';

export { containerLogs, demuxLogs } from './docker/container-logs.js';
export type { ImageSource, ResolvedImage } from './docker/image-source.js';

const EXEC_TIMEOUT_MS = 30_000;

export interface DockerDriverOptions {
  /** Default: DOCKER_HOST or the local socket. */
  docker?: Docker;
  /** Default: build from this repository (an unchanged image is reused). */
  image?: ImageSource;
  /** Default: a fresh random id. */
  runId?: string;
  /** Default host (loopback ports); bridge publishes ports on 127.0.0.1. */
  network?: NetworkMode;
  tls?: boolean;
  oidcProviders?: OidcProviderSpec[];
  /** Deep-merged into the generated runevault.conf. */
  configOverrides?: Record<string, unknown>;
  /** Who makes the FHE keys: this process before start (default), or the vault at first start. */
  keys?: 'host' | 'container';
  healthDeadlineMs?: number;
  /** The user of the member token issued at start. */
  tokenUser?: string;
  /** Remove the container on SIGINT/SIGTERM while it is alive (default true). */
  teardownOnSignal?: boolean;
  /** Where the host folder mounted into the container is made (default: the OS temp dir). */
  parentDir?: string;
  log?: (line: string) => void;
}

export interface DockerVaultTimings {
  /** Build (or reuse) / load / inspect of the image. */
  imageMs: number;
  /** Key generation on the host (0 when the container generates them). */
  keygenMs: number;
  /** From the create request to the first 200 on /health. */
  createToHealthyMs: number;
  /** From the start request to the first 200 on /health. */
  startToHealthyMs: number;
  /** `runevault token issue` through exec. */
  tokenMs: number;
  totalMs: number;
}

export interface DockerVault extends VaultUnderTest {
  driver: 'docker';
  runId: string;
  container: Docker.Container;
  containerId: string;
  image: ResolvedImage;
  /** The host folder whose configs/ and vault-keys/ are mounted into the container. */
  home: VaultHome;
  timings: DockerVaultTimings;
  /** Runs `runevault <args>` inside the container (as its user); rejects on a non-zero exit. */
  runCli(args: string[]): Promise<ExecResult>;
  /** Leaves the container running past this process (--keep): drops the signal teardown. */
  release(): void;
}

export async function startDockerVault(options: DockerDriverOptions = {}): Promise<DockerVault> {
  const started = performance.now();
  const since = (at: number) => Math.round(performance.now() - at);
  const docker = options.docker ?? connectDocker();
  const log = options.log ?? (() => {});
  const runId = options.runId ?? newRunId();
  const network = options.network ?? 'host';
  const [grpcPort = 0, httpPort = 0] = await freePorts(2);

  // The image build and the key generation are independent: overlap them.
  const imageStarted = performance.now();
  const imagePromise = resolveVaultImage(docker, options.image ?? { kind: 'build' }, (line) => {
    if (!line.startsWith('Step ')) log(line);
  }).then((image) => ({ image, imageMs: since(imageStarted) }));
  const oidcMounts: BindMount[] = (options.oidcProviders ?? []).map((provider, index) => ({
    hostPath: provider.jwksFile,
    containerPath: `${CONTAINER_INSTALL_DIR}/oidc/${index}-jwks.json`,
    readOnly: true,
  }));
  let home: VaultHome | undefined;
  let creating: Promise<Docker.Container> | undefined;
  const homePromise = prepareVaultHome({
    ...containerListeners({ network, grpcPort, httpPort }),
    tls: options.tls ?? false,
    oidcProviders: (options.oidcProviders ?? []).map((provider, index) => ({
      ...provider,
      jwksFile: oidcMounts[index]?.containerPath ?? provider.jwksFile,
    })),
    ...(options.configOverrides ? { configOverrides: options.configOverrides } : {}),
    generateKeys: (options.keys ?? 'host') === 'host',
    ...(options.parentDir ? { parentDir: options.parentDir } : {}),
    prefix: 'runevault-e2e-docker-',
  }).then((made) => {
    home = made;
    return made;
  });
  // Whatever exists when it runs: a create still in flight is awaited, so it cannot slip past.
  // Memoized: a signal's teardown and the start's own failure path share one removal.
  let removal: Promise<void> | undefined;
  const removeEverything = () => {
    removal ??= (async () => {
      try {
        const container = await creating?.catch(() => undefined);
        await container?.remove({ force: true }).catch(ignoreGone);
      } finally {
        await (home ?? (await homePromise.catch(() => undefined)))?.remove().catch(() => undefined);
      }
    })();
    return removal;
  };
  let interruptedBy: string | undefined;
  const unregister =
    options.teardownOnSignal === false
      ? () => {}
      : teardownOnSignal(`vault run ${runId}`, (signal) => {
          interruptedBy = signal;
          return removeEverything();
        });

  try {
    const [{ image, imageMs }, prepared] = await Promise.all([imagePromise, homePromise]);
    log(
      `image ${image.ref} (${image.id.slice(7, 19)}): ${image.how} in ${imageMs} ms${image.offlineBase ? ' on the offline base' : ''}`,
    );
    handToRuntimeUser(prepared.configsDir);
    handToRuntimeUser(prepared.keysDir);

    const createStarted = performance.now();
    creating = docker.createContainer(
      containerCreateOptions({
        image: image.ref,
        runId,
        createdAtMs: Date.now(),
        network,
        grpcPort,
        httpPort,
        mounts: [
          { hostPath: prepared.configsDir, containerPath: `${CONTAINER_INSTALL_DIR}/configs` },
          { hostPath: prepared.keysDir, containerPath: `${CONTAINER_INSTALL_DIR}/${KEYS_PATH}` },
          ...oidcMounts,
        ],
      }),
    );
    const container = await creating;
    const startStarted = performance.now();
    await container.start();
    const httpUrl = `http://127.0.0.1:${httpPort}`;
    const ready = await new HttpHealthWait(`${httpUrl}/health`)
      .withDeadline(options.healthDeadlineMs ?? DEFAULT_HEALTH_DEADLINE_MS)
      .waitUntilReady(containerWaitTarget(container));
    const startToHealthyMs = since(startStarted);
    const createToHealthyMs = since(createStarted);
    log(
      `container ${container.id.slice(0, 12)} (run ${runId}) healthy in ${startToHealthyMs} ms (${ready.attempts} polls)`,
    );

    const running = container;
    const runCli = async (args: string[]): Promise<ExecResult> => {
      const result = await execInContainer(docker, running.id, ['runevault', ...args], {
        timeoutMs: EXEC_TIMEOUT_MS,
      });
      if (result.exitCode !== 0) {
        throw new Error(
          `runevault ${args[0]} ${args[1] ?? ''} in container ${running.id.slice(0, 12)} exited ${result.exitCode}: ` +
            `${(result.stderr || result.stdout).trim()}`,
        );
      }
      return result;
    };
    const issueToken = async (user: string, role: string) =>
      parseIssuedToken((await runCli(tokenIssueArgs(user, role))).stdout);
    const tokenStarted = performance.now();
    const token = await issueToken(options.tokenUser ?? DEFAULT_TOKEN_USER, 'member');
    const tokenMs = since(tokenStarted);

    let finalLogs: string | undefined;
    let stopping: Promise<void> | undefined;
    const stop = () => {
      stopping ??= (async () => {
        await running.stop({ t: 10 }).catch(ignoreNotFoundOrNotModified);
        // Kept so readLogs still answers (failure reports) once the container is gone.
        finalLogs = await containerLogs(running).catch(() => finalLogs);
        await removeEverything();
        unregister();
      })();
      return stopping;
    };
    return {
      driver: 'docker',
      runId,
      container: running,
      containerId: running.id,
      image,
      home: prepared,
      grpcAddress: `127.0.0.1:${grpcPort}`,
      httpUrl,
      token,
      ...(prepared.tls ? { tlsRootCert: prepared.tls.pem } : {}),
      timings: {
        imageMs,
        keygenMs: prepared.keygenMs,
        createToHealthyMs,
        startToHealthyMs,
        tokenMs,
        totalMs: since(started),
      },
      runCli,
      issueToken,
      createRole: async (role: RoleSpec) => {
        await runCli(roleCreateArgs(role));
      },
      readLogs: async () => {
        if (!stopping) return containerLogs(running);
        await stopping;
        return finalLogs ?? '';
      },
      knownSecrets: () =>
        readKnownSecrets({ teamSecretFile: prepared.teamSecretFile, secKeyFile: prepared.secKeyFile }),
      stop,
      release: unregister,
    };
  } catch (error) {
    await removeEverything();
    unregister();
    if (interruptedBy) {
      throw new Error(
        `vault start interrupted by ${interruptedBy} (run ${runId}); its container and folder were removed`,
      );
    }
    throw error;
  }
}

/** The token out of `runevault token issue --json` output. */
export function parseIssuedToken(stdout: string): string {
  let token: unknown;
  try {
    token = (JSON.parse(stdout) as { token?: unknown }).token;
  } catch {
    token = undefined;
  }
  if (typeof token !== 'string' || token === '') {
    // The output is the CLI's own text, never the token we could not find.
    throw new Error(
      `runevault token issue --json printed no token: ${stdout.trim().slice(0, 200) || '(nothing)'}`,
    );
  }
  return token;
}

export function newRunId(): string {
  return `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}

export interface SweepOptions {
  docker?: Docker;
  /** Only containers created at least this long ago go (a live run's stay). */
  olderThanMs: number;
  /** A label key (any value) or key=value; default RUN_LABEL (every run). */
  label?: string;
}

export interface SweptContainer {
  id: string;
  runId?: string;
  ageMs: number;
}

/**
 * Removes labelled leftovers (a killed run, a --keep) older than `olderThanMs`. The age is
 * read from CREATED_LABEL, else from the engine's creation time.
 */
export async function sweepLabelledContainers(options: SweepOptions): Promise<SweptContainer[]> {
  const docker = options.docker ?? connectDocker();
  const now = Date.now();
  const found = await docker.listContainers({ all: true, filters: { label: [options.label ?? RUN_LABEL] } });
  const old = found
    .map((info) => {
      const created = Number(info.Labels?.[CREATED_LABEL]);
      const createdAt = Number.isFinite(created) && created > 0 ? created : info.Created * 1000;
      return { id: info.Id, runId: info.Labels?.[RUN_LABEL], ageMs: now - createdAt };
    })
    .filter((entry) => entry.ageMs >= options.olderThanMs);
  await Promise.all(
    old.map((entry) => docker.getContainer(entry.id).remove({ force: true }).catch(ignoreNotFound)),
  );
  return old.map((entry) => ({
    id: entry.id,
    ageMs: entry.ageMs,
    ...(entry.runId ? { runId: entry.runId } : {}),
  }));
}

/** Containers carrying a run's label (what a finished run must leave at zero). */
export function listRunContainers(docker: Docker, runId: string): Promise<Docker.ContainerInfo[]> {
  return docker.listContainers({ all: true, filters: { label: [`${RUN_LABEL}=${runId}`] } });
}

function ignoreNotFound(error: unknown): void {
  if (!isNotFound(error)) throw error;
}

/** 404: already removed; 409: a removal is already in progress (a teardown racing another). */
function ignoreGone(error: unknown): void {
  if ((error as { statusCode?: number }).statusCode !== 409) ignoreNotFound(error);
}

function ignoreNotFoundOrNotModified(error: unknown): void {
  // 304: already stopped.
  if ((error as { statusCode?: number }).statusCode !== 304) ignoreNotFound(error);
}
