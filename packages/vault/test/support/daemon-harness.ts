import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { adminRequest } from '../../src/admin/admin-client.js';
import { generateKeys } from '../../src/fhe/key-files.js';

// Real `runevault` processes (the CLI entry run from source through tsx) against a temp
// install dir, for tests of the daemon lifecycle and of the CLI's text and exit codes.

export const CLI_ENTRY = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
// An absolute loader URL, so a child started in another cwd still finds tsx.
export const TSX_ARGS = ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href];

/**
 * How long a `runevault daemon start` from source may take to answer /health. A start is ~4 s
 * alone, but each is a fresh Node loading the CLI through tsx plus SEAL and its decrypt
 * workers: under two `npm test` at once on 2 cores one took 30 s. The wait ends the moment the
 * daemon answers (or exits), so the budget is generous; a test's timeout counts its starts.
 */
export const DAEMON_START_DEADLINE_MS = 90_000;

export interface VaultHome {
  dir: string;
  config: string;
  pidFile: string;
  adminSocket: string;
  remove(): void;
}

let sharedKeys: Promise<string> | undefined;

/** Keys are generated once per test file and copied into each home: starts stay fast. */
function keysOnce(): Promise<string> {
  sharedKeys ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'runevault-keys-'));
    await generateKeys(join(dir, 'vault-key'));
    return dir;
  })();
  return sharedKeys;
}

export async function makeVaultHome(extraYaml = ''): Promise<VaultHome> {
  const dir = mkdtempSync(join(tmpdir(), 'runevault-home-'));
  mkdirSync(join(dir, 'configs'), { recursive: true, mode: 0o700 });
  cpSync(await keysOnce(), join(dir, 'vault-keys'), { recursive: true });
  const config = join(dir, 'configs', 'runevault.conf');
  writeFileSync(
    config,
    [
      'server:',
      '  grpc: { host: 127.0.0.1, port: 0, tls: { disable: true } }',
      '  http: { host: 127.0.0.1, port: 0 }',
      'keys: { path: vault-keys, generate_if_missing: true }',
      `tokens: { team_secret: "${randomBytes(32).toString('hex')}" }`,
      'audit: { mode: "" }',
      extraYaml,
    ].join('\n'),
    { mode: 0o600 },
  );
  return {
    dir,
    config,
    pidFile: join(dir, '.runevault.pid'),
    adminSocket: join(dir, 'admin.sock'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `runevault <args>` as its own process and collects its output. */
export function runCliProcess(
  args: string[],
  opts: { timeoutMs?: number; cwd?: string } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...TSX_ARGS, CLI_ENTRY, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(opts.cwd ? { cwd: opts.cwd } : {}),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    // A safety net for a hung CLI, not a measure: a fresh tsx process is slow under load.
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? DAEMON_START_DEADLINE_MS);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export interface DaemonProcess {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

/** Spawns `runevault --config <home> daemon start [extra]` and waits until the admin API says ok. */
export async function startDaemonProcess(
  home: VaultHome,
  extra: string[] = [],
  deadlineMs = DAEMON_START_DEADLINE_MS,
) {
  const child = spawn(
    process.execPath,
    [...TSX_ARGS, CLI_ENTRY, '--config', home.config, 'daemon', 'start', ...extra],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const daemon: DaemonProcess = { child, output: () => output, exited };
  await waitForAdminHealth(home.adminSocket, daemon, deadlineMs);
  return daemon;
}

export async function waitForAdminHealth(
  socket: string,
  daemon: DaemonProcess,
  deadlineMs = DAEMON_START_DEADLINE_MS,
) {
  const started = Date.now();
  while (Date.now() - started < deadlineMs) {
    if (daemon.child.exitCode !== null) {
      throw new Error(
        `daemon exited with ${daemon.child.exitCode} before it was healthy:\n${daemon.output()}`,
      );
    }
    if (existsSync(socket)) {
      try {
        if ((await adminRequest(socket, 'GET', '/health', undefined, { timeoutMs: 1000 })).status === 200)
          return;
      } catch {
        // not answering yet
      }
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`daemon not healthy on ${socket} after ${deadlineMs} ms:\n${daemon.output()}`);
}

/** SIGTERM and wait; returns the exit code. */
export async function terminate(daemon: DaemonProcess): Promise<number | null> {
  if (daemon.child.exitCode !== null) return daemon.child.exitCode;
  daemon.child.kill('SIGTERM');
  return daemon.exited;
}
