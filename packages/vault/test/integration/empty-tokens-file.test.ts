// A vault started on an existing but empty tokens.yml says so in its operator log, naming the
// file (every request would be refused until a token is issued).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestVault, type TestVault } from '../support/test-vault.js';

let vault: TestVault | undefined;
let home: string | undefined;
afterEach(async () => {
  await vault?.stop();
  if (home) rmSync(home, { recursive: true, force: true });
  vault = undefined;
  home = undefined;
});

describe('an empty tokens.yml at start-up', () => {
  it('logs one warning that names the file', async () => {
    home = mkdtempSync(join(tmpdir(), 'runevault-empty-tokens-'));
    mkdirSync(join(home, 'configs'), { recursive: true });
    writeFileSync(join(home, 'configs', 'tokens.yml'), '# no tokens yet\n');
    vault = await startTestVault({ home });
    const warnings = vault.logs.filter((line) => line.includes(' WARN ') && line.includes('holds no tokens'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`tokens.yml at ${vault.config.tokens.tokensFile} holds no tokens`);
    expect(vault.config.tokens.tokensFile).toBe(join(home, 'configs', 'tokens.yml'));
  });
});
