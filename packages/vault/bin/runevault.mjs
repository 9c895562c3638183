#!/usr/bin/env node
// `runevault` from a checkout: `npx runevault …` / `npm exec runevault -- …` (npm links this file
// into node_modules/.bin at `npm ci`). It runs the bundle, dist/runevault.mjs from
// `npm run build:cli`, when that is newer than everything it was built from, because the bundle
// starts about four times faster (see README); otherwise the TypeScript sources through tsx, so
// a fresh clone and an edited tree both run exactly what is checked out. RUNEVAULT_FROM_SOURCE=1
// always runs the sources. Plain node, no shell: the cwd, argv and config lookup stay the caller's.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const PACKAGE_DIR = dirname(dirname(fileURLToPath(import.meta.url)));
const BUNDLE = join(PACKAGE_DIR, 'dist', 'runevault.mjs');
const SOURCE = join(PACKAGE_DIR, 'src', 'cli', 'main.ts');

/** Newest modification time (ms) of a file, or of every file under a folder; 0 when missing. */
function newestMtime(path) {
  let stats;
  try {
    stats = statSync(path);
  } catch {
    return 0;
  }
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = stats.mtimeMs; // a deleted file only shows as its folder's mtime
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

/**
 * The bundle is used only when it is newer than its inputs: the sources and protos, the
 * package.json whose version it embeds, and the lockfile that fixed the dependencies it inlines.
 * Times, not hashes: a check of ~120 files costs a few ms, hashing them would cost more than
 * the bundle saves. A git checkout or an edit makes files newer, so a doubt runs the sources.
 */
function bundleIsCurrent() {
  if (process.env.RUNEVAULT_FROM_SOURCE === '1' || !existsSync(BUNDLE)) return false;
  const built = statSync(BUNDLE).mtimeMs;
  const inputs = ['src', 'proto', 'package.json', '../../package-lock.json'];
  return inputs.every((input) => newestMtime(join(PACKAGE_DIR, input)) <= built);
}

async function runSource() {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(SOURCE).href);
}

if (bundleIsCurrent()) {
  try {
    await import(pathToFileURL(BUNDLE).href);
  } catch (error) {
    // `npm run build:cli` swaps dist/ by two renames; caught between them, run the sources.
    if (error?.code !== 'ERR_MODULE_NOT_FOUND' || existsSync(BUNDLE)) throw error;
    await runSource();
  }
} else {
  await runSource();
}
