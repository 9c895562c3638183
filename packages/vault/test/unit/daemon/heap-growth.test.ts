import { describe, expect, it } from 'vitest';
import { widenHeapGrowth } from '../../../src/daemon/heap-growth.js';

// What the setting does to the daemon under load is measured by bench/gc-under-load.ts; V8
// offers no way to read a flag back, so this holds only who decides.

describe('widenHeapGrowth', () => {
  it('sets the daemon growth when node was given none', () => {
    expect(widenHeapGrowth(['--enable-source-maps', '--max-old-space-size=512'])).toBe(true);
  });

  it('leaves an operator-chosen --heap-growing-percent on the command line alone', () => {
    expect(widenHeapGrowth(['--heap-growing-percent=50'])).toBe(false);
    expect(widenHeapGrowth(['--heap_growing_percent', '50'])).toBe(false);
  });
});
