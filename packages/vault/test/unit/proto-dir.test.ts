import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { protoDir } from '../../src/proto-dir.js';

describe('protoDir', () => {
  it('finds the package proto folder when running from source', () => {
    expect(protoDir()).toBe(fileURLToPath(new URL('../../proto', import.meta.url)));
    expect(existsSync(`${protoDir()}/rune/vault/v1/score.proto`)).toBe(true);
  });
});
