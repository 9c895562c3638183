// Builds the runevault image through dockerode: bundle → base image (official, pulled if
// needed, else the offline base) → tar context of exactly the files the Dockerfile reads →
// classic build. An image already built from the same bytes on the same base is reused.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { withImageBuildLock } from './build-lock.js';
import { CONTENT_LABEL, ensureOfflineBase } from './build-offline-base.js';
import { bundleCli, DEFAULT_DIST_DIR, VAULT_PACKAGE_DIR } from './bundle-cli.js';
import { connectDocker, followProgress, inspectImage } from './docker-engine.js';
import { type ContextEntry, filesUnder, hashContext, packContext } from './tar-context.js';

export const IMAGE_REPOSITORY = 'runevault';
export const DOCKERFILE = join(VAULT_PACKAGE_DIR, 'Dockerfile');
const DOCKERFILE_IN_CONTEXT = 'packages/vault/Dockerfile';

export const VAULT_VERSION: string = (
  JSON.parse(readFileSync(join(VAULT_PACKAGE_DIR, 'package.json'), 'utf8')) as { version: string }
).version;

export interface BuildImageOptions {
  docker?: Docker;
  /** First is the build tag; default runevault:dev and runevault:<package version>. */
  tags?: string[];
  /** Base image; default the Dockerfile's NODE_IMAGE (or RUNEVAULT_NODE_IMAGE), else the offline base. */
  nodeImage?: string;
  /** Build every layer again and rebuild the offline base. */
  noCache?: boolean;
  /** Build even when an image from the same context exists (the layer cache still applies). */
  force?: boolean;
  /** Use packages/vault/dist as it is instead of bundling first. */
  skipBundle?: boolean;
  /** How long a pull of the default base may take before the offline path is used. */
  pullTimeoutMs?: number;
  log?: (line: string) => void;
}

export interface BuiltImage {
  tags: string[];
  imageId: string;
  sizeBytes: number;
  baseImage: string;
  offlineBase: boolean;
  /** True when an existing image already matched the context and nothing was built. */
  reused: boolean;
}

/** NODE_IMAGE's default, read from the Dockerfile so the pin lives in one place. */
export function defaultNodeImage(dockerfile = DOCKERFILE): string {
  const match = /^ARG NODE_IMAGE=(\S+)$/m.exec(readFileSync(dockerfile, 'utf8'));
  if (!match?.[1]) throw new Error(`${dockerfile} has no "ARG NODE_IMAGE=<image>" line`);
  return match[1];
}

/** Exactly what the Dockerfile COPYs, under the repo-relative names it uses. */
export function vaultImageContext(distDir = DEFAULT_DIST_DIR): ContextEntry[] {
  return [
    { type: 'file', name: DOCKERFILE_IN_CONTEXT, source: DOCKERFILE, mode: 0o644 },
    ...filesUnder(distDir, 'packages/vault/dist'),
    {
      type: 'file',
      name: 'packages/vault/image/runevault',
      source: join(VAULT_PACKAGE_DIR, 'image/runevault'),
      mode: 0o755,
    },
    {
      type: 'file',
      name: 'packages/vault/image/runevault.conf',
      source: join(VAULT_PACKAGE_DIR, 'image/runevault.conf'),
      mode: 0o644,
    },
  ];
}

async function pullImage(docker: Docker, image: string, timeoutMs: number): Promise<void> {
  const stream = await docker.pull(image, { abortSignal: AbortSignal.timeout(timeoutMs) });
  await followProgress(docker, stream);
}

/**
 * Images this process could not pull, with the engine's reason: asked once, not before every
 * build (a machine without a registry answers the same each time, after a DNS lookup).
 */
const failedPulls = new Map<string, string>();

/**
 * The base image to build on: an explicit one as given; otherwise the pinned default when the
 * engine has it or can pull it; otherwise the offline base (said in one log line).
 */
