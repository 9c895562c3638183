// The vault in a labelled container: host networking on loopback ports (free ones unless
// given), configs and keys prepared in a host folder and copied into the created container
// through the Engine API (no bind mount, so any engine topology works: act, a remote
// DOCKER_HOST, DinD), ready when GET /health answers 200, with a token issued by
// `runevault token issue` run inside it. Teardown (stop, remove) also runs on SIGINT/SIGTERM.
// The image comes resolved from the caller, so this module never loads the image build:
// docker-driver.ts adds that; bundled tools use this directly.
import { relative, sep } from 'node:path';
import { freePorts } from '@runevault/vault/free-port';
import { connectDocker, type ExecResult, RUNTIME_GID, RUNTIME_UID } from '@runevault/vault-image/docker';
import type Docker from 'dockerode';
import type { RoleSpec, VaultUnderTest } from '../../vault-under-test.js';
import { createRoleViaCli, issueTokenViaCli } from '../admin-commands.js';
import { DEFAULT_HEALTH_DEADLINE_MS } from '../driver-defaults.js';
import { readKnownSecrets } from '../known-secrets.js';
import { teardownOnSignal } from '../signal-teardown.js';
import type { OidcProviderSpec } from '../vault-config.js';
import { prepareVaultHome, type VaultHome } from '../vault-home.js';
import { HttpHealthWait } from '../wait/http-health-wait.js';
import { containerVaultCli } from './container-cli.js';
import {
  CONTAINER_INSTALL_DIR,
  containerCreateOptions,
  containerListeners,
  type NetworkMode,
} from './container-create-options.js';
import { ignoreGone, ignoreNotFoundOrNotModified, newRunId } from './container-housekeeping.js';
import { containerLogs } from './container-logs.js';
import { containerWaitTarget } from './container-wait-target.js';
import { copyIntoContainer } from './copy-into-container.js';
import type { ResolvedImage } from './prebuilt-image.js';
import { readContainerFile } from './read-from-container.js';
import { oidcJwksEntryName, vaultInstallEntries } from './vault-install-files.js';

/** The steps after the image, in order; a caller can show them as sections of its log. */
export type VaultStartPhase = 'container' | 'health' | 'token';

export interface VaultContainerHooks {
  phase?(phase: VaultStartPhase): void;
  /** The host folder is ready: its secrets can be masked before anything could print them. */
  homeReady?(home: VaultHome): void | Promise<void>;
  /** The container exists (not yet started): record it, so a later cleanup can find it. */
  containerCreated?(container: { id: string; runId: string; name?: string }): void | Promise<void>;
}

export interface VaultContainerOptions {
  /** Default: DOCKER_HOST or the local socket. */
  docker?: Docker;
  /** Runs while the host folder is prepared. */
  resolveImage: () => Promise<ResolvedImage>;
  /** Default: a fresh random id. */
  runId?: string;
  /** The container's name (default: the engine picks one). */
  name?: string;
  /** Extra labels (the run labels are always set). */
  labels?: Record<string, string>;
  /** Default host (loopback ports); bridge publishes ports on 127.0.0.1. */
  network?: NetworkMode;
  /** Host ports on 127.0.0.1; 0 or absent: a free one. */
  grpcPort?: number;
  httpPort?: number;
  tls?: boolean;
  oidcProviders?: OidcProviderSpec[];
  /** Deep-merged into the config (generated or given). */
  configOverrides?: Record<string, unknown>;
  /** A runevault.conf to start from; its listeners and keys.path become the driver's. */
  configFile?: string;
  /** FHE keys to copy in (else made by generateKeys, else by the vault at first start). */
  keysDir?: string;
  /** A JWKS file for the given config's providers that read a jwks_file. */
  oidcJwksFile?: string;
  generateKeys?: (keyDir: string) => Promise<unknown>;
  healthDeadlineMs?: number;
  /** The token issued once healthy; false: none (`token` is then ''). */
  issueToken: { user: string; role: string } | false;
  /** Remove the container on SIGINT/SIGTERM while it is alive (default true). */
  teardownOnSignal?: boolean;
  /** Where the host folder copied into the container is made (default: the OS temp dir). */
  parentDir?: string;
  log?: (line: string) => void;
  hooks?: VaultContainerHooks;
}

export interface DockerVaultTimings {
  /** Build (or reuse) / load / inspect of the image. */
  imageMs: number;
  /** Key generation on the host (0 when the container generates them). */
  keygenMs: number;
  /** From the create request to the first 200 on /health (the copy in included). */
  createToHealthyMs: number;
  /** Packing the host folder's files and copying them into the created container. */
  copyMs: number;
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
  /**
   * The host folder whose configs/ and vault-keys/ were copied into the container; what the
   * vault made at first start (keys, a team secret) is only inside (knownSecrets reads it there).
   */
  home: VaultHome;
  timings: DockerVaultTimings;
  /** Runs `runevault <args>` inside the container (as its user); rejects on a non-zero exit. */
  runCli(args: string[]): Promise<ExecResult>;
  /** Leaves the container running past this process (--keep): drops the signal teardown. */
  release(): void;
}

