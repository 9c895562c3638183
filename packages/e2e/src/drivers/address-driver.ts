// The address driver: a vault someone else started. The caller gives its endpoints, a token
// (or an admin socket to issue one), and where its log can be read; stop() leaves it running.
import { readFile } from 'node:fs/promises';
import type { RoleSpec, VaultUnderTest } from '../vault-under-test.js';
import { createRoleViaSocket, issueTokenViaSocket } from './admin-commands.js';
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
  tlsRootCert?: Buffer;
  /** Its log: a file this host can read, or a function returning the text so far. */
  logs?: { file: string } | (() => Promise<string>);
  /** Secret files, when this host can read them (for the no-secret-leak case). */
  secrets?: { teamSecretFile?: string; secKeyFile?: string };
  /** How long /health may take to answer 200 before giving up (default 10 s). */
  healthDeadlineMs?: number;
  tokenUser?: string;
}

export const NO_ADMIN_SOCKET =
  'the address driver cannot issue tokens or create roles without --admin-socket (the admin socket of the running vault)';

export const NO_LOG_SOURCE =
  'the address driver has no log source for this vault; pass its log file (--log-file) to check audit lines';

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

  const { adminSocket } = options;
  const requireSocket = (): string => {
    if (!adminSocket) throw new Error(NO_ADMIN_SOCKET);
    return adminSocket;
  };
  const token =
    options.token ??
    (adminSocket
      ? await issueTokenViaSocket(adminSocket, options.tokenUser ?? DEFAULT_TOKEN_USER, 'member')
      : undefined);
  if (!token)
    throw new Error(
      `the address driver needs a token (--token) or an admin socket to issue one: ${NO_ADMIN_SOCKET}`,
    );

  const logs = options.logs;
  return {
    driver: 'address',
    grpcAddress: options.grpcAddress,
    httpUrl,
    token,
    ...(options.tlsRootCert ? { tlsRootCert: options.tlsRootCert } : {}),
    issueToken: async (user: string, role: string) => issueTokenViaSocket(requireSocket(), user, role),
    createRole: async (role: RoleSpec) => createRoleViaSocket(requireSocket(), role),
    readLogs: async () => {
      if (!logs) throw new Error(NO_LOG_SOURCE);
      return typeof logs === 'function' ? logs() : readFile(logs.file, 'utf8');
    },
    knownSecrets: async (): Promise<KnownSecrets> =>
      options.secrets ? readKnownSecrets(options.secrets) : { secKeyFragments: [] },
    stop: async () => {},
  };
}
