// The process driver, for machines without a Docker engine: `runevault daemon start` as a
// child process on a temp install dir (loopback, free ports), ready when GET /health answers
// 200, tokens and roles through its admin socket. Its stdout (audit lines) and stderr
// (operator log) go to one log file, which survives this process when the vault is kept.
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateKeys } from '@runevault/vault';
import { freePorts } from '@runevault/vault/free-port';
import type { RoleSpec, VaultUnderTest } from '../vault-under-test.js';
import { createRoleViaSocket, issueTokenViaSocket } from './admin-commands.js';
import { DEFAULT_HEALTH_DEADLINE_MS, DEFAULT_TOKEN_USER } from './driver-defaults.js';
import { readKnownSecrets } from './known-secrets.js';
import { teardownOnSignal } from './signal-teardown.js';
import { type CliFlavour, vaultCliCommand } from './vault-cli-entry.js';
import type { OidcProviderSpec } from './vault-config.js';
import { prepareVaultHome, type VaultHome } from './vault-home.js';
import { type ExitStatus, HttpHealthWait, lastLines, type WaitTarget } from './wait/http-health-wait.js';

const STOP_GRACE_MS = 10_000;

export interface ProcessDriverOptions {
  /** Default auto: the bundle when packages/vault/dist has one, else the sources through tsx. */
  cli?: CliFlavour | 'auto';
  tls?: boolean;
  oidcProviders?: OidcProviderSpec[];
  configOverrides?: Record<string, unknown>;
  /** Who makes the FHE keys: the daemon at first start (default) or this process before it. */
  keys?: 'vault' | 'host';
  healthDeadlineMs?: number;
  tokenUser?: string;
  /** Stop the daemon on SIGINT/SIGTERM while it runs (default true). */
  teardownOnSignal?: boolean;
  parentDir?: string;
  log?: (line: string) => void;
}

export interface ProcessVaultTimings {
  keygenMs: number;
  spawnToHealthyMs: number;
  tokenMs: number;
  totalMs: number;
}

export interface ProcessVault extends VaultUnderTest {
  driver: 'process';
  pid: number;
  home: VaultHome;
  adminSocket: string;
  /** The daemon's stdout and stderr. */
  logFile: string;
  cli: CliFlavour;
  timings: ProcessVaultTimings;
  /** Leaves the daemon running past this process (--keep): drops the signal teardown. */
  release(): void;
}

export async function startProcessVault(options: ProcessDriverOptions = {}): Promise<ProcessVault> {
  const started = performance.now();
  const since = (at: number) => Math.round(performance.now() - at);
  const log = options.log ?? (() => {});
  const cli = vaultCliCommand(options.cli ?? 'auto');
  const [grpcPort = 0, httpPort = 0] = await freePorts(2);
  const home = await prepareVaultHome({
    grpc: { host: '127.0.0.1', port: grpcPort },
    http: { host: '127.0.0.1', port: httpPort },
    tls: options.tls ?? false,
    ...(options.oidcProviders ? { oidcProviders: options.oidcProviders } : {}),
    ...(options.configOverrides ? { configOverrides: options.configOverrides } : {}),
    ...(options.keys === 'host' ? { generateKeys } : {}),
    ...(options.parentDir ? { parentDir: options.parentDir } : {}),
    prefix: 'runevault-e2e-process-',
  });
  const logFile = join(home.dir, 'vault.log');
  const adminSocket = join(home.dir, 'admin.sock');

  const spawnStarted = performance.now();
  const logFd = openSync(logFile, 'a', 0o600);
  // Its own process group: a terminal's Ctrl-C reaches only us, and our teardown stops it
  // (or, with --keep, leaves it running after we exit).
  const child = spawn(cli.command, [...cli.args, '--config', home.configFile, 'daemon', 'start'], {
    cwd: home.dir,
    stdio: ['ignore', logFd, logFd],
    detached: true,
  });
  closeSync(logFd);
  let spawnError: Error | undefined;
  const exited = new Promise<ExitStatus>((resolve) => {
    child.once('exit', (code, signal) => resolve({ exitCode: code, signal }));
    child.once('error', (error) => {
      spawnError = error;
      resolve({ exitCode: null });
    });
  });
  const isRunning = () => child.exitCode === null && child.signalCode === null && !spawnError;

  let finalLogs: string | undefined;
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      if (isRunning()) {
        child.kill('SIGTERM');
        if (!(await settlesWithin(exited, STOP_GRACE_MS))) {
          child.kill('SIGKILL');
          await exited;
        }
      }
      finalLogs = await readFile(logFile, 'utf8').catch(() => finalLogs);
      await home.remove().catch(() => undefined);
      unregister();
    })();
    return stopping;
  };
  let interruptedBy: string | undefined;
  const unregister =
    options.teardownOnSignal === false
      ? () => {}
      : teardownOnSignal(`vault process ${child.pid}`, (signal) => {
          interruptedBy = signal;
          return stop();
        });

  try {
    const target: WaitTarget = {
      description: `process ${child.pid ?? '(not started)'} (${cli.flavour} runevault daemon start)`,
      exited: (signal) => Promise.race([exited, abortedOf(signal)]),
      lastLogLines: async (count) =>
        lastLines(`${readFileSync(logFile, 'utf8')}${spawnError ? `\n${spawnError.message}` : ''}`, count),
    };
    const httpUrl = `http://127.0.0.1:${httpPort}`;
    await new HttpHealthWait(`${httpUrl}/health`)
      .withDeadline(options.healthDeadlineMs ?? DEFAULT_HEALTH_DEADLINE_MS)
      .waitUntilReady(target);
    const spawnToHealthyMs = since(spawnStarted);
    log(`vault process ${child.pid} (${cli.flavour}) healthy in ${spawnToHealthyMs} ms; home ${home.dir}`);

    const tokenStarted = performance.now();
    const token = await issueTokenViaSocket(adminSocket, options.tokenUser ?? DEFAULT_TOKEN_USER, 'member');
    const tokenMs = since(tokenStarted);
    return {
      driver: 'process',
      pid: child.pid as number,
      home,
      adminSocket,
      logFile,
      cli: cli.flavour,
      grpcAddress: `127.0.0.1:${grpcPort}`,
      httpUrl,
      token,
      ...(home.tls ? { tlsRootCert: home.tls.pem } : {}),
      timings: { keygenMs: home.keygenMs, spawnToHealthyMs, tokenMs, totalMs: since(started) },
      issueToken: (user: string, role: string) => issueTokenViaSocket(adminSocket, user, role),
      createRole: (role: RoleSpec) => createRoleViaSocket(adminSocket, role),
      readLogs: async () => {
        if (!stopping) return readFile(logFile, 'utf8');
        await stopping;
        return finalLogs ?? '';
      },
      knownSecrets: () =>
        readKnownSecrets({ teamSecretFile: home.teamSecretFile, secKeyFile: home.secKeyFile }),
      stop,
      release: () => {
        unregister();
        child.unref();
      },
    };
  } catch (error) {
    await stop();
    if (interruptedBy) {
      throw new Error(
        `vault start interrupted by ${interruptedBy}; its daemon was stopped and its folder removed`,
      );
    }
    throw error;
  }
}

function abortedOf(signal: AbortSignal): Promise<undefined> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve(undefined);
    else signal.addEventListener('abort', () => resolve(undefined), { once: true });
  });
}

/** Whether `promise` settles within `ms` (the timer is cleared, so nothing is kept alive). */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([promise.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
