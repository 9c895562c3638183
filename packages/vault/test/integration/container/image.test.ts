// The runevault image end to end on a real Docker engine: build (reused when the sources are
// unchanged), run with host networking on free loopback ports and a mounted configs/, health,
// a token issued with `docker exec … runevault token issue` used over gRPC from the host,
// graceful stop, removal. Skips with scripts/ensure-docker.sh's reason when no engine answers.
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVaultClient } from '../../../src/client/vault-client.js';
import { type BuiltImage, buildVaultImage } from '../../../src/image/build-image.js';
import { RUNTIME_GID, RUNTIME_UID } from '../../../src/image/build-offline-base.js';
import { checkDockerEngine, isNotFound } from '../../../src/image/docker-engine.js';
import { execInContainer } from '../../../src/image/exec-in-container.js';
import { freePort } from '../../support/free-port.js';

const engine = await checkDockerEngine();
const skipReason = engine.ok ? '' : engine.reason;
const TEST_LABEL = 'io.runevault.test';
const RUN_ID = `${process.pid}-${randomBytes(4).toString('hex')}`;
const HEALTH_DEADLINE_MS = 120_000;

let docker: Docker;
let image: BuiltImage;
let container: Docker.Container | undefined;
let configDir: string;
let grpcPort: number;
let httpPort: number;
let startToHealthyMs: number | undefined;

