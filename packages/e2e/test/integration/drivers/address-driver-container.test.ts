// The address driver given a vault's container on a real engine: the token, users and roles
// through docker exec in it, its output as the log source. The image is built (or reused) once.
import { createVaultClient } from '@runevault/vault/client';
import { dockerEngineForTests } from '@runevault/vault-image';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { connectAddressVault } from '../../../src/drivers/address-driver.js';
import { resolveVaultImage } from '../../../src/drivers/docker/image-source.js';
import { type DockerVault, newRunId, startDockerVault } from '../../../src/drivers/docker-driver.js';

const engine = await dockerEngineForTests('the address driver container tests');
const skipReason = engine.ok ? '' : engine.reason;
const docker = engine.ok ? engine.docker : (undefined as unknown as Docker);
let running: DockerVault | undefined;

async function keyIdFor(grpcAddress: string, token: string): Promise<string> {
  const client = createVaultClient(grpcAddress, { deadlineMs: 20_000 });
  try {
    return (await client.getPublicKeyBundle(token)).key_id;
  } finally {
    client.close();
  }
}

describe.skipIf(!engine.ok)(
  `address driver with a container${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  () => {
    beforeAll(async () => {
      const image = await resolveVaultImage(docker, { kind: 'build' });
      running = await startDockerVault({ docker, runId: newRunId(), image: { kind: 'tag', tag: image.ref } });
    }, 600_000);
    afterAll(async () => {
      await running?.stop();
    });

    it('issues its token, users and roles by docker exec and reads the container output as its log', async () => {
      const vault = await connectAddressVault({
        grpcAddress: running?.grpcAddress ?? '',
        httpUrl: running?.httpUrl ?? '',
        container: { id: running?.containerId.slice(0, 12) ?? '', docker },
        tokenUser: 'addr-container-suite',
      });
      expect(vault.token).toMatch(/^evt_[0-9a-f]{32}$/);
      expect(vault.token).not.toBe(running?.token);
      expect(await keyIdFor(vault.grpcAddress, vault.token)).toBe('vault-key');
      await vault.createRole({ name: 'addr-c-role', scope: ['get_public_key'], topK: 2, rateLimit: '5/60s' });
      const token = await vault.issueToken('addr-c-user', 'addr-c-role');
      expect(await keyIdFor(vault.grpcAddress, token)).toBe('vault-key');
      // The audit line of the last call reaches the container's log a moment after its answer.
      await vi.waitFor(
        async () => {
          const users = (await vault.readLogs())
            .split('\n')
            .filter((line) => line.startsWith('{'))
            .map((line) => (JSON.parse(line) as { user_id?: string }).user_id);
          expect(users).toEqual(expect.arrayContaining(['addr-container-suite', 'addr-c-user']));
        },
        { timeout: 15_000, interval: 100 },
      );
      await vault.stop();
      expect((await fetch(`${running?.httpUrl}/health`)).status).toBe(200);
    });

    it('prefers given logs over the container output', async () => {
      const vault = await connectAddressVault({
        grpcAddress: running?.grpcAddress ?? '',
        httpUrl: running?.httpUrl ?? '',
        token: running?.token ?? '',
        container: { id: running?.containerId ?? '', docker },
        logs: async () => 'given',
      });
      expect(await vault.readLogs()).toBe('given');
    });

    it('fails the connection at once, naming the container, when there is no such container', async () => {
      await expect(
        connectAddressVault({
          grpcAddress: running?.grpcAddress ?? '',
          httpUrl: running?.httpUrl ?? '',
          container: { id: 'no-such-vault-container', docker },
        }),
      ).rejects.toThrow(
        "no container no-such-vault-container on the Docker engine; give the id or name of the vault's container",
      );
    });
  },
);
