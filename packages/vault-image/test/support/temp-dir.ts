import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';

// The vault's tests have the same helper (packages/vault/test/unit/fs/temp-dir.ts); a test may
// not reach another package's test/ folder, and there is no shared test-support package to hold one.

/** A fresh temp dir per test, removed afterwards; call at describe/file level. */
export function useTempDir(prefix: string): () => string {
  let dir: string | undefined;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), `runevault-${prefix}-`));
  });
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });
  return () => {
    if (!dir) throw new Error('useTempDir: only available inside a test');
    return dir;
  };
}
