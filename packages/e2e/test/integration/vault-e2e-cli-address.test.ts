import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_CASES } from '../../src/cases/index.js';
import { type ProcessVault, startProcessVault } from '../../src/drivers/process-driver.js';
import { vaultCliCommand } from '../../src/drivers/vault-cli-entry.js';
import type { SuiteResult } from '../../src/runner.js';
import { startTcpProxy } from '../support/tcp-proxy.js';

// `vault-e2e --driver address` as a user runs it, against a vault daemon this file started and
// the suite did not: admin access through --admin-socket or --admin-command, the log through
// --log-file or --log-command, and once through a TCP proxy that only forwards bytes.

const BIN = fileURLToPath(new URL('../../bin/vault-e2e.mjs', import.meta.url));
/** Plaintext and no OIDC issuer here: tls and oidc-exchange skip, every other case runs. */
const SKIPPED = ALL_CASES.filter((c) => (c.needs ?? []).length > 0).map((c) => c.name);
const CLI_DEADLINE_MS = 240_000;

let vault: ProcessVault;
beforeAll(async () => {
  vault = await startProcessVault({ teardownOnSignal: false });
}, 180_000);
afterAll(async () => {
  await vault?.stop();
});

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const { GITHUB_STEP_SUMMARY: _summary, ...inherited } = process.env;
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...inherited, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: CLI_DEADLINE_MS,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Single-quoted for /bin/sh, the way a user would type it. */
const quote = (word: string) => `'${word.replaceAll("'", `'\\''`)}'`;

function statuses(run: CliRun): Record<string, string> {
  const suite = JSON.parse(run.stdout) as SuiteResult;
  return Object.fromEntries(
    suite.cases.map((c) => [c.name, c.status === 'failed' ? `failed: ${c.message}` : c.status]),
  );
}

const everyCasePasses = () =>
  Object.fromEntries(ALL_CASES.map((c) => [c.name, SKIPPED.includes(c.name) ? 'skipped' : 'passed']));

describe('vault-e2e --driver address against a running vault daemon', () => {
  it(
    'runs every case with --admin-socket and --log-file, and issues its own token',
    async () => {
      const run = await runCli([
        '--driver',
        'address',
        '--grpc',
        vault.grpcAddress,
        '--http',
        vault.httpUrl,
        '--admin-socket',
        vault.adminSocket,
        '--log-file',
        vault.logFile,
        '--json',
      ]);
      expect(statuses(run)).toEqual(everyCasePasses());
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toContain('driver: address (requested)');
    },
    CLI_DEADLINE_MS,
  );

  it(
    "runs every case with --admin-command (the vault's own runevault CLI) and --log-command, with a given token",
    async () => {
      const cli = vaultCliCommand();
      const adminCommand = [cli.command, ...cli.args, '--config', vault.home.configFile].map(quote).join(' ');
      const run = await runCli(
        [
          '--grpc',
          vault.grpcAddress,
          '--http',
          vault.httpUrl,
          '--token-env',
          'VAULT_E2E_TOKEN',
          '--admin-command',
          adminCommand,
          '--log-command',
          `cat ${quote(vault.logFile)}`,
          '--json',
        ],
        { VAULT_E2E_TOKEN: vault.token },
      );
      expect(statuses(run)).toEqual(everyCasePasses());
      expect(run.code, run.stderr).toBe(0);
    },
    CLI_DEADLINE_MS,
  );

  it(
    'reaches the vault through a TCP proxy on both listeners',
    async () => {
      const grpcProxy = await startTcpProxy(vault.grpcAddress);
      const httpProxy = await startTcpProxy(new URL(vault.httpUrl).host);
      try {
        const run = await runCli([
          '--grpc',
          grpcProxy.address,
          '--http',
          `http://${httpProxy.address}`,
          '--admin-socket',
          vault.adminSocket,
          '--cases',
          'health,metrics,reflection,public-key,decrypt-scores,scope-and-topk,rate-limit',
          '--json',
        ]);
        expect(statuses(run)).toEqual({
          health: 'passed',
          metrics: 'passed',
          reflection: 'passed',
          'public-key': 'passed',
          'decrypt-scores': 'passed',
          'scope-and-topk': 'passed',
          'rate-limit': 'passed',
        });
        expect(run.code).toBe(0);
        expect(grpcProxy.connections()).toBeGreaterThan(0);
        expect(httpProxy.connections()).toBeGreaterThan(0);
      } finally {
        await grpcProxy.close();
        await httpProxy.close();
      }
    },
    CLI_DEADLINE_MS,
  );

  it(
    'without admin access or a log source, the cases that need them fail naming the flags that exist',
    async () => {
      const run = await runCli(
        [
          '--grpc',
          vault.grpcAddress,
          '--http',
          vault.httpUrl,
          '--token-env',
          'VAULT_E2E_TOKEN',
          '--cases',
          'audit-log,audit-alert,scope-and-topk',
          '--json',
        ],
        { VAULT_E2E_TOKEN: vault.token },
      );
      expect(run.code).toBe(1);
      const result = statuses(run);
      expect(result['audit-log']).toMatch(/--admin-socket PATH .* or --admin-command 'CMD'/);
      expect(result['scope-and-topk']).toMatch(/--admin-socket PATH .* or --admin-command 'CMD'/);
      expect(result['audit-alert']).toMatch(/pass --log-file PATH or --log-command 'CMD'/);
    },
    CLI_DEADLINE_MS,
  );
});
