// Builds the runevault image of this checkout through dockerode: bundle → the build of
// build-from-context.ts on this repository's files. Also writes the same files as a folder a
// bundled tool carries (the start-vault-container action), so it can build the image itself.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type Docker from 'dockerode';
import {
  type BaseImageOptions,
  type BuiltImage,
  buildImageFromContextLocked,
  CONTEXT_MANIFEST,
  contextEntries,
  DIST_IN_CONTEXT,
  defaultNodeImage as defaultNodeImageOf,
  IMAGE_REPOSITORY,
  resolveBaseImage as resolveBaseImageOf,
  type VaultImageContext,
} from './build-from-context.js';
import { withImageBuildLock } from './build-lock.js';
import { bundleCli, DEFAULT_DIST_DIR, VAULT_PACKAGE_DIR } from './bundle-cli.js';
import { connectDocker } from './docker-engine.js';
import type { ContextEntry } from './tar-context.js';

export { type BuiltImage, IMAGE_REPOSITORY, pruneDanglingVaultImages } from './build-from-context.js';

export const DOCKERFILE = join(VAULT_PACKAGE_DIR, 'Dockerfile');
const REPO_ROOT = join(VAULT_PACKAGE_DIR, '../..');

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

/** NODE_IMAGE's default, read from the Dockerfile so the pin lives in one place. */
export function defaultNodeImage(dockerfile = DOCKERFILE): string {
  return defaultNodeImageOf(dockerfile);
}

/** This checkout's image inputs; `distDir` when the bundle is elsewhere. */
function repoContext(distDir = DEFAULT_DIST_DIR): VaultImageContext {
  return { root: REPO_ROOT, version: VAULT_VERSION, distDir };
}

/** Exactly what the Dockerfile COPYs, under the repo-relative names it uses. */
export function vaultImageContext(distDir = DEFAULT_DIST_DIR): ContextEntry[] {
  return contextEntries(repoContext(distDir));
}

/** The base image for this checkout's Dockerfile (see build-from-context.ts). */
export function resolveBaseImage(
  docker: Docker,
  options: BaseImageOptions = {},
): Promise<{ image: string; imageId: string; offline: boolean }> {
  return resolveBaseImageOf(docker, DOCKERFILE, options);
}

export function buildVaultImage(options: BuildImageOptions = {}): Promise<BuiltImage> {
  // Bundling and the build's prune must not run in the middle of another build (build-lock.ts).
  return withImageBuildLock(async () => {
    if (!options.skipBundle) await bundleCli();
    return buildImageFromContextLocked({
      ...options,
      docker: options.docker ?? connectDocker(),
      context: repoContext(),
      tags: options.tags ?? [`${IMAGE_REPOSITORY}:dev`, `${IMAGE_REPOSITORY}:${VAULT_VERSION}`],
    });
  });
}

/**
 * Writes into `outDir` (made or replaced) every file the image build reads, under the same
 * names, plus the version: a context that readVaultImageContext accepts and that builds the
 * image anywhere there is an engine, with no checkout of this repository. Same bytes each time.
 */
export async function writeVaultImageContext(outDir: string): Promise<VaultImageContext> {
  await bundleCli({ outDir: join(outDir, DIST_IN_CONTEXT) });
  for (const entry of contextEntries(repoContext(join(outDir, DIST_IN_CONTEXT)))) {
    if (entry.type !== 'file' || !('source' in entry) || entry.name.startsWith(`${DIST_IN_CONTEXT}/`))
      continue;
    const target = join(outDir, entry.name);
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(entry.source, target);
  }
  writeFileSync(join(outDir, CONTEXT_MANIFEST), `${JSON.stringify({ version: VAULT_VERSION })}\n`);
  return { root: outDir, version: VAULT_VERSION };
}
