// What the action does, in order: deps → CLI → PATH → runevault.conf → FHE keys → version.
// Every secret it makes is masked before the first line that could print it.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import * as core from '@actions/core';
import { DEFAULT_KEY_ID, DEFAULT_KEYS_PATH, writeVaultConfig } from '@runevault/vault/config';
import { logSafe } from '../../common/src/log-safe.js';
import { ActionCache, type RestoreResult } from './action-cache.js';
import { prepareFheKeys } from './fhe-keys.js';
import type { SetupVaultInputs } from './inputs.js';
import { installLauncher, runevaultVersion } from './runevault-launcher.js';
import { makeSelfSignedCert } from './tls-cert.js';
import { buildWorkspaceCli, installDependencies } from './workspace-build.js';

/** Where build-actions copies packages/vault/dist, relative to the action's dist/. */
const BUNDLED_CLI_PATH = 'runevault/runevault.mjs';

export interface SetupVaultResult {
  home: string;
  config: string;
  keysPath: string;
  /** True when every cache this run asked answered with an exact hit. */
  cacheHit: boolean;
  version: string;
}

export interface SetupVaultContext {
  /** The action's dist/ folder, which holds the bundled CLI. */
  actionDistDir: string;
  env?: NodeJS.ProcessEnv;
}

export async function setupVault(
  inputs: SetupVaultInputs,
  context: SetupVaultContext,
): Promise<SetupVaultResult> {
  // A given team secret is masked by the caller before the inputs are even parsed.
  let teamSecret = inputs.teamSecret;
  if (teamSecret === undefined) {
    teamSecret = randomBytes(32).toString('hex');
    core.setSecret(teamSecret);
  }

  const cache = ActionCache.open(inputs.cache, context.env);
  const restores: RestoreResult[] = [];
  const { home } = inputs;
  mkdirSync(home, { recursive: true, mode: 0o700 });

  let cliPath: string;
  if (inputs.source === 'workspace') {
    const dir = inputs.workingDirectory;
    if (inputs.install) {
      restores.push(await core.group('Install npm dependencies', () => installDependencies(dir, cache)));
    }
    cliPath = await core.group('Build the runevault CLI', () => buildWorkspaceCli(dir));
  } else {
    cliPath = join(context.actionDistDir, BUNDLED_CLI_PATH);
    if (!existsSync(cliPath)) {
      throw new Error(
        `the bundled runevault CLI is missing at ${logSafe(cliPath)}; this copy of the action is incomplete (run npm run build:actions), or use source: workspace`,
      );
    }
  }

  const launcher = installLauncher(join(home, 'bin'), cliPath);
  core.addPath(launcher.binDir);
  core.info(`runevault is on PATH from ${logSafe(launcher.binDir)}`);

  const configsDir = join(home, 'configs');
  const config = join(configsDir, 'runevault.conf');
  await core.group('Write runevault.conf', async () => {
    mkdirSync(configsDir, { recursive: true, mode: 0o700 });
    const tls = inputs.tls ? await makeSelfSignedCert(configsDir) : undefined;
    await writeVaultConfig(config, {
      writtenBy: 'the setup-vault action',
      teamSecret,
      grpc: { port: inputs.grpcPort },
      http: { port: inputs.httpPort },
      // Relative to home, so the same file works when home is mounted into a container.
      ...(tls ? { tls: { cert: 'configs/server.pem', key: 'configs/server.key' } } : {}),
    });
    core.info(
      `${logSafe(config)} (mode 0600): gRPC port ${inputs.grpcPort} with TLS ${inputs.tls ? 'on (self-signed)' : 'off'}, HTTP port ${inputs.httpPort}`,
    );
  });

  const keysPath = join(home, DEFAULT_KEYS_PATH);
  if (inputs.generateKeys) {
    const keys = await core.group('FHE keys', () =>
      prepareFheKeys({ keyDir: join(keysPath, DEFAULT_KEY_ID), configFile: config, launcher, cache }),
    );
    if (keys.source !== 'existing') restores.push(keys.restore);
  }

  const version = await runevaultVersion(launcher);
  return {
    home,
    config,
    keysPath,
    cacheHit: restores.length > 0 && restores.every((result) => result === 'exact'),
    version,
  };
}
