// The Dockerfile and the build context made for it must agree: every COPY from the context
// names something the context holds, and the image facts the tests and README rely on hold.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useTempDir } from '@runevault/vault/test-support/temp-dir';
import { describe, expect, it } from 'vitest';
import { DOCKERFILE, defaultNodeImage, vaultImageContext } from '../../src/build-image.js';
import { RUNTIME_GID, RUNTIME_UID } from '../../src/build-offline-base.js';

const tempDir = useTempDir('dockerfile');
const dockerfile = readFileSync(DOCKERFILE, 'utf8');

describe('packages/vault/Dockerfile', () => {
  it('defaults NODE_IMAGE to the official Node 20 image pinned by digest', () => {
    expect(defaultNodeImage()).toMatch(/^node:20-bookworm-slim@sha256:[0-9a-f]{64}$/);
  });

  it('only COPYs from the context what vaultImageContext sends', () => {
    const dist = join(tempDir(), 'dist');
    mkdirSync(dist);
    writeFileSync(join(dist, 'runevault.mjs'), '');
    const names = vaultImageContext(dist).map((e) => e.name);
    const sources = [...dockerfile.matchAll(/^COPY (?!.*--from)(?:--\S+ )*(\S+) \S+$/gm)].map(
      (m) => m[1] as string,
    );
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) {
      expect(
        names.some((name) => name === source || name.startsWith(source)),
        source,
      ).toBe(true);
    }
  });

  it('runs as the numeric non-root user, with an exec-form healthcheck and entrypoint', () => {
    expect(dockerfile).toMatch(new RegExp(`^USER ${RUNTIME_UID}:${RUNTIME_GID}$`, 'm'));
    expect(dockerfile).toContain('CMD ["/usr/local/bin/runevault", "status"]');
    expect(dockerfile).toMatch(/^ENTRYPOINT \["\/usr\/local\/bin\/runevault"\]$/m);
    // No shell form anywhere: the offline base has no /bin/sh.
    expect(dockerfile).not.toMatch(/^(RUN|CMD|ENTRYPOINT) [^[]/m);
  });
});
