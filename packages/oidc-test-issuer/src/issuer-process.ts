// The loopback issuer as a detached process, so it outlives the step that started it (the
// action's main) and serves later steps until post stops it. The parent hands the key and
// template over stdin (never a file), reads one ready line from stdout, then lets go.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import type { JWK } from 'jose';
import { importIssuerKey } from './issuer-key.js';
import { startIssuerServer } from './issuer-server.js';
import { TestIssuer } from './test-issuer.js';
import type { TokenTemplate } from './token-template.js';

/** argv[2] that makes a bundle (or issuer-process-main.ts) run the issuer instead of its main. */
export const ISSUER_PROCESS_ARG = 'serve-oidc-test-issuer';
/** An issuer left behind by a cancelled run stops by itself after this long. */
export const DEFAULT_MAX_LIFETIME_SECONDS = 6 * 3600;

export interface IssuerProcessConfig {
  /** From exportPrivateJwk(); imported non-extractable in the process. */
  privateJwk: JWK;
  /** The tokens' iss; '' = the served base URL (http://127.0.0.1:<port>). */
  issuer: string;
  host?: string;
  port?: number;
  requestToken: string;
  shutdownToken: string;
  template: TokenTemplate;
  maxLifetimeSeconds?: number;
}

export interface IssuerProcessReady {
  pid: number;
  port: number;
  baseUrl: string;
  issuer: string;
  discoveryUrl: string;
  jwksUrl: string;
  tokenRequestUrl: string;
  shutdownUrl: string;
}

// ---- the process itself ----

/** The issuer process's main: config from stdin, ready line on stdout, log lines on stderr. */
export async function runIssuerProcess(): Promise<void> {
  const log = (line: string) =>
    process.stderr.write(`${new Date().toISOString()} oidc-test-issuer: ${line}\n`);
  // The parent closes our stdout after the ready line; a stray write must not kill us.
  process.stdout.on('error', () => {});
  const config = JSON.parse(await readStream(process.stdin)) as IssuerProcessConfig;
  const key = await importIssuerKey(config.privateJwk);
  let stopping = false;
  const stop = (why: string) => {
    if (stopping) return;
    stopping = true;
    log(`stopping: ${why}`);
    server.close().finally(() => process.exit(0));
  };
  const server = await startIssuerServer({
    ...(config.host ? { host: config.host } : {}),
    port: config.port ?? 0,
    requestToken: config.requestToken,
    shutdownToken: config.shutdownToken,
    log,
    onShutdown: () => stop('shutdown requested'),
    endpoints: async (baseUrl) => {
      const issuer = await TestIssuer.create({ issuer: config.issuer || baseUrl, key });
      return {
        issuer: issuer.issuer,
        jwks: () => issuer.jwks(),
        mint: (audience) => issuer.mint(config.template, audience ? { audience } : {}),
        algorithms: [key.alg],
      };
    },
  });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => stop(signal));
  process.on('SIGHUP', () => {});
  setTimeout(
    () => stop('maximum lifetime reached'),
    (config.maxLifetimeSeconds ?? DEFAULT_MAX_LIFETIME_SECONDS) * 1000,
  );
  const ready: IssuerProcessReady = {
    pid: process.pid,
    port: server.port,
    baseUrl: server.baseUrl,
    issuer: server.issuer,
    discoveryUrl: server.discoveryUrl,
    jwksUrl: server.jwksUrl,
    tokenRequestUrl: server.tokenRequestUrl,
    shutdownUrl: server.shutdownUrl,
  };
  log(`serving ${server.issuer} on ${server.baseUrl} (pid ${process.pid})`);
  process.stdout.write(`${JSON.stringify(ready)}\n`);
}

function readStream(stream: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    stream.on('error', reject);
  });
}

// ---- the parent's side ----

export interface SpawnIssuerOptions {
  /** The program and arguments that end in runIssuerProcess (argv must include ISSUER_PROCESS_ARG). */
  command: string;
  args: string[];
  config: IssuerProcessConfig;
  /** Where the process's log lines go (appended, 0600). */
  logFile: string;
  readyTimeoutMs?: number;
  env?: NodeJS.ProcessEnv;
}

