import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useTempDir } from '@runevault/vault/test-support/temp-dir';
import { describe, expect, it } from 'vitest';
import { swapDirectoryInto } from '../../src/swap-directory.js';

/** A folder holding one file `which` whose text names the build. */
function folderOf(path: string, build: string): string {
  mkdirSync(path, { recursive: true });
  writeFileSync(join(path, 'which'), build);
  return path;
}

describe('swapDirectoryInto', () => {
  const tempDir = useTempDir('swap');

  it('puts the staging folder in place of the old one and removes the old one', () => {
    const final = folderOf(join(tempDir(), 'dist'), 'old');
    const staging = folderOf(join(tempDir(), 'dist.staging'), 'new');
    swapDirectoryInto(staging, final);
    expect(readFileSync(join(final, 'which'), 'utf8')).toBe('new');
    expect(readdirSync(tempDir())).toEqual(['dist']);
  });

  it('creates the folder when there was none', () => {
    const staging = folderOf(join(tempDir(), 'dist.staging'), 'new');
    swapDirectoryInto(staging, join(tempDir(), 'dist'));
    expect(readdirSync(tempDir())).toEqual(['dist']);
  });

  it('when a rival process lands its folder between our two renames, sets it aside and retries', () => {
    const final = folderOf(join(tempDir(), 'dist'), 'old');
    const staging = folderOf(join(tempDir(), 'dist.staging'), 'ours');
    let rivalLanded = false;
    const calls: string[] = [];
    swapDirectoryInto(staging, final, (from, to) => {
      calls.push(
        `${from === staging ? 'staging' : from === final ? 'dist' : from} → ${to === final ? 'dist' : 'aside'}`,
      );
      // The rival's second rename, right before ours: dist/ exists again, and is not empty.
      if (from === staging && !rivalLanded) {
        rivalLanded = true;
        folderOf(final, 'rival');
      }
      renameSync(from, to);
    });
    expect(calls).toEqual(['dist → aside', 'staging → dist', 'dist → aside', 'staging → dist']);
    expect(readFileSync(join(final, 'which'), 'utf8')).toBe('ours');
    expect(readdirSync(tempDir())).toEqual(['dist']);
  });

  it('gives up after ten lost races with the rename error, leaving the staging folder to the caller', () => {
    const final = folderOf(join(tempDir(), 'dist'), 'old');
    const staging = folderOf(join(tempDir(), 'dist.staging'), 'ours');
    const swap = () =>
      swapDirectoryInto(staging, final, (from, to) => {
        if (from === staging) folderOf(final, 'rival');
        renameSync(from, to);
      });
    expect(swap).toThrow(/ENOTEMPTY|EEXIST/);
    expect(existsSync(join(staging, 'which'))).toBe(true);
    // Every folder set aside was removed; the last rival's stays as dist/.
    expect(readdirSync(tempDir()).sort()).toEqual(['dist', 'dist.staging']);
  });

  it('passes on any other error at once, and puts the old folder back', () => {
    const final = folderOf(join(tempDir(), 'dist'), 'old');
    const staging = join(tempDir(), 'no-such-staging');
    expect(() => swapDirectoryInto(staging, final)).toThrow(/ENOENT/);
    expect(readdirSync(tempDir())).toEqual(['dist']);
    expect(readFileSync(join(final, 'which'), 'utf8')).toBe('old');
  });
});
