// The runevault image end to end on a real Docker engine: build (reused when the sources are
// unchanged), run with host networking on free loopback ports and a mounted configs/, health,
// a token issued with `docker exec … runevault token issue` used over gRPC from the host,
// graceful stop, removal. Skips with scripts/ensure-docker.sh's reason when no engine answers.
import { randomBytes } from 'node:crypto';
import { createVaultClient } from '@runevault/vault/client';
import {
  type BuiltImage,
  buildVaultImage,
  dockerEngineForTests,
  execInContainer,
} from '@runevault/vault-image';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  containerLogs,
  labelledContainers,
  removeLabelledContainers,
  type StartedVaultContainer,
  startVaultContainer,
} from '../../support/vault-container.js';

const engine = await dockerEngineForTests('the runevault image tests');
const skipReason = engine.ok ? '' : engine.reason;
const RUN_ID = `${process.pid}-${randomBytes(4).toString('hex')}`;
const HEALTH_DEADLINE_MS = 120_000;

let docker: Docker;
let image: BuiltImage;
let vault: StartedVaultContainer;

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
    vault = await startVaultContainer(docker, image.imageId, {
      runId: RUN_ID,
      healthDeadlineMs: HEALTH_DEADLINE_MS,
    });
    console.log(
      `image ${image.tags[0]} (${(image.sizeBytes / 1e6).toFixed(0)} MB, ${image.reused ? 'reused' : 'built'} on ` +
        `${image.baseImage}): start → healthy in ${vault.startToHealthyMs} ms`,
    );
  }, 600_000);

  afterAll(async () => {
    if (!engine.ok) return;
    await vault?.dispose();
    await removeLabelledContainers(docker, RUN_ID);
  });

  it('runs the vault as a numeric non-root user', async (ctx) => {
    ctx.skip(!engine.ok, skipReason);
    const user = (await vault.container.inspect()).Config.User;
    expect(user).toMatch(/^\d+(:\d+)?$/);
    expect(Number(user.split(':')[0])).toBeGreaterThan(0);
  });

  it('answers GET /health with 200 and {"status":"healthy"} within the deadline', async (ctx) => {
    ctx.skip(!engine.ok, skipReason);
    // Within the deadline: the start above waits for /health at most HEALTH_DEADLINE_MS and
    // throws past it, so no wall-time assertion here.
    const response = await fetch(`http://127.0.0.1:${vault.httpPort}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'healthy' });
  });

  it('issues a token with `runevault token issue` via exec that works for GetPublicKey from the host', async (ctx) => {
    ctx.skip(!engine.ok, skipReason);
    const issued = await execInContainer(docker, vault.container.id, [
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
    const token = /Token: (evt_[0-9a-f]{32})\n/.exec(issued.stdout)?.[1];
    expect(token, issued.stdout).toBeDefined();

    const client = createVaultClient(`127.0.0.1:${vault.grpcPort}`, { deadlineMs: 20_000 });
    try {
      const bundle = await client.getPublicKeyBundle(token as string);
      expect(bundle.key_id).toBe('vault-key');
      expect(JSON.parse(bundle['EncKey.json']).kind).toBe('EncKey');
    } finally {
      client.close();
    }
  });

  it('stops on SIGTERM with exit code 0 within 10 s, then is removed with no labelled container left', async (ctx) => {
    ctx.skip(!engine.ok, skipReason);
    const { container } = vault;
    const stopStarted = Date.now();
    await container.stop({ t: 10 });
    const stopMs = Date.now() - stopStarted;
    const state = (await container.inspect()).State;
    expect(state.Running).toBe(false);
    // The engine kills at 10 s (exit 137): 0 proves the daemon's own clean shutdown within
    // them, so the time is reported, not asserted.
    expect(state.ExitCode, await containerLogs(container)).toBe(0);
    console.log(`docker stop → exit 0 in ${stopMs} ms`);

    await container.remove();
    await expect(container.inspect()).rejects.toMatchObject({ statusCode: 404 });
    expect(await labelledContainers(docker, RUN_ID)).toEqual([]);
  });
});
