// main: Docker engine → image → container → health → token, each a section of the log.
// Post's cleanup depends on state saved as early as possible: the host folder when it
// exists, the container the moment it is created.
import './commonjs-globals.js';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as core from '@actions/core';
import {
  checkDockerEngine,
  type DockerVault,
  HealthDeadlineError,
  REPO_LABEL,
  startVaultContainer,
  TargetExitedError,
  type VaultStartPhase,
} from '@runevault/e2e/drivers/docker';
import { logSafe, logSafeLines } from '../../common/src/log-safe.js';
import type { StartInputs } from './inputs.js';
import * as state from './state-helper.js';
import { resolveActionImage } from './vault-image.js';

export interface StartOutputs {
  containerId: string;
  grpcEndpoint: string;
  httpEndpoint: string;
  /** '' when issue-token is empty. */
  token: string;
  image: string;
  /** The registry digest of a pulled image (sha256:…), or the image ID of one built or loaded here. */
  imageDigest: string;
  /** With tls: the CA certificate (PEM) a client trusts; '' without. */
  tlsCa: string;
}

/** Beside configs/ in the host folder: readable by the runner's user, removed with it by post. */
const TLS_CA_FILE = 'tls-ca.pem';

const PHASE_TITLES: Record<VaultStartPhase, string> = {
  container: 'Container',
  health: 'Health',
  token: 'Token',
};

/** What a user sees when no engine answers: how to get one, not how this repo's tests do. */
const ENGINE_HINT =
  'this action needs a Docker engine: use a runner that has one (ubuntu-latest does), start dockerd, or point DOCKER_HOST at one';

