// A second, empty Docker engine for one test file: its own dockerd with its own data root, exec
// root, socket, pid file and managed containerd (namespaced too), no bridge and no iptables
// rules, like the machine's engine (scripts/ensure-docker.sh). Tests that must start from "no
// runevault image on the engine" use it, because the shared engine's images belong to every
// other test running beside them. Needs root and dockerd; stop() ends it and removes its folders.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ciRequiresRealComponents } from '@runevault/vault-image';
import Docker from 'dockerode';

const run = promisify(execFile);

export interface SecondDockerEngine {
  /** DOCKER_HOST for clients: unix://<root>/docker.sock. */
  host: string;
  docker: Docker;
  root: string;
  /** Its dockerd's log (for a failure message). */
  logFile: string;
  stop(): Promise<void>;
}

export type SecondEngineStatus = { ok: true; engine: SecondDockerEngine } | { ok: false; reason: string };

/** How long dockerd may take to answer; it took about 1 s here. */
const START_TIMEOUT_MS = 60_000;
/** dockerd stops its containers first (its own 15 s shutdown timeout), then itself. */
const STOP_TIMEOUT_MS = 30_000;

export async function startSecondDockerEngine(name: string): Promise<SecondEngineStatus> {
  if (process.getuid?.() !== 0) return { ok: false, reason: 'a second dockerd needs root' };
  const dockerd = await run('sh', ['-c', 'command -v dockerd']).catch(() => undefined);
  if (!dockerd) return { ok: false, reason: 'dockerd is not installed (Debian: apt-get install docker.io)' };

  // Short: a Unix socket path must fit in 108 bytes.
  const root = mkdtempSync(join(tmpdir(), `${name}-`));
  const socket = join(root, 'docker.sock');
  const logFile = join(root, 'dockerd.log');
  mkdirSync(join(root, 'data'));
  mkdirSync(join(root, 'exec'));
  // Its own (empty) daemon.json, so the machine's /etc/docker/daemon.json cannot add a second
  // listener or a registry mirror to this engine.
  writeFileSync(join(root, 'daemon.json'), '{}\n');
  const log = openSync(logFile, 'a');
  const child = spawn(
    'dockerd',
    [
      `--config-file=${join(root, 'daemon.json')}`,
      `--data-root=${join(root, 'data')}`,
      `--exec-root=${join(root, 'exec')}`,
      `--pidfile=${join(root, 'dockerd.pid')}`,
      `--host=unix://${socket}`,
      `--containerd-namespace=${name}`,
      `--containerd-plugins-namespace=${name}-plugins`,
      '--bridge=none',
      '--iptables=false',
      '--ip-masq=false',
    ],
    { stdio: ['ignore', log, log] },
  );
  closeSync(log);
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  const docker = new Docker({ socketPath: socket });
  const stop = () => stopEngine(child, () => exited, root);

  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline && !exited) {
    try {
      await docker.version();
      return { ok: true, engine: { host: `unix://${socket}`, docker, root, logFile, stop } };
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  const last = readFileSync(logFile, 'utf8').trim().split('\n').pop() ?? '(no output)';
  await stop();
  return {
    ok: false,
    reason: exited
      ? `the second dockerd exited at start: ${last}`
      : `the second dockerd did not answer within ${START_TIMEOUT_MS / 1000} s: ${last}`,
  };
}

/** Like dockerEngineForTests: under CI=true an engine that cannot start fails the file. */
export async function secondDockerEngineForTests(
  neededBy: string,
  name: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<SecondEngineStatus> {
  const status = await startSecondDockerEngine(name);
  if (!status.ok && ciRequiresRealComponents(env)) {
    throw new Error(
      `${neededBy} needs a second, empty Docker engine and CI=true requires one: ${status.reason}`,
    );
  }
  return status;
}

async function stopEngine(child: ChildProcess, exited: () => boolean, root: string): Promise<void> {
  if (!exited()) {
    child.kill('SIGTERM');
    const deadline = Date.now() + STOP_TIMEOUT_MS;
    while (!exited() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    if (!exited()) child.kill('SIGKILL');
  }
  // dockerd leaves its network namespace (exec/netns/default) mounted, and a killed one its
  // overlay mounts: unmount everything under the root, deepest first, before removing it.
  const mounts = readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .map((line) => line.split(' ')[4] ?? '')
    .filter((point) => point.startsWith(`${root}/`))
    .sort((a, b) => b.length - a.length);
  for (const point of mounts) await run('umount', ['-l', point]).catch(() => {});
  await rm(root, { recursive: true, force: true });
}