/** `dir` is mounted as /opt/rune-vault/configs, so the install dir stays inside the container. */
function writeMountedConfig(dir: string) {
  const file = join(dir, 'runevault.conf');
  writeFileSync(
    file,
    [
      'server:',
      `  grpc: { host: 127.0.0.1, port: ${grpcPort}, tls: { disable: true } }`,
      `  http: { host: 127.0.0.1, port: ${httpPort} }`,
      'keys: { generate_if_missing: true }',
      'tokens: { team_secret_file: configs/team-secret }',
      'audit: { mode: stdout }',
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
  // The daemon (uid 10001) writes the team secret and tokens.yml into the mounted folder.
  try {
    chownSync(dir, RUNTIME_UID, RUNTIME_GID);
    chownSync(file, RUNTIME_UID, RUNTIME_GID);
  } catch {
    chmodSync(dir, 0o777);
    chmodSync(file, 0o644);
  }
}

async function containerLogs(c: Docker.Container): Promise<string> {
  const raw = (await c.logs({ stdout: true, stderr: true, tail: 50 })) as unknown as Buffer;
  // Multiplexed frames: an 8-byte header before each chunk; strip them for a readable excerpt.
  const chunks: string[] = [];
  for (let at = 0; at + 8 <= raw.length; ) {
    const size = raw.readUInt32BE(at + 4);
    chunks.push(raw.subarray(at + 8, at + 8 + size).toString('utf8'));
    at += 8 + size;
  }
  return chunks.join('');
}

async function waitForHealth(c: Docker.Container, startedAt: number): Promise<number> {
  while (Date.now() - startedAt < HEALTH_DEADLINE_MS) {
    const state = (await c.inspect()).State;
    if (!state.Running) {
      throw new Error(
        `container ${c.id.slice(0, 12)} exited (code ${state.ExitCode}) before /health answered:\n${await containerLogs(c)}`,
      );
    }
    const status = await fetch(`http://127.0.0.1:${httpPort}/health`, { signal: AbortSignal.timeout(2_000) })
      .then((response) => response.status)
      .catch(() => 0);
    if (status === 200) return Date.now() - startedAt;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`GET /health gave no 200 within ${HEALTH_DEADLINE_MS} ms:\n${await containerLogs(c)}`);
}

async function removeLabelled(): Promise<void> {
  const leftovers = await docker.listContainers({
    all: true,
    filters: { label: [`${TEST_LABEL}=${RUN_ID}`] },
  });
  await Promise.all(
    leftovers.map((info) =>
      docker
        .getContainer(info.Id)
        .remove({ force: true })
        .catch((error: unknown) => {
          if (!isNotFound(error)) throw error;
        }),
    ),
  );
}

describe('runevault image (Docker)', () => {
  beforeAll(async () => {
    if (!engine.ok) return;
    docker = engine.docker;
    image = await buildVaultImage({
      docker,
      log: (line) => {
        if (line.startsWith('offline')) console.log(line);
      },
    });
    [grpcPort, httpPort] = [await freePort(), await freePort()];
    configDir = mkdtempSync(join(tmpdir(), 'runevault-image-test-'));
    writeMountedConfig(configDir);
    container = await docker.createContainer({
      Image: image.imageId,
      name: `runevault-test-${RUN_ID}`,
      Labels: { [TEST_LABEL]: RUN_ID },
      HostConfig: {
        // Host networking on loopback ports: nothing here may target a bridge address.
        NetworkMode: 'host',
        Binds: [`${configDir}:/opt/rune-vault/configs`],
      },
    });
    const startedAt = Date.now();
    await container.start();
    startToHealthyMs = await waitForHealth(container, startedAt);
    console.log(
      `image ${image.tags[0]} (${(image.sizeBytes / 1e6).toFixed(0)} MB, ${image.reused ? 'reused' : 'built'} on ${image.baseImage}): start → healthy in ${startToHealthyMs} ms`,
    );
  }, 600_000);

  afterAll(async () => {
    if (!engine.ok) return;
    await removeLabelled();
    if (configDir) rmSync(configDir, { recursive: true, force: true });
  });

  it('runs the vault as a numeric non-root user', async (ctx) => {
    ctx.skip(!engine.ok, skipReason);
    const user = (await (container as Docker.Container).inspect()).Config.User;
    expect(user).toMatch(/^\d+(:\d+)?$/);
    expect(Number(user.split(':')[0])).toBeGreaterThan(0);
  });

  it('answers GET /health with 200 and {"status":"healthy"}', async (ctx) => {
    ctx.skip(!engine.ok, skipReason);
    expect(startToHealthyMs).toBeLessThan(HEALTH_DEADLINE_MS);
    const response = await fetch(`http://127.0.0.1:${httpPort}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'healthy' });
  });

  it('issues a token with `runevault token issue` via exec that works for GetPublicKey from the host', async (ctx) => {
    ctx.skip(!engine.ok, skipReason);
    const id = (container as Docker.Container).id;
    const issued = await execInContainer(docker, id, [
      'runevault',
      'token',
      'issue',
      '--user',
      'ci',
      '--role',
      'member',
    ]);
    expect(issued.exitCode, issued.stderr).toBe(0);
    expect(issued.stdout).toContain("Token issued for 'ci':");
    expect(issued.stdout).toContain('WARNING: This token will NOT be shown again.');
    const token = /Token: (evt_[0-9a-f]{32})\b/.exec(issued.stdout)?.[1];
    expect(token, issued.stdout).toBeDefined();

    const client = createVaultClient(`127.0.0.1:${grpcPort}`, { deadlineMs: 20_000 });
    try {
      const bundle = await client.getPublicKeyBundle(token as string);
      expect(bundle.key_id).toBe('vault-key');
      expect(JSON.parse(bundle['EncKey.json']).kind).toBe('EncKey');
    } finally {
      client.close();
    }
  });

  it('stops on SIGTERM with exit code 0 within 10 s and is removed afterwards', async (ctx) => {
    ctx.skip(!engine.ok, skipReason);
    const c = container as Docker.Container;
    const stopStarted = Date.now();
    await c.stop({ t: 10 });
    const stopMs = Date.now() - stopStarted;
    const state = (await c.inspect()).State;
    expect(state.Running).toBe(false);
    expect(state.ExitCode, await containerLogs(c)).toBe(0);
    // docker stop kills at 10 s; exit code 0 proves it was the daemon's own clean exit.
    expect(stopMs).toBeLessThan(10_000);
    console.log(`docker stop → exited 0 in ${stopMs} ms`);

    await c.remove();
    await expect(c.inspect()).rejects.toMatchObject({ statusCode: 404 });
    const left = await docker.listContainers({ all: true, filters: { label: [`${TEST_LABEL}=${RUN_ID}`] } });
    expect(left).toEqual([]);
  });
});
