// The vault's files reach its container through the Engine API, not a bind mount: on a real
// engine the container has no mount at all, what was copied in is owned by the image's user
// with the vault's modes (so it warns about nothing), the host folder is never chowned or
// opened up, and files come back out of a created, running or stopped container.
import { statSync } from 'node:fs';
import { dockerEngineForTests } from '@runevault/vault-image';
import { RUNTIME_GID, RUNTIME_UID } from '@runevault/vault-image/docker';
import type Docker from 'dockerode';
import { extract, type Header } from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CONTAINER_INSTALL_DIR,
  containerCreateOptions,
} from '../../../src/drivers/docker/container-create-options.js';
import { copyIntoContainer } from '../../../src/drivers/docker/copy-into-container.js';
import { type ResolvedImage, resolveVaultImage } from '../../../src/drivers/docker/image-source.js';
import { readContainerFile } from '../../../src/drivers/docker/read-from-container.js';
import { newRunId, RUN_LABEL, startDockerVault } from '../../../src/drivers/docker-driver.js';
import { localOidc } from '../../../src/oidc/oidc-fixture.js';

const engine = await dockerEngineForTests('the container file copy tests');
const skipReason = engine.ok ? '' : engine.reason;
const docker = engine.ok ? engine.docker : (undefined as unknown as Docker);
const FILE_RUN = newRunId();
let image: ResolvedImage;

/** name → header of every entry GET /archive returns for `path` (a folder comes with its contents). */
async function archiveHeaders(container: Docker.Container, path: string): Promise<Map<string, Header>> {
  const archive = await container.getArchive({ path });
  const entries = extract();
  (archive as unknown as { pipe(target: unknown): void }).pipe(entries);
  const headers = new Map<string, Header>();
  for await (const entry of entries) {
    headers.set(entry.header.name.replace(/\/$/, ''), entry.header);
    entry.resume();
  }
  return headers;
}

describe.skipIf(!engine.ok)(
  `files copied into the container${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  () => {
    beforeAll(async () => {
      image = await resolveVaultImage(docker, { kind: 'build' });
    }, 600_000);

    afterAll(async () => {
      const all = await docker.listContainers({ all: true, filters: { label: [RUN_LABEL] } });
      const ours = all.filter((info) => info.Labels[RUN_LABEL]?.startsWith(FILE_RUN));
      await Promise.all(ours.map((info) => docker.getContainer(info.Id).remove({ force: true })));
    });

    it('round-trips a file through a created container, with the owner and modes of the tar', async () => {
      const container = await docker.createContainer(
        containerCreateOptions({
          image: image.ref,
          runId: `${FILE_RUN}-copy`,
          createdAtMs: Date.now(),
          network: 'host',
          grpcPort: 1,
          httpPort: 2,
        }),
      );
      try {
        const secret = Buffer.from([0, 1, 2, 255, 10, 13]);
        await copyIntoContainer(
          container,
          '/tmp',
          [
            { type: 'directory', name: 'copied', mode: 0o700 },
            { type: 'file', name: 'copied/secret.bin', mode: 0o600, content: secret },
            { type: 'file', name: 'copied/public.txt', mode: 0o644, content: Buffer.from('hello\n') },
          ],
          { uid: RUNTIME_UID, gid: RUNTIME_GID },
        );
        expect(await readContainerFile(container, '/tmp/copied/secret.bin')).toEqual(secret);
        const headers = await archiveHeaders(container, '/tmp/copied');
        expect(
          [...headers].map(([name, h]) => [name, h.type, (h.mode & 0o777).toString(8), h.uid, h.gid]).sort(),
        ).toEqual([
          ['copied', 'directory', '700', RUNTIME_UID, RUNTIME_GID],
          ['copied/public.txt', 'file', '644', RUNTIME_UID, RUNTIME_GID],
          ['copied/secret.bin', 'file', '600', RUNTIME_UID, RUNTIME_GID],
        ]);
        expect(await readContainerFile(container, '/tmp/copied/missing')).toBeUndefined();
        // A folder is not a file.
        expect(await readContainerFile(container, '/tmp/copied')).toBeUndefined();
        await expect(readContainerFile(container, '/tmp/copied/secret.bin', { maxBytes: 3 })).rejects.toThrow(
          /secret\.bin in container [0-9a-f]{12} is 6 bytes, over the 3 this reads/,
        );
      } finally {
        await container.remove({ force: true });
      }
      expect(await readContainerFile(container, '/tmp/copied/secret.bin')).toBeUndefined();
    });

    it('starts the vault with no mount, its files owned by its user with its modes, the host folder untouched', async () => {
      const oidc = await localOidc();
      const vault = await startDockerVault({
        docker,
        runId: `${FILE_RUN}-vault`,
        image: { kind: 'tag', tag: image.ref },
        tls: true,
        oidcProviders: [oidc.provider],
      });
      try {
        const inspected = await vault.container.inspect();
        expect(inspected.Mounts).toEqual([]);
        expect(inspected.HostConfig.Binds ?? []).toEqual([]);

        const headers = new Map([
          ...(await archiveHeaders(vault.container, `${CONTAINER_INSTALL_DIR}/configs`)),
          ...(await archiveHeaders(vault.container, `${CONTAINER_INSTALL_DIR}/vault-keys`)),
          ...(await archiveHeaders(vault.container, `${CONTAINER_INSTALL_DIR}/oidc`)),
        ]);
        const expected: Record<string, string> = {
          configs: '700',
          'configs/runevault.conf': '600',
          'configs/team-secret': '600',
          'configs/server.key': '600',
          'configs/server.pem': '644',
          'vault-keys': '700',
          'vault-keys/vault-key': '700',
          'vault-keys/vault-key/SecKey.json': '600',
          'vault-keys/vault-key/EncKey.json': '644',
          'vault-keys/vault-key/EvalKey.json': '644',
          oidc: '700',
          'oidc/0-jwks.json': '644',
        };
        for (const [name, mode] of Object.entries(expected)) {
          const header = headers.get(name);
          expect(header, name).toBeDefined();
          expect([(header?.mode ?? 0) & 0o777, header?.uid, header?.gid], name).toEqual([
            Number.parseInt(mode, 8),
            RUNTIME_UID,
            RUNTIME_GID,
          ]);
        }
        // The vault wrote its own files beside them: the folders are its to write.
        expect(headers.has('configs/tokens.yml') || headers.has('configs/roles.yml')).toBe(true);
        expect(await vault.readLogs()).not.toMatch(/accessible by group\/others/);

        // The host folder stays this process's, closed: no chown to the vault's user, no 0777.
        const uid = process.getuid?.();
        for (const path of [vault.home.dir, vault.home.configsDir, vault.home.keysDir]) {
          const stats = statSync(path);
          expect((stats.mode & 0o777).toString(8), path).toBe('700');
          if (uid !== undefined) expect(stats.uid, path).toBe(uid);
        }
        expect(statSync(vault.home.teamSecretFile).uid).toBe(uid);
        expect((statSync(vault.home.teamSecretFile).mode & 0o777).toString(8)).toBe('600');
      } finally {
        await vault.stop();
        oidc.dispose();
      }
    });
  },
);
