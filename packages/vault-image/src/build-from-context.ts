// The runevault image build from a folder laid out like this repository's image inputs
// (packages/vault/{Dockerfile, dist/, image/}): this checkout after `npm run build:cli`, or the
// copy the start-vault-container action carries in its dist. Neither esbuild nor this
// repository's package.json is loaded here, so a bundled action can build the image itself.
// Base image (official, pulled if needed, else the offline base) → tar context of exactly the
// files the Dockerfile reads → classic build; an image made from the same bytes, base and
// version is reused.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { withImageBuildLock } from './build-lock.js';
import { CONTENT_LABEL, ensureOfflineBase } from './build-offline-base.js';
import { followProgress, inspectImage } from './docker-engine.js';
import { type ContextEntry, filesUnder, hashContext, packContext } from './tar-context.js';

export const IMAGE_REPOSITORY = 'runevault';
const DOCKERFILE_IN_CONTEXT = 'packages/vault/Dockerfile';
export const DIST_IN_CONTEXT = 'packages/vault/dist';
const LAUNCHER_IN_CONTEXT = 'packages/vault/image/runevault';
const CONFIG_IN_CONTEXT = 'packages/vault/image/runevault.conf';
/** Beside packages/ in a carried context: {"version": "<vault version>"}. */
export const CONTEXT_MANIFEST = 'vault-image.json';

/** Where the files the Dockerfile reads are, and the version the image is labelled with. */
export interface VaultImageContext {
  /** Holds packages/vault/Dockerfile, packages/vault/dist/ and packages/vault/image/. */
  root: string;
  version: string;
  /** The bundle, when it is not at root/packages/vault/dist. */
  distDir?: string;
}

export interface BaseImageOptions {
  /** Base image; default the Dockerfile's NODE_IMAGE (or RUNEVAULT_NODE_IMAGE), else the offline base. */
  nodeImage?: string;
  /** Rebuild the offline base too. */
  noCache?: boolean;
  /** How long a pull of the default base may take before the offline path is used. */
  pullTimeoutMs?: number;
  log?: (line: string) => void;
}

export interface BuildFromContextOptions extends BaseImageOptions {
  docker: Docker;
  context: VaultImageContext;
  /** The tags, or a function of the content hash giving them; the first is the build tag. */
  tags: string[] | ((contentHash: string) => string[]);
  /** Build even when an image from the same context exists (the layer cache still applies). */
  force?: boolean;
}

export interface BuiltImage {
  tags: string[];
  imageId: string;
  sizeBytes: number;
  baseImage: string;
  offlineBase: boolean;
  /** True when an existing image already matched the context and nothing was built. */
  reused: boolean;
  /** SHA-256 over the context bytes, the base image id and the version (label CONTENT_LABEL). */
  contentHash: string;
}

/** `runevault:<version>-<first 12 hex of the content hash>`: one tag per distinct input. */
export function contentAddressedTag(version: string, contentHash: string): string {
  return `${IMAGE_REPOSITORY}:${version}-${contentHash.slice(0, 12)}`;
}

/** NODE_IMAGE's default, read from the Dockerfile so the pin lives in one place. */
export function defaultNodeImage(dockerfile: string): string {
  const match = /^ARG NODE_IMAGE=(\S+)$/m.exec(readFileSync(dockerfile, 'utf8'));
  if (!match?.[1]) throw new Error(`${dockerfile} has no "ARG NODE_IMAGE=<image>" line`);
  return match[1];
}

/**
 * Exactly what the Dockerfile COPYs, under the repo-relative names it uses. Modes are fixed
 * (0755 where the file is executable, else 0644): git keeps only the executable bit, so the
 * same sources hash alike whatever umask checked them out.
 */
export function contextEntries(context: VaultImageContext): ContextEntry[] {
  const distDir = context.distDir ?? join(context.root, DIST_IN_CONTEXT);
  const bundle = filesUnder(distDir, DIST_IN_CONTEXT).map((entry) =>
    entry.type === 'file' && 'source' in entry
      ? { ...entry, mode: statSync(entry.source).mode & 0o111 ? 0o755 : 0o644 }
      : entry,
  );
  return [
    {
      type: 'file',
      name: DOCKERFILE_IN_CONTEXT,
      source: join(context.root, DOCKERFILE_IN_CONTEXT),
      mode: 0o644,
    },
    ...bundle,
    { type: 'file', name: LAUNCHER_IN_CONTEXT, source: join(context.root, LAUNCHER_IN_CONTEXT), mode: 0o755 },
    { type: 'file', name: CONFIG_IN_CONTEXT, source: join(context.root, CONFIG_IN_CONTEXT), mode: 0o644 },
  ];
}

