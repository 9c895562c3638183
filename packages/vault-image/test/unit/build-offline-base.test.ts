import { existsSync, realpathSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  linkedLibraries,
  offlineBaseContext,
  offlineBaseTag,
  RUNTIME_UID,
} from '../../src/build-offline-base.js';

const onLinux = process.platform === 'linux';

describe('offline base image', () => {
  it('is tagged with the node version it was made from', () => {
    expect(offlineBaseTag('20.20.2')).toBe('runevault/node-offline:20.20.2');
  });

  it.runIf(onLinux)('finds the loader and libc that node links, as existing files', () => {
    const libraries = linkedLibraries(realpathSync(process.execPath));
    expect(libraries.some((lib) => /\/ld-linux[^/]*\.so/.test(lib))).toBe(true);
    expect(libraries.some((lib) => /\/libc\.so/.test(lib))).toBe(true);
    for (const lib of libraries) expect(existsSync(lib)).toBe(true);
  });

  it.runIf(onLinux)('is FROM scratch: node, its libraries, passwd/group with the runtime user, /tmp', () => {
    const node = realpathSync(process.execPath);
    const { entries, files } = offlineBaseContext(node);
    const names = entries.map((e) => e.name);
    expect(names).toContain('rootfs/usr/local/bin/node');
    for (const lib of files.slice(1)) expect(names).toContain(`rootfs${lib}`);
    const text = (name: string) => {
      const entry = entries.find((e) => e.name === name);
      return entry && 'content' in entry ? String(entry.content) : '';
    };
    expect(text('Dockerfile')).toMatch(/^FROM scratch\n/);
    expect(text('rootfs/etc/passwd')).toContain(`:${RUNTIME_UID}:${RUNTIME_UID}:`);
    expect(text('rootfs/etc/group')).toContain(`:${RUNTIME_UID}:`);
    expect(entries.find((e) => e.name === 'rootfs/tmp')).toEqual({
      type: 'directory',
      name: 'rootfs/tmp',
      mode: 0o1777,
    });
    // Nothing beyond node, its libraries, the two files, /tmp and the Dockerfile.
    expect(entries).toHaveLength(files.length + 4);
  });
});