export async function startVault(
  inputs: StartInputs,
  env: NodeJS.ProcessEnv = process.env,
): Promise<StartOutputs> {
  const docker = await core.group('Docker engine', async () => {
    // checkDockerEngine appends this to its reason ("no Docker engine answers at …").
    process.env.RUNEVAULT_DOCKER_STATUS = ENGINE_HINT;
    const engine = await checkDockerEngine();
    if (!engine.ok) throw new Error(engine.reason);
    core.info(`Docker engine ${engine.version} at ${env.DOCKER_HOST || 'the local socket'}`);
    return engine.docker;
  });
  const image = await core.group('Image', () => resolveActionImage(docker, inputs, env));

  let open: string | undefined;
  const enter = (title: string) => {
    if (open) core.endGroup();
    core.startGroup(title);
    open = title;
  };
  let vault: DockerVault;
  try {
    vault = await startVaultContainer({
      docker,
      resolveImage: async () => image,
      name: inputs.name,
      ...(env.GITHUB_REPOSITORY ? { labels: { [REPO_LABEL]: env.GITHUB_REPOSITORY } } : {}),
      network: inputs.network,
      grpcPort: inputs.grpcPort,
      httpPort: inputs.httpPort,
      ...(inputs.config ? { configFile: inputs.config } : {}),
      ...(inputs.keys ? { keysDir: inputs.keys } : {}),
      ...(inputs.oidcJwks ? { oidcJwksFile: inputs.oidcJwks } : {}),
      tls: inputs.tls,
      healthDeadlineMs: inputs.healthTimeoutMs,
      issueToken: inputs.issueToken ?? false,
      // The runner's cancel (SIGINT/SIGTERM) still runs post, which removes it; the driver's own
      // teardown would race it and exit the process before main could record anything.
      teardownOnSignal: false,
      ...(env.RUNNER_TEMP ? { parentDir: env.RUNNER_TEMP } : {}),
      // The Image section already named the image. Driver lines carry input values (names, paths).
      log: (line) => {
        if (!line.startsWith('image ')) core.info(logSafeLines(line));
      },
      hooks: {
        phase: (phase) => enter(PHASE_TITLES[phase]),
        homeReady: (home) => {
          state.setHomeDir(home.dir);
          // The vault never prints its team secret; masked anyway, as every secret we handle.
          // A given config may name one that is not there yet: the vault makes it at first
          // start, and it is masked once read back out of the container below.
          if (existsSync(home.teamSecretFile)) {
            const teamSecret = readFileSync(home.teamSecretFile, 'utf8').trim();
            if (teamSecret) core.setSecret(teamSecret);
          }
          if (inputs.oidcJwks && home.jwksProviders === 0) {
            core.warning(
              `oidc-jwks ${logSafe(inputs.oidcJwks)} is copied to the vault's configs/ but no OIDC provider of the config reads a jwks_file, so nothing uses it`,
            );
          }
        },
        containerCreated: ({ id, runId }) => {
          state.setContainerId(id);
          state.setRunLabel(runId);
        },
      },
    });
    if (!existsSync(vault.home.teamSecretFile)) {
      const made = (await vault.knownSecrets()).teamSecret;
      if (made) core.setSecret(made);
    }
    // Masked before it is output or could be printed anywhere.
    if (vault.token) {
      core.setSecret(vault.token);
      core.info(
        `issued a token for user ${logSafe(inputs.issueToken?.user ?? '')}, role ${logSafe(inputs.issueToken?.role ?? '')} (masked)`,
      );
    }
  } catch (error) {
    if (open) core.endGroup();
    open = undefined;
    throw explainStartFailure(error, inputs);
  } finally {
    if (open) core.endGroup();
  }
  // The certificate is self-signed, so it is its own CA: a copy beside configs/ (which went
  // into the container) in the host folder, for the job's later steps; post removes it.
  let tlsCa = '';
  if (vault.tlsRootCert) {
    tlsCa = join(vault.home.dir, TLS_CA_FILE);
    writeFileSync(tlsCa, vault.tlsRootCert, { mode: 0o644 });
  }
  core.info(
    `vault ${vault.containerId.slice(0, 12)} (${logSafe(inputs.name)}) healthy at ${vault.grpcAddress} (gRPC${tlsCa ? ` over TLS, CA ${logSafe(tlsCa)}` : ''}) and ${vault.httpUrl}; ` +
      `started in ${vault.timings.totalMs} ms`,
  );
  return {
    containerId: vault.containerId,
    grpcEndpoint: vault.grpcAddress,
    httpEndpoint: vault.httpUrl,
    token: vault.token,
    image: image.ref,
    imageDigest: image.digest,
    tlsCa,
  };
}

/**
 * One line for the ::error:: annotation, saying what to do; the vault's own last log lines
 * (which the driver puts in its message) go to the log above it.
 */
export function explainStartFailure(error: unknown, inputs: StartInputs): Error {
  if (error instanceof HealthDeadlineError || error instanceof TargetExitedError) {
    core.startGroup('Vault log (last lines)');
    core.info(logSafeLines(error.logs));
    core.endGroup();
  }
  if (error instanceof HealthDeadlineError) {
    return new Error(
      `the vault in ${error.target} did not answer GET /health within health-timeout ` +
        `(${inputs.healthTimeoutMs} ms); its last log lines are above: raise health-timeout if it was still starting, or fix what the log shows`,
    );
  }
  if (error instanceof TargetExitedError) {
    const code = error.exit.exitCode === null ? 'unknown code' : `code ${error.exit.exitCode}`;
    return new Error(
      `the vault in ${error.target} exited (${code}) before it became healthy; its last log lines are above: ` +
        'fix the config or keys it names',
    );
  }
  const status = (error as { statusCode?: number }).statusCode;
  if (status === 409 && /already in use|Conflict/i.test(String((error as Error).message))) {
    return new Error(
      `a container named ${logSafe(inputs.name)} already exists; remove it (docker rm -f ${logSafe(inputs.name)}) or set the name input to one unique per job`,
    );
  }
  return error instanceof Error ? error : new Error(String(error));
}