/**
 * A carried context (written by writeVaultImageContext): its version, once every file the
 * build reads is there. A missing file means the folder was not made by the build script.
 */
export function readVaultImageContext(root: string): VaultImageContext {
  const required = [
    CONTEXT_MANIFEST,
    DOCKERFILE_IN_CONTEXT,
    `${DIST_IN_CONTEXT}/runevault.mjs`,
    LAUNCHER_IN_CONTEXT,
    CONFIG_IN_CONTEXT,
  ];
  const missing = required.filter((name) => !existsSync(join(root, name)));
  if (missing.length > 0) {
    throw new Error(
      `the vault image context ${root} is incomplete (missing ${missing.join(', ')}); rebuild it with node scripts/build-actions.mjs`,
    );
  }
  const manifest = JSON.parse(readFileSync(join(root, CONTEXT_MANIFEST), 'utf8')) as { version?: unknown };
  if (typeof manifest.version !== 'string' || manifest.version === '') {
    throw new Error(
      `${join(root, CONTEXT_MANIFEST)} names no version; rebuild it with node scripts/build-actions.mjs`,
    );
  }
  return { root, version: manifest.version };
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
 * The base image to build on: an explicit one as given; otherwise the pinned default of
 * `dockerfile` when the engine has it or can pull it; otherwise the offline base made from
 * the node running this process (said in one log line).
 */
export async function resolveBaseImage(
  docker: Docker,
  dockerfile: string,
  options: BaseImageOptions = {},
): Promise<{ image: string; imageId: string; offline: boolean }> {
  const log = options.log ?? (() => {});
  const explicit = options.nodeImage ?? process.env.RUNEVAULT_NODE_IMAGE;
  const image = explicit || defaultNodeImage(dockerfile);
  let local = await inspectImage(docker, image);
  let pullError = failedPulls.get(image);
  // A machine that reaches no image registry says so up front: the pinned default is not asked
  // for (no DNS lookup leaves the machine). An image named explicitly is still pulled.
  if (!local && !explicit && process.env.RUNEVAULT_OFFLINE_BASE === '1') {
    pullError = 'not pulled: RUNEVAULT_OFFLINE_BASE=1';
  }
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

/** Builds (or reuses) the image of `context`; one build at a time on this machine. */
export function buildImageFromContext(options: BuildFromContextOptions): Promise<BuiltImage> {
  return withImageBuildLock(() => buildImageFromContextLocked(options));
}

/** buildImageFromContext for a caller that already holds the build lock. */
export async function buildImageFromContextLocked(options: BuildFromContextOptions): Promise<BuiltImage> {
  const { docker, context } = options;
  const log = options.log ?? (() => {});
  const dockerfile = join(context.root, DOCKERFILE_IN_CONTEXT);
  const base = await resolveBaseImage(docker, dockerfile, options);
  const entries = contextEntries(context);
  const contentHash = hashContext(entries, [base.imageId, context.version]);
  const tags = typeof options.tags === 'function' ? options.tags(contentHash) : options.tags;
  const [tag, ...otherTags] = tags;
  if (!tag) throw new Error('a vault image build needs at least one tag');

  let image = await inspectImage(docker, tag);
  const previousId = image?.Id;
  const reused = !options.force && !options.noCache && image?.Config?.Labels?.[CONTENT_LABEL] === contentHash;
  if (!reused) {
    const stream = await docker.buildImage(packContext(entries), {
      t: tag,
      dockerfile: DOCKERFILE_IN_CONTEXT,
      buildargs: { NODE_IMAGE: base.image, RUNEVAULT_VERSION: context.version },
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
  // The image these tags named before is now untagged, and the classic builder leaves each
  // earlier stage (assemble) as an untagged image: drop them, and any earlier one left behind
  // while a container still used it.
  if (!reused && previousId !== built.Id) await pruneDanglingVaultImages(docker);
  return {
    tags,
    imageId: built.Id,
    sizeBytes: built.Size,
    baseImage: base.image,
    offlineBase: base.offline,
    reused,
    contentHash,
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