export async function spawnIssuerProcess(options: SpawnIssuerOptions): Promise<IssuerProcessReady> {
  const logFd = openSync(options.logFile, 'a', 0o600);
  const child = spawn(options.command, options.args, {
    detached: true,
    stdio: ['pipe', 'pipe', logFd],
    env: options.env ?? process.env,
  });
  closeSync(logFd);
  child.stdin?.on('error', () => {});
  child.stdin?.end(JSON.stringify(options.config));
  const timeoutMs = options.readyTimeoutMs ?? 15_000;
  try {
    const line = await new Promise<string>((resolve, reject) => {
      let buffered = '';
      const timer = setTimeout(
        () => reject(new Error(`the issuer process did not report ready within ${timeoutMs} ms`)),
        timeoutMs,
      );
      child.stdout?.on('data', (chunk: Buffer) => {
        buffered += chunk.toString('utf8');
        const end = buffered.indexOf('\n');
        if (end >= 0) {
          clearTimeout(timer);
          resolve(buffered.slice(0, end));
        }
      });
      child.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`the issuer process exited before it was ready (${signal ?? `exit ${code}`})`));
      });
    });
    const ready = JSON.parse(line) as IssuerProcessReady;
    child.stdout?.destroy();
    child.removeAllListeners();
    child.unref();
    return ready;
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${(error as Error).message}; its log (${options.logFile}):\n${tail(options.logFile)}`);
  }
}

export interface StopIssuerOptions {
  pid: number;
  shutdownUrl: string;
  shutdownToken: string;
  timeoutMs?: number;
}

/**
 * Asks the issuer to stop (POST /shutdown with its token); if that fails and the pid still runs
 * the issuer (checked on /proc where there is one), SIGTERM, then SIGKILL. Never throws.
 */
export async function stopIssuerProcess(
  options: StopIssuerOptions,
): Promise<{ stopped: boolean; how: string }> {
  const timeoutMs = options.timeoutMs ?? 5_000;
  const deadline = Date.now() + timeoutMs;
  let how = 'shutdown request';
  try {
    const response = await fetch(options.shutdownUrl, {
      method: 'POST',
      headers: { authorization: `Bearer ${options.shutdownToken}` },
      signal: AbortSignal.timeout(Math.max(500, timeoutMs / 2)),
    });
    await response.arrayBuffer();
    if (!response.ok) how = `shutdown request answered ${response.status}`;
  } catch (error) {
    how = `shutdown request failed (${(error as Error).message})`;
  }
  if (await exited(options.pid, deadline)) return { stopped: true, how };
  if (!isIssuerProcess(options.pid))
    return { stopped: true, how: `${how}; pid ${options.pid} is not the issuer` };
  signal(options.pid, 'SIGTERM');
  if (await exited(options.pid, Date.now() + 2_000)) return { stopped: true, how: `${how}, then SIGTERM` };
  signal(options.pid, 'SIGKILL');
  return { stopped: await exited(options.pid, Date.now() + 1_000), how: `${how}, then SIGKILL` };
}

/** True while `pid` runs; a zombie (exited, not yet reaped by its new parent) counts as gone. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    // /proc/<pid>/stat: "pid (comm) state …"; comm may hold spaces and parentheses.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

// A recycled pid must never be signalled: where /proc exists, the command line must name us.
function isIssuerProcess(pid: number): boolean {
  if (!isAlive(pid)) return false;
  const cmdline = `/proc/${pid}/cmdline`;
  if (!existsSync('/proc/self/cmdline')) return true;
  try {
    return readFileSync(cmdline, 'utf8').split('\0').includes(ISSUER_PROCESS_ARG);
  } catch {
    return false;
  }
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Already gone.
  }
}

async function exited(pid: number, deadline: number): Promise<boolean> {
  for (;;) {
    if (!isAlive(pid)) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function tail(file: string, lines = 20): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
