// A bundle build killed mid-way leaves its staging folder beside dist/; the next build sweeps
// such folders when their process is gone, and never touches a live builder's.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { removeAbandonedStaging } from '../../src/bundle-cli.js';

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

/** The PID of a process that has already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  });
  return Number(child.stdout);
}

describe('removeAbandonedStaging', () => {
  it('removes the staging folders of dead builders and keeps live ones, dist and strangers', () => {
    const root = mkdtempSync(join(tmpdir(), 'staging-sweep-'));
    roots.push(root);
    const dead = deadPid();
    for (const name of [
      'dist',
      `dist.staging-${dead}-abc123`,
      `dist.staging-${process.pid}-def456`,
      'dist.staging-notapid-x',
      'other',
    ]) {
      mkdirSync(join(root, name));
    }
    removeAbandonedStaging(join(root, 'dist'));
    expect(readdirSync(root).sort()).toEqual(
      ['dist', `dist.staging-${process.pid}-def456`, 'dist.staging-notapid-x', 'other'].sort(),
    );
  });

  it('does nothing when the parent folder does not exist yet', () => {
    expect(() => removeAbandonedStaging(join(tmpdir(), 'no-such-parent-xyz', 'dist'))).not.toThrow();
  });
});
