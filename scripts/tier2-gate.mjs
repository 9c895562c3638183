#!/usr/bin/env node
// ci.yml's tier-2 gate, the one place that says which changes run tier 2:
//   integration tests — any change except documentation (DOC_ONLY);
//   the image build  — a change to what the image is built from (IMAGE_INPUTS).
// `node scripts/tier2-gate.mjs BASE HEAD` diffs the two commits, prints why, and writes
// integration=… and image=… to $GITHUB_OUTPUT when it is set. ci.yml's paths-ignore must equal
// DOC_ONLY (a test checks it), so a docs-only push skips the workflow for the same reason.
import { execFileSync } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { matchesAny } from './path-globs.mjs';

export { globToRegExp } from './path-globs.mjs';

/** Changes that prove nothing about code: they run neither tier. */
export const DOC_ONLY = ['docs/**', '**/*.md'];

/**
 * What the image is built from: the vault package (its bundle, Dockerfile, image files), the image
 * package that bundles and builds it (@runevault/vault-image) and the
 * dependency pins bundled into it. Documentation inside them does not count (DOC_ONLY wins).
 */
export const IMAGE_INPUTS = [
  'packages/vault/**',
  'packages/vault-image/**',
  'package.json',
  'package-lock.json',
];
/** Inside IMAGE_INPUTS but never copied or bundled into the image. */
export const NOT_IMAGE_INPUTS = [
  'packages/vault/test/**',
  'packages/vault/bench/**',
  'packages/vault-image/test/**',
  'packages/vault-image/bench/**',
];

const isDoc = matchesAny(DOC_ONLY);
const inImageInputs = matchesAny(IMAGE_INPUTS);
const notImageInput = matchesAny(NOT_IMAGE_INPUTS);
const isImageInput = (file) => inImageInputs(file) && !notImageInput(file);

/** What tier 2 must run for these changed files, with the files that decided it. */
export function tier2Plan(changedFiles) {
  const code = changedFiles.filter((file) => !isDoc(file));
  const image = code.filter(isImageInput);
  return { integration: code.length > 0, image: image.length > 0, code, imageInputs: image };
}

function main([base, head]) {
  if (!base || !head) {
    console.error('usage: node scripts/tier2-gate.mjs BASE HEAD (two commits to diff)');
    process.exit(2);
  }
  const changed = execFileSync('git', ['diff', '--name-only', base, head], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean);
  const plan = tier2Plan(changed);
  const list = (files) => files.map((file) => `  ${JSON.stringify(file)}`).join('\n');
  console.log(
    plan.integration
      ? `integration tests run: ${plan.code.length} changed file(s) outside docs:\n${list(plan.code)}`
      : 'integration tests skipped: only documentation changed',
  );
  console.log(
    plan.image
      ? `image build runs: its inputs changed:\n${list(plan.imageInputs)}`
      : `image build skipped: none of ${IMAGE_INPUTS.join(', ')} changed`,
  );
  if (process.env.GITHUB_OUTPUT) {
    appendFileSync(process.env.GITHUB_OUTPUT, `integration=${plan.integration}\nimage=${plan.image}\n`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main(process.argv.slice(2));
