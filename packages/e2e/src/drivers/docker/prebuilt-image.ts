// Images the driver uses without bundling the vault in this process: a tag the engine already
// has, a `docker save` archive to load, a checkout of the vault whose own `npm run image`
// builds it, or a prebuilt image context a bundled tool carries (bundle, Dockerfile, launcher,
// config: built here without esbuild or this repository, and reused by its content hash).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildImageFromContext,
  contentAddressedTag,
  inspectImage,
  readVaultImageContext,
} from '@runevault/vault-image/docker';
import type Docker from 'dockerode';

export type PrebuiltImageSource =
  | { kind: 'archive'; path: string }
  | { kind: 'tag'; tag: string }
  /** A checkout of this repository with its npm dependencies installed. */
  | { kind: 'checkout'; dir: string }
  /** A folder written by writeVaultImageContext (e.g. the start-vault-container action's dist/vault-image). */
  | { kind: 'carried'; dir: string };

export interface ResolvedImage {
  /** What the container is created from: a tag, or the image id when nothing names it. */
  ref: string;
  id: string;
  how: 'built' | 'reused' | 'loaded' | 'tag' | 'pulled';
  /** Built on the offline base made from this host's node (no registry answered). */
  offlineBase?: boolean;
}

/** The engine has no image by that name (a tag source). */
export class ImageNotFoundError extends Error {
  constructor(readonly image: string) {
    super(`the Docker engine has no image ${image}; build it (npm run image) or pass a docker save archive`);
    this.name = 'ImageNotFoundError';
  }
}

/** The tag a checkout's `npm run image` gives the image it builds (IMAGE_REPOSITORY:dev). */
export const CHECKOUT_IMAGE_TAG = 'runevault:dev';

export async function resolvePrebuiltImage(
  docker: Docker,
  source: PrebuiltImageSource,
  log: (line: string) => void = () => {},
): Promise<ResolvedImage> {
  switch (source.kind) {
    case 'archive': {
      if (!existsSync(source.path)) {
        throw new Error(
          `image archive ${source.path} does not exist (make one with docker save -o FILE TAG)`,
        );
      }
      const loaded = await loadImageArchive(docker, source.path);
      const image = await inspectImage(docker, loaded);
      if (!image) throw new Error(`the engine loaded ${source.path} as ${loaded} but cannot inspect it`);
      return { ref: loaded, id: image.Id, how: 'loaded' };
    }
    case 'tag': {
      const image = await inspectImage(docker, source.tag);
      if (!image) throw new ImageNotFoundError(source.tag);
      return { ref: source.tag, id: image.Id, how: 'tag' };
    }
    case 'checkout':
      return buildCheckoutImage(docker, source.dir, log);
    case 'carried':
      return buildCarriedImage(docker, source.dir, log);
  }
}

/**
 * The image of a carried context, tagged runevault:<version>-<content hash> (the hash covers
 * every byte sent, the base image's id and the version): an engine that has that tag from
 * the same inputs reuses it; otherwise it is built, on the pinned Node image when the engine
 * has it or can pull it, else on the offline base made from the node running this process.
 */
async function buildCarriedImage(
  docker: Docker,
  dir: string,
  log: (line: string) => void = () => {},
): Promise<ResolvedImage> {
  const context = readVaultImageContext(dir);
  const built = await buildImageFromContext({
    docker,
    context,
    tags: (contentHash) => [contentAddressedTag(context.version, contentHash)],
    log,
  });
  return {
    ref: built.tags[0] ?? built.imageId,
    id: built.imageId,
    how: built.reused ? 'reused' : 'built',
    offlineBase: built.offlineBase,
  };
}

/**
 * Runs `npm run image` of the checkout's image package (@runevault/vault-image; in checkouts from
 * before it existed, @runevault/vault): its own build code, which reuses an image built from the
 * same bytes and falls back to an offline base when no registry answers.
 */
async function buildCheckoutImage(
  docker: Docker,
  dir: string,
  log: (line: string) => void = () => {},
): Promise<ResolvedImage> {
  if (!existsSync(join(dir, 'packages/vault/Dockerfile'))) {
    throw new Error(`${dir} is not a runevault checkout (no packages/vault/Dockerfile); check the folder`);
  }
  if (!existsSync(join(dir, 'node_modules'))) {
    throw new Error(`${dir} has no node_modules; install its dependencies first (npm ci)`);
  }
  const output: string[] = [];
  const code = await new Promise<number | null>((resolve, reject) => {
    const workspace = existsSync(join(dir, 'packages/vault-image/package.json'))
      ? '@runevault/vault-image'
      : '@runevault/vault';
    const child = spawn('npm', ['run', 'image', '--silent', '-w', workspace], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const collect = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line.trim() === '') continue;
        output.push(line);
        log(line);
      }
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.once('error', reject);
    child.once('close', resolve);
  });
  if (code !== 0) {
    const last = output.slice(-5).join('\n') || '(no output)';
    throw new Error(`npm run image in ${dir} exited with code ${code}:\n${last}`);
  }
  const image = await inspectImage(docker, CHECKOUT_IMAGE_TAG);
  if (!image)
    throw new Error(`npm run image in ${dir} succeeded but the engine has no ${CHECKOUT_IMAGE_TAG}`);
  const reused = output.some((line) => /\breused runevault:/.test(line));
  return {
    ref: CHECKOUT_IMAGE_TAG,
    id: image.Id,
    how: reused ? 'reused' : 'built',
    offlineBase: output.some((line) => line.includes('node-offline')),
  };
}

interface LoadEvent {
  stream?: string;
  error?: string;
  errorDetail?: { message?: string };
}

/** `docker load` of an archive; returns the first tag it named, else the image id it loaded. */
async function loadImageArchive(docker: Docker, path: string): Promise<string> {
  const stream = await docker.loadImage(path, { quiet: true });
  const events = await new Promise<LoadEvent[]>((resolve, reject) =>
    docker.modem.followProgress(stream, (error: Error | null, result: LoadEvent[]) =>
      error ? reject(error) : resolve(result),
    ),
  );
  const failed = events.find((event) => event.error || event.errorDetail);
  if (failed) throw new Error(`docker load ${path}: ${failed.errorDetail?.message ?? failed.error}`);
  const text = events.map((event) => event.stream ?? '').join('');
  const name = /Loaded image: (\S+)/.exec(text)?.[1] ?? /Loaded image ID: (\S+)/.exec(text)?.[1];
  if (!name) throw new Error(`docker load ${path} reported no image: ${text.trim() || '(no output)'}`);
  return name;
}
