// ncc bundles @runevault/vault-image/docker into the start-vault-container action. What that
// entry reaches must load neither esbuild (a compiler with a native binary) nor the modules that
// read the vault's package.json as they load (no such file beside a bundled action), so this
// walks its static imports; `.` reaches both, which shows the walk would see them.
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));
const READS_VAULT_PACKAGE_JSON = ['bundle-cli.ts', 'build-image.ts'];

/** Files of src/ (relative) and packages reached from `entry` through static imports. */
function reach(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const queue = [join(SRC, entry)];
  for (let file = queue.shift(); file; file = queue.shift()) {
    if (files.has(relative(SRC, file))) continue;
    files.add(relative(SRC, file));
    for (const { fileName } of ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles) {
      if (fileName.startsWith('.')) queue.push(join(dirname(file), fileName.replace(/\.js$/, '.ts')));
      else packages.add(fileName);
    }
  }
  return { files, packages };
}

describe('@runevault/vault-image/docker (bundled into start-vault-container)', () => {
  it('reaches neither esbuild nor a module that reads the vault package.json at load', () => {
    const { files, packages } = reach('docker-client.ts');
    expect([...packages].filter((name) => name.startsWith('esbuild'))).toEqual([]);
    expect(READS_VAULT_PACKAGE_JSON.filter((name) => files.has(name))).toEqual([]);
  });

  it('is walked the same way as `.`, which reaches both', () => {
    const { files, packages } = reach('index.ts');
    expect(packages).toContain('esbuild');
    expect(READS_VAULT_PACKAGE_JSON.filter((name) => files.has(name))).toEqual(READS_VAULT_PACKAGE_JSON);
  });
});
