// The running vault as the cases see it: the address driver over the given endpoints, with
// the container (or admin socket) for admin commands and the container (or log file) as the
// log source. What the inputs cannot give becomes a skip with its reason, not a failure.
import { readFile } from 'node:fs/promises';
import { connect } from 'node:net';
import * as core from '@actions/core';
import {
  CaseSkip,
  connectAddressVault,
  HealthDeadlineError,
  type OidcFixture,
  type RoleSpec,
  type VaultUnderTest,
} from '@runevault/e2e/suite';
import { logSafe } from '../../common/src/log-safe.js';
import type { RunE2eSuiteInputs } from './inputs.js';

/** How long /health may take to answer: the vault is meant to be up already. */
const HEALTH_DEADLINE_MS = 10_000;
const GRPC_PROBE_TIMEOUT_MS = 3_000;

export const NO_ADMIN_ACCESS =
  "needs the vault's admin CLI to create users and roles: give the container input (or admin-socket for a vault on this host)";
export const NO_LOG_ACCESS = "needs the vault's log: give the container input (or log-file)";

/** The vault did not answer; the message says what to check. */
class VaultUnreachableError extends Error {
  override name = 'VaultUnreachableError';
}

export type ConnectionInputs = Pick<
  RunE2eSuiteInputs,
  'grpcEndpoint' | 'httpEndpoint' | 'token' | 'container' | 'logFile' | 'adminSocket' | 'tlsCa'
>;

/** `oidc`: case 15's fixture, when the inputs give one (oidc-token). */
export async function connectSuiteVault(
  inputs: ConnectionInputs,
  oidc?: OidcFixture,
): Promise<VaultUnderTest> {
  const tlsRootCert = inputs.tlsCa ? await readFile(inputs.tlsCa) : undefined;
  let vault: VaultUnderTest;
  try {
    vault = await connectAddressVault({
      grpcAddress: inputs.grpcEndpoint,
      httpUrl: inputs.httpEndpoint,
      ...(inputs.token ? { token: inputs.token } : {}),
      ...(inputs.adminSocket ? { adminSocket: inputs.adminSocket } : {}),
      ...(inputs.container ? { container: { id: inputs.container } } : {}),
      ...(inputs.logFile ? { logs: { file: inputs.logFile } } : {}),
      ...(tlsRootCert ? { tlsRootCert } : {}),
      healthDeadlineMs: HEALTH_DEADLINE_MS,
    });
  } catch (error) {
    if (error instanceof HealthDeadlineError) {
      throw new VaultUnreachableError(
        `the vault is not reachable: GET ${logSafe(inputs.httpEndpoint)}/health did not answer 200 within ${HEALTH_DEADLINE_MS / 1000} s; ` +
          'check that the vault is running and healthy, and that http-endpoint and grpc-endpoint are the addresses it listens on as seen from this job',
      );
    }
    throw error;
  }
  // Issued by the driver when no token was given: masked before anything could print it.
  if (!inputs.token) core.setSecret(vault.token);
  await probeGrpcEndpoint(inputs.grpcEndpoint, inputs.httpEndpoint);

  const admin = Boolean(inputs.container || inputs.adminSocket);
  const logs = Boolean(inputs.container || inputs.logFile);
  // Every value here is an input: escaped, so none can start a workflow command.
  const http = logSafe(inputs.httpEndpoint);
  const container = logSafe(inputs.container ?? '');
  core.info(`vault healthy at ${http}; gRPC endpoint ${logSafe(inputs.grpcEndpoint)} accepts connections`);
  core.info(
    `log source: ${inputs.logFile ? `file ${logSafe(inputs.logFile)}` : inputs.container ? `container ${container}` : `none (cases that read logs are skipped: ${NO_LOG_ACCESS})`}`,
  );
  core.info(
    `admin commands: ${inputs.adminSocket ? `socket ${logSafe(inputs.adminSocket)}` : inputs.container ? `docker exec in container ${container}` : `none (cases that create users or roles are skipped: ${NO_ADMIN_ACCESS})`}`,
  );
  return withActionRules({ ...vault, ...(oidc ? { oidc } : {}) }, { admin, logs });
}

/**
 * Tokens issued for the cases are masked as they arrive; missing admin or log access turns the
 * cases that need it into skips (CaseSkip), as a vault without TLS skips the tls case.
 */
export function withActionRules(
  vault: VaultUnderTest,
  access: { admin: boolean; logs: boolean },
): VaultUnderTest {
  return {
    ...vault,
    issueToken: async (user: string, role: string) => {
      if (!access.admin) throw new CaseSkip(NO_ADMIN_ACCESS);
      const token = await vault.issueToken(user, role);
      core.setSecret(token);
      return token;
    },
    createRole: async (role: RoleSpec) => {
      if (!access.admin) throw new CaseSkip(NO_ADMIN_ACCESS);
      await vault.createRole(role);
    },
    readLogs: async () => {
      if (!access.logs) throw new CaseSkip(NO_LOG_ACCESS);
      return vault.readLogs();
    },
  };
}

/** /health can answer while the gRPC port is wrong: one TCP connect tells them apart. */
async function probeGrpcEndpoint(
  grpcEndpoint: string,
  httpEndpoint: string,
  timeoutMs = GRPC_PROBE_TIMEOUT_MS,
): Promise<void> {
  const at = grpcEndpoint.lastIndexOf(':');
  const host = grpcEndpoint.slice(0, at).replace(/^\[(.*)\]$/, '$1');
  const port = Number(grpcEndpoint.slice(at + 1));
  const problem = await new Promise<string | undefined>((resolve) => {
    const socket = connect({ host, port });
    const done = (result: string | undefined) => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(timeoutMs, () => done(`no answer within ${timeoutMs} ms`));
    socket.once('connect', () => done(undefined));
    socket.once('error', (error: NodeJS.ErrnoException) => done(error.code ?? error.message));
  });
  if (problem) {
    throw new VaultUnreachableError(
      `the vault's gRPC endpoint ${logSafe(grpcEndpoint)} does not accept connections (${problem}) although ${logSafe(httpEndpoint)}/health answers; ` +
        'check grpc-endpoint: it must be the gRPC port of the same vault',
    );
  }
}
