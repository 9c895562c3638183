// The vault this action carries: dist/vault-image/, written by scripts/build-actions.mjs
// (bundle, Dockerfile, launcher, config, version). With no image input the action builds the
// image from it — no checkout of this repository, no npm ci, no esbuild — tagged
// runevault:<version>-<content hash>, so another step or job on the same engine reuses it.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder this module runs from: actions/<name>/dist in a bundle, src/ under tests. */
const MODULE_DIR = dirname(fileURLToPath(import.meta.url));

/**
 * Where the carried context may be: beside this bundle (start-vault-container), else in the
 * start-vault-container dist of the same repository (the root action's bundle, in
 * actions/vault-e2e/dist, is always fetched with the whole repository, so it need not carry
 * a second copy).
 */
export function carriedContextCandidates(moduleDir = MODULE_DIR): string[] {
  return [join(moduleDir, 'vault-image'), join(moduleDir, '../../start-vault-container/dist/vault-image')];
}

export function carriedContextDir(candidates = carriedContextCandidates()): string {
  const found = candidates.find((dir) => existsSync(join(dir, 'vault-image.json')));
  if (!found) {
    throw new Error(
      `this action carries no vault image context (looked in ${candidates.join(', ')}); ` +
        'its dist is incomplete: rebuild it with node scripts/build-actions.mjs start-vault-container, or set image, image-archive or build-context',
    );
  }
  return found;
}