export async function startVaultContainer(options: VaultContainerOptions): Promise<DockerVault> {
  const started = performance.now();
  const since = (at: number) => Math.round(performance.now() - at);
  const docker = options.docker ?? connectDocker();
  const log = options.log ?? (() => {});
  const hooks = options.hooks ?? {};
  const runId = options.runId ?? newRunId();
  const network = options.network ?? 'host';
  const [freeGrpc = 0, freeHttp = 0] = await freePorts(2);
  const grpcPort = options.grpcPort || freeGrpc;
  const httpPort = options.httpPort || freeHttp;

  hooks.phase?.('container');
  // The image and the host folder (maybe key generation) are independent: overlap them.
  const imageStarted = performance.now();
  const imagePromise = options.resolveImage().then((image) => ({ image, imageMs: since(imageStarted) }));
  let home: VaultHome | undefined;
  let creating: Promise<Docker.Container> | undefined;
  const homePromise = prepareVaultHome({
    ...containerListeners({ network, grpcPort, httpPort }),
    tls: options.tls ?? false,
    oidcProviders: (options.oidcProviders ?? []).map((provider, index) => ({
      ...provider,
      jwksFile: `${CONTAINER_INSTALL_DIR}/${oidcJwksEntryName(index)}`,
    })),
    ...(options.configOverrides ? { configOverrides: options.configOverrides } : {}),
    ...(options.configFile ? { configFile: options.configFile } : {}),
    ...(options.keysDir ? { keysDir: options.keysDir } : {}),
    ...(options.oidcJwksFile ? { oidcJwksFile: options.oidcJwksFile } : {}),
    ...(options.generateKeys ? { generateKeys: options.generateKeys } : {}),
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
    await hooks.homeReady?.(prepared);
    log(
      `image ${image.ref} (${image.id.slice(7, 19)}): ${image.how} in ${imageMs} ms${image.offlineBase ? ' on the offline base' : ''}`,
    );
    // Read before the create, so a file that cannot be read leaves no container behind.
    const installEntries = vaultInstallEntries(
      prepared.dir,
      (options.oidcProviders ?? []).map((provider) => provider.jwksFile),
    );

    const createStarted = performance.now();
    creating = docker.createContainer(
      containerCreateOptions({
        image: image.ref,
        runId,
        createdAtMs: Date.now(),
        network,
        grpcPort,
        httpPort,
        ...(options.name ? { name: options.name } : {}),
        ...(options.labels ? { labels: options.labels } : {}),
      }),
    );
    const container = await creating;
    await hooks.containerCreated?.({
      id: container.id,
      runId,
      ...(options.name ? { name: options.name } : {}),
    });
    log(
      `container ${container.id.slice(0, 12)}${options.name ? ` (${options.name})` : ''} created for run ${runId}`,
    );
    const copyStarted = performance.now();
    // Owned by the image's numeric user, which writes tokens.yml, roles.yml and missing keys there.
    const copied = await copyIntoContainer(container, CONTAINER_INSTALL_DIR, installEntries, {
      uid: RUNTIME_UID,
      gid: RUNTIME_GID,
    });
    const copyMs = since(copyStarted);
    log(
      `copied ${copied.files} file(s), ${copied.bytes} bytes, into ${CONTAINER_INSTALL_DIR} of container ${container.id.slice(0, 12)} in ${copyMs} ms`,
    );
    const startStarted = performance.now();
    await container.start();
    hooks.phase?.('health');
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
    const runCli = containerVaultCli(docker, running.id);
    const issueToken = (user: string, role: string) => issueTokenViaCli(runCli, user, role);
    const tokenStarted = performance.now();
    let token = '';
    if (options.issueToken) {
      hooks.phase?.('token');
      token = await issueToken(options.issueToken.user, options.issueToken.role);
    }
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
        copyMs,
        startToHealthyMs,
        tokenMs,
        totalMs: since(started),
      },
      runCli,
      issueToken,
      createRole: (role: RoleSpec) => createRoleViaCli(runCli, role),
      readLogs: async () => {
        if (!stopping) return containerLogs(running);
        await stopping;
        return finalLogs ?? '';
      },
      knownSecrets: () => knownSecretsOf(running, prepared),
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

/**
 * The team secret and SecKey as the vault has them: from the host folder when they were made
 * there, else (the vault made them at first start) read out of the container.
 */
function knownSecretsOf(container: Docker.Container, home: VaultHome) {
  const inContainer = (hostFile: string) => async () => {
    const inside = relative(home.dir, hostFile).split(sep).join('/');
    const bytes = await readContainerFile(container, `${CONTAINER_INSTALL_DIR}/${inside}`);
    return bytes?.toString('utf8');
  };
  return readKnownSecrets(
    { teamSecretFile: home.teamSecretFile, secKeyFile: home.secKeyFile },
    { teamSecretFile: inContainer(home.teamSecretFile), secKeyFile: inContainer(home.secKeyFile) },
  );
}