export async function resolveBaseImage(
  docker: Docker,
  options: Pick<BuildImageOptions, 'nodeImage' | 'noCache' | 'pullTimeoutMs' | 'log'> = {},
): Promise<{ image: string; imageId: string; offline: boolean }> {
  const log = options.log ?? (() => {});
  const explicit = options.nodeImage ?? process.env.RUNEVAULT_NODE_IMAGE;
  const image = explicit || defaultNodeImage();
  let local = await inspectImage(docker, image);
  let pullError = failedPulls.get(image);
  if (!local && pullError === undefined) {
    try {
      await pullImage(docker, image, options.pullTimeoutMs ?? 180_000);
      local = await inspectImage(docker, image);
    } catch (error) {
      // docker-modem wraps the engine's text as "(HTTP code 500) server error - …"; keep the text.
      pullError = (error as Error).message
        .replace(/^\(HTTP code \d+\)[^-]*- /, '')
        .trim()
        .split('\n')[0];
      failedPulls.set(image, pullError ?? 'pull failed');
    }
  }
  if (local) return { image, imageId: local.Id, offline: false };
  if (explicit) throw new Error(`base image ${image} is not available: ${pullError}`);

  const base = await ensureOfflineBase(docker, { noCache: options.noCache, force: options.noCache });
  log(
    `offline image path: cannot pull ${image} (${pullError}); using ${base.tag} made from this host's node ` +
      `and its ${base.files.length - 1} linked libraries${base.reused ? ' (already built)' : ''}`,
  );
  return { image: base.tag, imageId: base.imageId, offline: true };
}

export function buildVaultImage(options: BuildImageOptions = {}): Promise<BuiltImage> {
  // Its prune must not run in the middle of another build (see build-lock.ts).
  return withImageBuildLock(() => buildVaultImageNow(options));
}

async function buildVaultImageNow(options: BuildImageOptions): Promise<BuiltImage> {
  const docker = options.docker ?? connectDocker();
  const log = options.log ?? (() => {});
  const tags = options.tags ?? [`${IMAGE_REPOSITORY}:dev`, `${IMAGE_REPOSITORY}:${VAULT_VERSION}`];
  const [tag, ...otherTags] = tags;
  if (!tag) throw new Error('buildVaultImage needs at least one tag');

  if (!options.skipBundle) await bundleCli();
  const base = await resolveBaseImage(docker, options);
  const entries = vaultImageContext();
  const contentHash = hashContext(entries, [base.imageId, VAULT_VERSION]);

  let image = await inspectImage(docker, tag);
  const previousId = image?.Id;
  const reused = !options.force && !options.noCache && image?.Config?.Labels?.[CONTENT_LABEL] === contentHash;
  if (!reused) {
    const stream = await docker.buildImage(packContext(entries), {
      t: tag,
      dockerfile: DOCKERFILE_IN_CONTEXT,
      buildargs: { NODE_IMAGE: base.image, RUNEVAULT_VERSION: VAULT_VERSION },
      labels: { [CONTENT_LABEL]: contentHash },
      // RUN steps need no network; `none` also works on an engine started with --bridge=none.
      networkmode: 'none',
      pull: false,
      rm: true,
      forcerm: true,
      nocache: options.noCache ?? false,
    });
    await followProgress(docker, stream, (event) => {
      const text = event.stream?.trim();
      if (text?.startsWith('Step ')) log(text);
    });
    image = await inspectImage(docker, tag);
    if (!image) throw new Error(`the engine reported success but has no image ${tag}`);
  }
  const built = image as Docker.ImageInspectInfo;
  for (const extra of otherTags) {
    const [repo, version] = splitTag(extra);
    await docker.getImage(built.Id).tag({ repo, tag: version });
  }
  // The image these tags named before is now untagged: drop it, and any earlier one left behind
  // while a container still used it.
  if (previousId && previousId !== built.Id) await pruneDanglingVaultImages(docker);
  return {
    tags,
    imageId: built.Id,
    sizeBytes: built.Size,
    baseImage: base.image,
    offlineBase: base.offline,
    reused,
  };
}

/**
 * Removes untagged images that a runevault build made (they carry CONTENT_LABEL), except the
 * ones a container still uses: the engine refuses those, and a later build gets them. Returns
 * the ids removed. Images without the label are not ours and are left alone.
 */
export async function pruneDanglingVaultImages(docker: Docker): Promise<string[]> {
  const dangling = await docker.listImages({ filters: { dangling: ['true'], label: [CONTENT_LABEL] } });
  const removed = await Promise.all(
    dangling.map((info) =>
      docker
        .getImage(info.Id)
        .remove()
        .then(
          () => info.Id,
          () => undefined,
        ),
    ),
  );
  return removed.filter((id): id is string => id !== undefined);
}

/** `repo[:tag]` → [repo, tag]; the colon of a registry port is not a tag separator. */
function splitTag(reference: string): [string, string] {
  const colon = reference.lastIndexOf(':');
  if (colon <= reference.lastIndexOf('/')) return [reference, 'latest'];
  return [reference.slice(0, colon), reference.slice(colon + 1)];
}
