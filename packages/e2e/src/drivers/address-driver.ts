// The address driver: a vault someone else started. The caller gives its endpoints, a token
// (or admin access to issue one: an admin socket, a command line that runs its admin CLI, or
// the vault's container), and where its log can be read (a file, a command, or the
// container); stop() leaves it running.
import { readFile } from 'node:fs/promises';
import { connectDocker, isNotFound } from '@runevault/vault-image/docker';
import type Docker from 'dockerode';
import type { RoleSpec, VaultUnderTest } from '../vault-under-test.js';
import {
  type AdminCli,
  commandLineCli,
  createRoleViaCli,
  createRoleViaSocket,
  issueTokenViaCli,
  issueTokenViaSocket,
  runShellCommand,
} from './admin-commands.js';
import { containerVaultCli } from './docker/container-cli.js';
import { containerLogs } from './docker/container-logs.js';
import { DEFAULT_TOKEN_USER } from './driver-defaults.js';
import { type KnownSecrets, readKnownSecrets } from './known-secrets.js';
import { HttpHealthWait } from './wait/http-health-wait.js';

export interface AddressDriverOptions {
  /** host:port of its gRPC listener. */
  grpcAddress: string;
  /** http://host:port of its /health + /metrics listener. */
  httpUrl: string;
  /** A member token; without one, one is issued through adminSocket. */
  token?: string;
  /** The admin socket on this host (--admin-socket): needed for issueToken and createRole. */
  adminSocket?: string;
  /**
   * Instead of a socket: a shell command line that runs the vault's admin CLI
   * (--admin-command, e.g. `docker exec ctr runevault` or `ssh host sudo runevault`); the driver
   * appends `token issue … --json` / `role create …` and reads the token from its stdout.
   */
  adminCommand?: string;
  /**
   * The vault's container on a Docker engine this host reaches: without an adminSocket,
   * issueToken and createRole run `runevault` in it through docker exec; without `logs`, its
   * output is the log source. It must exist and be running.
   */
  container?: { id: string; docker?: Docker };
  tlsRootCert?: Buffer;
  /**
   * Its log: a file this host can read, a shell command printing it so far (stdout, then
   * stderr; e.g. `docker logs ctr`), or a function returning the text so far.
   */
  logs?: { file: string } | { command: string } | (() => Promise<string>);
  /** Secret files, when this host can read them (for the no-secret-leak case). */
  secrets?: { teamSecretFile?: string; secKeyFile?: string };
  /** How long /health may take to answer 200 before giving up (default 10 s). */
  healthDeadlineMs?: number;
  tokenUser?: string;
}

export const NO_ADMIN_SOCKET =
  "the address driver cannot issue tokens or create roles without admin access to the vault: pass --admin-socket PATH (its admin socket on this host) or --admin-command 'CMD' (a command line that runs its runevault CLI, e.g. 'docker exec CONTAINER runevault')";

export const NO_LOG_SOURCE =
  "the address driver has no log source for this vault; pass --log-file PATH or --log-command 'CMD' (e.g. 'docker logs CONTAINER') to check audit lines";

export async function connectAddressVault(options: AddressDriverOptions): Promise<VaultUnderTest> {
  const httpUrl = options.httpUrl.replace(/\/+$/, '');
  // Nothing to watch exit; the wait fails with the deadline and says so.
  await new HttpHealthWait(`${httpUrl}/health`)
    .withDeadline(options.healthDeadlineMs ?? 10_000)
    .waitUntilReady({
      description: `the vault at ${httpUrl} (address driver)`,
      exited: (signal) =>
        new Promise((resolve) => signal.addEventListener('abort', () => resolve(undefined), { once: true })),
      lastLogLines: async () => '(the address driver has no log of its own)',
    });

  if (options.adminSocket && options.adminCommand) {
    throw new Error('the address driver takes one admin access, --admin-socket or --admin-command, not both');
  }
  const container = options.container ? await runningContainer(options.container) : undefined;
  const admin = adminAccess(options, container);
  const token =
    options.token ??
    (admin ? await admin.issueToken(options.tokenUser ?? DEFAULT_TOKEN_USER, 'member') : undefined);
  if (!token)
    throw new Error(
      `the address driver needs a member token (--token-env NAME) or admin access to issue one: ${NO_ADMIN_SOCKET}`,
    );

  const logs = options.logs ?? (container ? () => containerLogs(container.handle) : undefined);
  const requireAdmin = (): Admin => {
    if (!admin) throw new Error(NO_ADMIN_SOCKET);
    return admin;
  };
  return {
    driver: 'address',
    grpcAddress: options.grpcAddress,
    httpUrl,
    token,
    ...(options.tlsRootCert ? { tlsRootCert: options.tlsRootCert } : {}),
    issueToken: async (user: string, role: string) => requireAdmin().issueToken(user, role),
    createRole: async (role: RoleSpec) => requireAdmin().createRole(role),
    readLogs: async () => {
      if (!logs) throw new Error(NO_LOG_SOURCE);
      if (typeof logs === 'function') return logs();
      if ('file' in logs) return readFile(logs.file, 'utf8');
      // Cases look for lines, not for how the two streams interleave.
      const { stdout, stderr } = await runShellCommand(logs.command);
      return `${stdout}${stdout.endsWith('\n') || stdout === '' ? '' : '\n'}${stderr}`;
    },
    knownSecrets: async (): Promise<KnownSecrets> =>
      options.secrets ? readKnownSecrets(options.secrets) : { secKeyFragments: [] },
    stop: async () => {},
  };
}

interface Admin {
  issueToken(user: string, role: string): Promise<string>;
  createRole(role: RoleSpec): Promise<void>;
}

interface ResolvedContainer {
  docker: Docker;
  handle: Docker.Container;
  id: string;
}

/**
 * The socket when given (no engine round trip per call), else the given command line, else
 * docker exec in the container.
 */
function adminAccess(
  { adminSocket, adminCommand }: Pick<AddressDriverOptions, 'adminSocket' | 'adminCommand'>,
  container: ResolvedContainer | undefined,
): Admin | undefined {
  if (adminSocket) {
    return {
      issueToken: (user, role) => issueTokenViaSocket(adminSocket, user, role),
      createRole: (role) => createRoleViaSocket(adminSocket, role),
    };
  }
  if (!adminCommand && !container) return undefined;
  const cli: AdminCli = adminCommand
    ? commandLineCli(adminCommand)
    : containerVaultCli((container as ResolvedContainer).docker, (container as ResolvedContainer).id);
  return {
    issueToken: (user, role) => issueTokenViaCli(cli, user, role),
    createRole: (role) => createRoleViaCli(cli, role),
  };
}

/** Checked once here, so a wrong name fails the connection instead of every case that uses it. */
async function runningContainer(spec: { id: string; docker?: Docker }): Promise<ResolvedContainer> {
  const docker = spec.docker ?? connectDocker();
  let info: Docker.ContainerInspectInfo;
  try {
    info = await docker.getContainer(spec.id).inspect();
  } catch (error) {
    if (isNotFound(error))
      throw new Error(
        `no container ${spec.id} on the Docker engine; give the id or name of the vault's container`,
      );
    throw new Error(
      `could not ask the Docker engine about container ${spec.id}: ${(error as Error).message}`,
    );
  }
  if (!info.State.Running)
    throw new Error(`container ${spec.id} is ${info.State.Status}, not running; start the vault first`);
  return { docker, handle: docker.getContainer(info.Id), id: info.Id };
}
