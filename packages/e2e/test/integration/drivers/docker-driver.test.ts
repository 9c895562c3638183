// The docker driver on a real engine: start → /health → a token that works over gRPC →
// audit lines in the container log → stop with nothing left; a container that dies at start;
// Ctrl-C during a run; the sweep. The image is built (or reused) once for the file.
import { existsSync } from 'node:fs';
import { createVaultClient } from '@runevault/vault/client';
import { dockerEngineForTests } from '@runevault/vault-image';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { containerCreateOptions } from '../../../src/drivers/docker/container-create-options.js';
import { type ResolvedImage, resolveVaultImage } from '../../../src/drivers/docker/image-source.js';
import {
  listRunContainers,
  newRunId,
  RUN_LABEL,
  startDockerVault,
  sweepLabelledContainers,
} from '../../../src/drivers/docker-driver.js';
import { pendingSignalTeardowns } from '../../../src/drivers/signal-teardown.js';
import { TargetExitedError } from '../../../src/drivers/wait/http-health-wait.js';
import { startChildRun } from './fixtures/child-run.js';

const engine = await dockerEngineForTests('the docker driver tests');
const skipReason = engine.ok ? '' : engine.reason;
const docker = engine.ok ? engine.docker : (undefined as unknown as Docker);
// Every run id this file uses starts with it, so afterAll can sweep whatever a failure left.
const FILE_RUN = newRunId();
let image: ResolvedImage;

async function getPublicKeyKeyId(vault: { grpcAddress: string; tlsRootCert?: Buffer }, token: string) {
  const client = createVaultClient(vault.grpcAddress, {
    deadlineMs: 20_000,
    ...(vault.tlsRootCert ? { rootCert: vault.tlsRootCert } : {}),
  });
  try {
    return (await client.getPublicKeyBundle(token)).key_id;
  } finally {
    client.close();
  }
}

