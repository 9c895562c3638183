import { afterEach, describe, expect, it, vi } from 'vitest';
import { widenHeapGrowth } from '../../../src/daemon/heap-growth.js';

// What the setting does to the daemon under load is measured by bench/gc-under-load.ts; V8
// offers no way to read a flag back, so this holds only who decides.

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('widenHeapGrowth', () => {
  it('sets the daemon growth when node was given none', () => {
    vi.stubEnv('NODE_OPTIONS', '--max-old-space-size=512');
    expect(widenHeapGrowth(['--enable-source-maps'])).toBe(true);
  });

  it('leaves an operator-chosen --heap-growing-percent on the command line alone', () => {
    expect(widenHeapGrowth(['--heap-growing-percent=50'])).toBe(false);
    expect(widenHeapGrowth(['--heap_growing_percent', '50'])).toBe(false);
  });

  it('leaves one given in NODE_OPTIONS alone', () => {
    vi.stubEnv('NODE_OPTIONS', '--heap-growing-percent=30 --enable-source-maps');
    expect(widenHeapGrowth([])).toBe(false);
  });
});
