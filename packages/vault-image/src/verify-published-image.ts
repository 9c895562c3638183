// Proof that what a release pushed runs: pull <name>@<digest> (exactly the bytes published,
// not a tag that could have moved), start it with host networking on free loopback ports,
// wait for GET /health to answer 200, check its OCI labels, remove the container. The config
// is copied into the container before it starts (Engine API, tar owned by the vault's user),
// never bind-mounted, so this works on a remote engine too. release.yml runs it after the
// Buildx push; the loopback-registry test runs it after publishVaultImage.

import { renderVaultConfig } from '@runevault/vault/config';
import { freePorts } from '@runevault/vault/free-port';
import type Docker from 'dockerode';
import { pack } from 'tar-stream';
import { RUNTIME_GID, RUNTIME_UID } from './build-offline-base.js';
import { connectDocker, inspectImage, isNotFound } from './docker-engine.js';
import { missingOciLabels } from './oci-labels.js';
import { pullReference, type RegistryAuth } from './registry-transfer.js';

/** Set on every container this makes, so a test (or a person) can find a leftover. */
export const VERIFY_LABEL = 'io.runevault.release.verify';
const CONFIGS_DIR = '/opt/rune-vault/configs';
const DIGEST_REFERENCE = /^(.+)@(sha256:[0-9a-f]{64})$/;

/** The image ran but never became healthy; `logs` holds the container's last lines. */
class ImageVerifyError extends Error {
  constructor(
    message: string,
    readonly logs: string,
  ) {
    super(message);
    this.name = 'ImageVerifyError';
  }
}

export interface VerifyImageOptions {
  docker?: Docker;
  /** <name>@sha256:<64 hex>: a digest, never a tag. */
  reference: string;
  auth?: RegistryAuth;
  /** Until /health must answer 200 (default 180 s: the vault makes its FHE keys first). */
  healthDeadlineMs?: number;
  /** Between polls of /health (default 250 ms). */
  pollIntervalMs?: number;
  /** Labels the container carries besides VERIFY_LABEL. */
  labels?: Record<string, string>;
  log?: (line: string) => void;
}

export interface VerifiedImage {
  reference: string;
  imageId: string;
  /** The image's labels (the OCI set among them). */
  labels: Record<string, string>;
  httpPort: number;
  /** From the start request to the first 200. */
  startToHealthyMs: number;
}

/** The vault's config as a tar entry owned by the vault's user, mode 0600 (it names secrets). */
function configArchive(grpcPort: number, httpPort: number): NodeJS.ReadableStream {
  const config = renderVaultConfig({
    writtenBy: 'verify-published-image',
    teamSecret: { file: 'configs/team-secret' },
    grpc: { host: '127.0.0.1', port: grpcPort },
    http: { host: '127.0.0.1', port: httpPort },
    overrides: { tokens: { roles_file: 'configs/roles.yml', tokens_file: 'configs/tokens.yml' } },
  });
  const tar = pack();
  tar.entry(
    { name: 'runevault.conf', mode: 0o600, uid: RUNTIME_UID, gid: RUNTIME_GID, mtime: new Date(0) },
    config,
  );
  tar.finalize();
  return tar as unknown as NodeJS.ReadableStream;
}

async function healthStatus(url: string): Promise<number> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    await response.body?.cancel();
    return response.status;
  } catch {
    return 0;
  }
}

/** The container's last log lines, for a failure message (TTY: one plain stream). */
async function lastLogLines(container: Docker.Container, count: number): Promise<string> {
  try {
    const logs = (await container.logs({ stdout: true, stderr: true, tail: count, follow: false })) as Buffer;
    return logs.toString('utf8').replace(/\r/g, '').trim() || '(no log output)';
  } catch (error) {
    return `(logs unavailable: ${(error as Error).message})`;
  }
}

export async function verifyPublishedImage(options: VerifyImageOptions): Promise<VerifiedImage> {
  const docker = options.docker ?? connectDocker();
  const log = options.log ?? (() => {});
  const { reference } = options;
  if (!DIGEST_REFERENCE.test(reference))
    throw new Error(
      `image ${JSON.stringify(reference)} is not <name>@sha256:<64 hex>; verify what was pushed by its digest`,
    );

  await pullReference(docker, reference, options.auth);
  const image = await inspectImage(docker, reference);
  if (!image) throw new Error(`pulled ${reference}, but the engine has no such image`);
  const digest = DIGEST_REFERENCE.exec(reference)?.[2] ?? '';
  if (!(image.RepoDigests ?? []).some((known) => known.endsWith(`@${digest}`)))
    throw new Error(`pulled ${reference}, but the image's digests are ${image.RepoDigests?.join(', ')}`);
  const labels = image.Config?.Labels ?? {};
  const missing = missingOciLabels(labels);
  if (missing.length > 0)
    throw new Error(`image ${reference} lacks the labels ${missing.join(', ')}; publish it with ociLabels()`);
  log(`pulled ${reference} (${image.Id.slice(7, 19)}); OCI labels present`);

  const [grpcPort = 0, httpPort = 0] = await freePorts(2);
  const container = await docker.createContainer({
    Image: reference,
    Tty: true,
    Labels: { ...options.labels, [VERIFY_LABEL]: 'true' },
    HostConfig: { NetworkMode: 'host' },
  });
  try {
    await container.putArchive(configArchive(grpcPort, httpPort), { path: CONFIGS_DIR });
    const started = performance.now();
    await container.start();
    const url = `http://127.0.0.1:${httpPort}/health`;
    const deadline = started + (options.healthDeadlineMs ?? 180_000);
    let last = 'no answer';
    for (;;) {
      const status = await healthStatus(url);
      if (status === 200) break;
      last = status === 0 ? 'no answer' : `HTTP ${status}`;
      const state = (await container.inspect()).State;
      if (!state.Running)
        throw new ImageVerifyError(
          `container ${container.id.slice(0, 12)} of ${reference} exited (code ${state.ExitCode}) before GET ${url} answered 200 (last: ${last}); its last log lines are above`,
          await lastLogLines(container, 40),
        );
      if (performance.now() > deadline)
        throw new ImageVerifyError(
          `GET ${url} did not answer 200 within ${options.healthDeadlineMs ?? 180_000} ms (last: ${last}); container ${container.id.slice(0, 12)}'s last log lines are above`,
          await lastLogLines(container, 40),
        );
      await new Promise((resolve) => setTimeout(resolve, options.pollIntervalMs ?? 250));
    }
    const startToHealthyMs = Math.round(performance.now() - started);
    log(`container ${container.id.slice(0, 12)} healthy on 127.0.0.1:${httpPort} in ${startToHealthyMs} ms`);
    return { reference, imageId: image.Id, labels, httpPort, startToHealthyMs };
  } finally {
    await container.remove({ force: true }).catch((error: unknown) => {
      if (!isNotFound(error)) throw error;
    });
  }
}