describe.skipIf(!engine.ok)(`docker driver${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  beforeAll(async () => {
    const started = performance.now();
    image = await resolveVaultImage(docker, { kind: 'build' });
    console.log(`image ${image.ref}: ${image.how} in ${Math.round(performance.now() - started)} ms`);
  }, 600_000);

  afterAll(async () => {
    const all = await docker.listContainers({ all: true, filters: { label: [RUN_LABEL] } });
    const ours = all.filter((info) => info.Labels[RUN_LABEL]?.startsWith(FILE_RUN));
    await Promise.all(ours.map((info) => docker.getContainer(info.Id).remove({ force: true })));
  });

  it('starts healthy, issues a member token that works for GetPublicKey, logs audit lines, and stops leaving nothing', async () => {
    const runId = `${FILE_RUN}-main`;
    const vault = await startDockerVault({ docker, runId, image: { kind: 'tag', tag: image.ref } });
    let stopped = false;
    try {
      expect(vault.driver).toBe('docker');
      expect(vault.grpcAddress).toMatch(/^127\.0\.0\.1:\d+$/);
      expect(vault.tlsRootCert).toBeUndefined();
      const health = await fetch(`${vault.httpUrl}/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: 'healthy' });
      expect(vault.token).toMatch(/^evt_[0-9a-f]{32}$/);
      expect(await getPublicKeyKeyId(vault, vault.token)).toBe('vault-key');

      // A limited role and a token for it, both through `runevault` inside the container.
      await vault.createRole({ name: 'e2e-limited', scope: ['get_public_key'], topK: 3, rateLimit: '5/60s' });
      const limited = await vault.issueToken('e2e-limited-user', 'e2e-limited');
      expect(await getPublicKeyKeyId(vault, limited)).toBe('vault-key');
      await expect(vault.issueToken('nobody', 'no-such-role')).rejects.toThrow(
        /runevault token issue .*exited 1/,
      );

      const logs = await vault.readLogs();
      const audit = logs
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as { user_id: string; method: string; status: string });
      expect(audit).toContainEqual(expect.objectContaining({ user_id: 'e2e-suite', method: 'GetPublicKey' }));
      expect(audit).toContainEqual(
        expect.objectContaining({ user_id: 'e2e-limited-user', status: 'success' }),
      );

      const secrets = await vault.knownSecrets();
      expect(secrets.teamSecret).toMatch(/^[0-9a-f]{64}$/);
      expect(secrets.secKeyFragments).toHaveLength(3);
      expect(await listRunContainers(docker, runId)).toHaveLength(1);
      console.log(`docker driver (keys made on the host): ${JSON.stringify(vault.timings)}`);

      const stopStarted = performance.now();
      await vault.stop();
      stopped = true;
      console.log(`stop + remove in ${Math.round(performance.now() - stopStarted)} ms`);
      expect(await listRunContainers(docker, runId)).toEqual([]);
      expect(existsSync(vault.home.dir)).toBe(false);
      expect(pendingSignalTeardowns()).toBe(0);
      // The log outlives the container, for failure reports; stop is idempotent.
      expect(await vault.readLogs()).toContain('daemon stopped');
      await vault.stop();
    } finally {
      if (!stopped) await vault.stop();
    }
  });

  it('starts as fast with the keys left to the container, whose keys are still readable', async () => {
    const vault = await startDockerVault({
      docker,
      runId: `${FILE_RUN}-keys`,
      image: { kind: 'tag', tag: image.ref },
      keys: 'container',
    });
    try {
      console.log(`docker driver (keys made in the container): ${JSON.stringify(vault.timings)}`);
      expect(vault.timings.keygenMs).toBe(0);
      expect((await vault.knownSecrets()).secKeyFragments).toHaveLength(3);
      expect(await getPublicKeyKeyId(vault, vault.token)).toBe('vault-key');
    } finally {
      await vault.stop();
    }
  });

  it('serves TLS with a self-signed certificate for 127.0.0.1 when asked', async () => {
    const vault = await startDockerVault({
      docker,
      runId: `${FILE_RUN}-tls`,
      image: { kind: 'tag', tag: image.ref },
      tls: true,
    });
    try {
      expect(vault.tlsRootCert?.toString()).toContain('BEGIN CERTIFICATE');
      expect(await getPublicKeyKeyId(vault, vault.token)).toBe('vault-key');
      await expect(getPublicKeyKeyId({ grpcAddress: vault.grpcAddress }, vault.token)).rejects.toThrow();
    } finally {
      await vault.stop();
    }
  });

  it('fails as soon as the container exits at start, with its last log lines, and removes it', async () => {
    const runId = `${FILE_RUN}-dies`;
    // The engine's own record of the exit, to report how long the failure took after it.
    const events = (await docker.getEvents({
      filters: { type: ['container'], event: ['die'], label: [`${RUN_LABEL}=${runId}`] },
    })) as NodeJS.ReadableStream & { destroy(): void };
    const died = new Promise<number>((resolve) =>
      events.on('data', (chunk: Buffer) =>
        resolve(Number((JSON.parse(chunk.toString()) as { timeNano: number }).timeNano) / 1e6),
      ),
    );
    try {
      const error = await startDockerVault({
        docker,
        runId,
        image: { kind: 'tag', tag: image.ref },
        configOverrides: { bogus_key: true },
        teardownOnSignal: false,
      }).catch((e: unknown) => e);
      const failedAt = Date.now();
      // "As soon as": the exit ended the wait (at its deadline it throws HealthDeadlineError).
      expect(error).toBeInstanceOf(TargetExitedError);
      const message = (error as Error).message;
      expect(message).toMatch(
        /^container [0-9a-f]{12} exited \(code 1\) after \d+ ms, before GET http:\/\/127\.0\.0\.1:\d+\/health answered 200/,
      );
      expect(message).toContain('bogus_key');
      expect(message).toContain('unknown key');
      const diedAt = await died;
      // A figure, not an assertion: on a loaded machine the engine's events lag.
      console.log(`exit at start reported ${failedAt - diedAt} ms after the container died`);
      expect(await listRunContainers(docker, runId)).toEqual([]);
    } finally {
      events.destroy();
    }
  });

  it('a SIGINT during a run removes the container and its folder before the run exits', async () => {
    const runId = `${FILE_RUN}-sigint`;
    const run = startChildRun(['docker', runId, image.ref]);
    try {
      const ready = await run.ready;
      expect(await listRunContainers(docker, runId)).toHaveLength(1);
      run.child.kill('SIGINT');
      const exit = await run.exited;
      // The default action after teardown: killed by SIGINT, as an untrapped Ctrl-C would be.
      expect(exit.signal, run.output()).toBe('SIGINT');
      expect(run.output()).toContain(`SIGINT: stopped vault run ${runId}`);
      expect(await listRunContainers(docker, runId)).toEqual([]);
      expect(existsSync(ready.home)).toBe(false);
    } finally {
      run.child.kill('SIGKILL');
    }
  });

  it('the sweep removes labelled containers older than the given age and keeps younger ones', async () => {
    const runId = `${FILE_RUN}-sweep`;
    const create = (createdAtMs: number) =>
      docker.createContainer(
        containerCreateOptions({
          image: image.ref,
          runId,
          createdAtMs,
          network: 'host',
          grpcPort: 1,
          httpPort: 2,
        }),
      );
    const old = await create(Date.now() - 2 * 3_600_000);
    const fresh = await create(Date.now());
    try {
      const swept = await sweepLabelledContainers({
        docker,
        olderThanMs: 3_600_000,
        label: `${RUN_LABEL}=${runId}`,
      });
      expect(swept.map((entry) => entry.id)).toEqual([old.id]);
      expect(swept[0]?.runId).toBe(runId);
      expect(swept[0]?.ageMs).toBeGreaterThanOrEqual(2 * 3_600_000);
      expect((await listRunContainers(docker, runId)).map((info) => info.Id)).toEqual([fresh.id]);
    } finally {
      await fresh.remove({ force: true });
      await old.remove({ force: true }).catch(() => undefined);
    }
  });
});
