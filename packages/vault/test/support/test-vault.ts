import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createVaultClient, type VaultClient } from '../../src/client/vault-client.js';
import { resolveConfig } from '../../src/config/load-config.js';
import type { VaultConfig } from '../../src/config/types.js';
import { createLogger } from '../../src/log/logger.js';
import { freePort } from '../../src/net/free-port.js';
import { type RunningVault, type StartVaultOptions, startVault } from '../../src/vault.js';

export interface TestVault {
  vault: RunningVault;
  config: VaultConfig;
  home: string;
  teamSecret: string;
  client: VaultClient;
  httpUrl: string;
  /** Operator log lines (stderr logger) captured in memory. */
  logs: string[];
  /** Lines written to the stdout audit sink. */
  auditLines: string[];
  adminToken: string;
  memberToken: string;
  stop(): Promise<void>;
}

type RawConfig = Record<string, unknown>;

function merge(base: RawConfig, over: RawConfig): RawConfig {
  const out: RawConfig = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const current = out[key];
    out[key] =
      value && typeof value === 'object' && !Array.isArray(value) && current && typeof current === 'object'
        ? merge(current as RawConfig, value as RawConfig)
        : value;
  }
  return out;
}

/**
 * A real vault on loopback (gRPC on an OS-chosen port, HTTP on a free port) in a temp install
 * dir, with one admin and one member token issued and a client connected.
 */
export async function startTestVault(
  opts: { config?: RawConfig; home?: string; vaultOptions?: StartVaultOptions } = {},
): Promise<TestVault> {
  const home = opts.home ?? mkdtempSync(join(tmpdir(), 'runevault-test-'));
  const teamSecret = randomBytes(32).toString('hex');
  const logs: string[] = [];
  const auditLines: string[] = [];
  // The HTTP port was free a moment ago; another process may take it before the vault binds
  // (seen when test files run side by side). Then the vault is started again on a new one.
  let config: VaultConfig;
  let vault: RunningVault;
  for (let attempt = 1; ; attempt++) {
    const raw = merge(
      {
        server: {
          grpc: { host: '127.0.0.1', port: 0, tls: { disable: true } },
          http: { host: '127.0.0.1', port: await freePort() },
          admin: { socket: 'admin.sock' },
        },
        keys: { path: 'vault-keys', generate_if_missing: true },
        tokens: { team_secret: teamSecret },
        audit: { mode: 'stdout' },
      },
      opts.config ?? {},
    );
    ({ config } = resolveConfig(raw, { file: join(home, 'configs', 'runevault.conf'), installDir: home }));
    try {
      vault = await startVault(config, {
        logger: createLogger({ write: (line) => logs.push(line) }),
        auditStdout: { write: (s: string) => auditLines.push(...s.split('\n').filter(Boolean)) },
        ...opts.vaultOptions,
      });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt >= 5) throw error;
      logs.length = 0;
      auditLines.length = 0;
    }
  }
  const adminToken = vault.tokens.issue('root', 'admin', 30).token;
  const memberToken = vault.tokens.issue('alice', 'member', 30).token;
  const client = createVaultClient(`127.0.0.1:${vault.grpcPort}`);
  return {
    vault,
    config,
    home,
    teamSecret,
    client,
    httpUrl: `http://127.0.0.1:${vault.httpPort}`,
    logs,
    auditLines,
    adminToken,
    memberToken,
    async stop() {
      client.close();
      await vault.close();
      if (!opts.home) rmSync(home, { recursive: true, force: true });
    },
  };
}
