// The daemon the vault benchmarks measure: src/dev.ts as a separate process (its RSS, CPU and
// event loop are its own), with a bench role whose rate limit never bites.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../src/net/free-port.js';
import { ensureBundle } from './cli-process.js';

const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));

export interface DevDaemon {
  child: ChildProcess;
  pid: number;
  home: string;
  token: string;
  /** More tokens of the same role, each its own caller (GetPublicKey for callers not seen lately). */
  otherCallers: string[];
  grpcPort: number;
  httpPort: number;
  /** Spawn → /health 200 (keys generated on this first start). */
  startMs: number;
  /** The daemon's SecKey.json, for in-process baselines decrypting with the same key. */
  secKeyFile: string;
}

export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
}

/** CPU seconds (user + system) a process has used, all its threads included. */
export function processCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) start after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime
  return ticks / 100; // USER_HZ is 100 on Linux
}

async function waitForHealth(url: string, child: ChildProcess, deadlineMs = 60_000) {
  const started = Date.now();
  while (Date.now() - started < deadlineMs) {
    if (child.exitCode !== null)
      throw new Error(`daemon exited with ${child.exitCode} before it was healthy`);
    try {
      if ((await fetch(url)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`daemon not healthy at ${url} after ${deadlineMs} ms`);
}

export async function startDevDaemon(): Promise<DevDaemon> {
  const token = `evt_${randomBytes(16).toString('hex')}`;
  const home = mkdtempSync(join(os.tmpdir(), 'runevault-bench-'));
  mkdirSync(join(home, 'configs'), { recursive: true, mode: 0o700 });
  // A role without a meaningful rate limit: the bench measures decryption, not the limiter.
  writeFileSync(
    join(home, 'configs', 'roles.yml'),
    'roles:\n  bench: { scope: [get_public_key, decrypt_scores, decrypt_metadata], top_k: 300, rate_limit: 100000/1s }\n',
    { mode: 0o600 },
  );
  const otherCallers = Array.from({ length: 16 }, () => `evt_${randomBytes(16).toString('hex')}`);
  const tokenLines = [token, ...otherCallers].map(
    (t, i) => `  - { user: bench${i || ''}, token: ${t}, role: bench, issued_at: "2026-01-01" }\n`,
  );
  writeFileSync(join(home, 'configs', 'tokens.yml'), `tokens:\n${tokenLines.join('')}`, { mode: 0o600 });
  const grpcPort = await freePort();
  const httpPort = await freePort();
  const flags = process.env.BENCH_DAEMON_FLAGS?.split(' ').filter(Boolean) ?? [];
  // BENCH_DAEMON=bundle: the shipped binary (dist/runevault.mjs, as in the image) with the same
  // settings as src/dev.ts, instead of the sources under tsx.
  const bundled = process.env.BENCH_DAEMON === 'bundle';
  if (bundled) {
    writeFileSync(
      join(home, 'configs', 'runevault.conf'),
      [
        'server:',
        `  grpc: { host: 127.0.0.1, port: ${grpcPort}, tls: { disable: true } }`,
        `  http: { host: 127.0.0.1, port: ${httpPort} }`,
        'keys: { path: vault-keys, generate_if_missing: true }',
        `tokens: { team_secret: "${randomBytes(32).toString('hex')}" }`,
        'audit: { mode: stdout }',
      ].join('\n'),
      { mode: 0o600 },
    );
  }
  const args = bundled
    ? [...flags, await ensureBundle(), '--config', join(home, 'configs', 'runevault.conf'), 'daemon', 'start']
    : [
        // e.g. BENCH_DAEMON_FLAGS="--cpu-prof --cpu-prof-dir=/tmp/prof": the daemon profiled under load.
        ...flags,
        '--import',
        'tsx',
        'src/dev.ts',
        '--home',
        home,
        '--grpc-port',
        String(grpcPort),
        '--http-port',
        String(httpPort),
      ];
  const child = spawn(process.execPath, args, { cwd: PACKAGE_DIR, stdio: ['ignore', 'ignore', 'inherit'] });
  const startedAt = Date.now();
  await waitForHealth(`http://127.0.0.1:${httpPort}/health`, child);
  return {
    child,
    pid: child.pid as number,
    home,
    token,
    otherCallers,
    grpcPort,
    httpPort,
    startMs: Date.now() - startedAt,
    secKeyFile: join(home, 'vault-keys', 'vault-key', 'SecKey.json'),
  };
}

export async function stopDevDaemon(daemon: DevDaemon): Promise<void> {
  const exited = new Promise((r) => daemon.child.once('exit', r));
  daemon.child.kill('SIGTERM');
  await exited;
  rmSync(daemon.home, { recursive: true, force: true });
}

/** Seconds a process's threads spent running and waiting for a CPU (run queue), from schedstat. */
export function processSchedSeconds(pid: number): { running: number; waiting: number } {
  let running = 0;
  let waiting = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const [run, wait] = readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ').map(Number);
      running += (run ?? 0) / 1e9;
      waiting += (wait ?? 0) / 1e9;
    } catch {
      // the thread ended between the listing and the read
    }
  }
  return { running, waiting };
}
