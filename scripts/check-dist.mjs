#!/usr/bin/env node
// Rebuilds every actions/<name>/dist into a temp dir and compares it with the committed one:
// exit 0 when identical, exit 1 listing each missing, extra or differing file (CI calls this).
//
//   node scripts/check-dist.mjs [--keep DIR]
//
// --keep DIR leaves the expected dist folders in DIR/<name>/dist, for CI to upload so a
// contributor can see what the build produced.
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { ACTIONS_DIR, buildActions, REPO_ROOT } from './build-actions.mjs';

/** Relative path → sha256 and executable bit (the only mode git keeps). */
function fingerprint(dir) {
  const files = new Map();
  const walk = (current) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) walk(path);
      else {
        const hash = createHash('sha256').update(readFileSync(path)).digest('hex');
        const executable = (statSync(path).mode & 0o111) !== 0;
        files.set(relative(dir, path).split(sep).join('/'), { hash, executable });
      }
    }
  };
  if (existsSync(dir)) walk(dir);
  return files;
}

export function compareDist(committedDir, expectedDir) {
  const committed = fingerprint(committedDir);
  const expected = fingerprint(expectedDir);
  const problems = [];
  for (const [file, want] of expected) {
    const have = committed.get(file);
    if (!have) problems.push(`missing  ${file}`);
    else if (have.hash !== want.hash) problems.push(`differs  ${file}`);
    else if (have.executable !== want.executable)
      problems.push(`mode     ${file} (executable: ${have.executable}, expected ${want.executable})`);
  }
  for (const file of committed.keys()) if (!expected.has(file)) problems.push(`extra    ${file}`);
  return problems.sort((a, b) => a.slice(9).localeCompare(b.slice(9)));
}

const { values } = parseArgs({ options: { keep: { type: 'string' } } });
const outRoot = mkdtempSync(join(tmpdir(), 'check-dist-'));
let failed = false;
try {
  const built = await buildActions({ outRoot, log: () => {} });
  for (const { name, distDir } of built) {
    const committedDir = join(ACTIONS_DIR, name, 'dist');
    const problems = compareDist(committedDir, distDir);
    if (problems.length === 0) {
      console.log(`actions/${name}/dist is up to date`);
      continue;
    }
    failed = true;
    console.error(`actions/${name}/dist is stale (${relative(REPO_ROOT, committedDir)} vs a fresh build):`);
    for (const problem of problems) console.error(`  ${problem}`);
  }
  if (values.keep)
    for (const { name, distDir } of built)
      cpSync(distDir, join(values.keep, name, 'dist'), { recursive: true });
  if (failed) console.error('run `npm run build:actions` and commit the dist folders');
} finally {
  rmSync(outRoot, { recursive: true, force: true });
}
process.exitCode = failed ? 1 : 0;
