// A real OCI registry on loopback for tests: Debian's `docker-registry` (distribution v2),
// started on a free 127.0.0.1 port with its storage in a temp folder, stopped and removed by
// stop(). The Docker engine treats 127.0.0.0/8 registries as insecure (plain HTTP) by default,
// so `docker push 127.0.0.1:<port>/name:tag` works without engine configuration.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@runevault/vault/free-port';

export const REGISTRY_BINARY = '/usr/bin/docker-registry';

export interface LoopbackRegistry {
  /** host:port, e.g. 127.0.0.1:41234: the registry part of an image reference. */
  host: string;
  /** Basic-auth credentials when started with `auth: true`. */
  credentials?: { username: string; password: string };
  /** The registry's own log so far (for a failing test's message). */
  log(): string;
  stop(): Promise<void>;
}

export interface LoopbackRegistryOptions {
  /** Require basic auth (htpasswd with one bcrypt user), to test a refused push or pull. */
  auth?: boolean;
  /** How long to wait for GET /v2/ to answer (default 15 s). */
  readyTimeoutMs?: number;
}

/** Why a registry cannot start here, or undefined when it can (the binary is installed). */
export function loopbackRegistryUnavailable(): string | undefined {
  return existsSync(REGISTRY_BINARY)
    ? undefined
    : `${REGISTRY_BINARY} is missing: apt-get install -y docker-registry (Debian's distribution v2 registry)`;
}

// bcrypt of "runevault-test-password" (python3 crypt, METHOD_BLOWFISH); the registry accepts only bcrypt.
const TEST_USER = 'runevault-test';
const TEST_PASSWORD = 'runevault-test-password';
const TEST_HTPASSWD = `${TEST_USER}:$2b$12$T16mN/hYs05IfWLd6oXHgORtfaET7oc99sci.ah5xtpFQZ/rw0nci
`;

export async function startLoopbackRegistry(
  options: LoopbackRegistryOptions = {},
): Promise<LoopbackRegistry> {
  const unavailable = loopbackRegistryUnavailable();
  if (unavailable) throw new Error(unavailable);
  const dir = mkdtempSync(join(tmpdir(), 'runevault-registry-'));
  const port = await freePort();
  const host = `127.0.0.1:${port}`;
  const authBlock = options.auth
    ? `auth:\n  htpasswd:\n    realm: runevault-test\n    path: ${join(dir, 'htpasswd')}\n`
    : '';
  if (options.auth) writeFileSync(join(dir, 'htpasswd'), TEST_HTPASSWD);
  const config = join(dir, 'config.yml');
  writeFileSync(
    config,
    [
      'version: 0.1',
      'log:',
      '  level: warn',
      'storage:',
      '  filesystem:',
      `    rootdirectory: ${join(dir, 'data')}`,
      '  delete:',
      '    enabled: true',
      'http:',
      `  addr: ${host}`,
      authBlock,
    ].join('\n'),
  );
  let output = '';
  const child: ChildProcess = spawn(REGISTRY_BINARY, ['serve', config], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitUntilAnswering(host, child, options.readyTimeoutMs ?? 15_000, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    host,
    ...(options.auth ? { credentials: { username: TEST_USER, password: TEST_PASSWORD } } : {}),
    log: () => output,
    stop,
  };
}

async function waitUntilAnswering(
  host: string,
  child: ChildProcess,
  timeoutMs: number,
  output: () => string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`docker-registry exited with ${child.exitCode} before answering: ${output().trim()}`);
    }
    try {
      // 200 without auth, 401 with: either way the registry is up.
      const response = await fetch(`http://${host}/v2/`, { signal: AbortSignal.timeout(1000) });
      if (response.status === 200 || response.status === 401) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      throw new Error(
        `docker-registry on ${host} did not answer GET /v2/ within ${timeoutMs} ms: ${output().trim()}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
