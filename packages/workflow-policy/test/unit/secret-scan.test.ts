// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${{ }} is GitHub expression syntax
// The lint job's secret scan (`npm run lint:secrets`: secretlint with the recommended preset,
// .secretlintrc.json) finds a planted token, names file:line, and never prints the token.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/repo-paths.js';

const folder = mkdtempSync(join(tmpdir(), 'secret-scan-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function scan(cwd: string) {
  return spawnSync(
    join(REPO_ROOT, 'node_modules', '.bin', 'secretlint'),
    ['--secretlintrc', join(REPO_ROOT, '.secretlintrc.json'), '--maskSecrets', '**/*'],
    { cwd, encoding: 'utf8' },
  );
}

describe('secret scan', () => {
  // Assembled at run time so this file itself holds no token for the scan to find.
  const githubToken = ['ghp', 'wWPw5k4aXcaT4fNP0UcnZwJUVFk6LO0pINUx'].join('_');

  it('fails on a planted GitHub token, with file:line and the token masked', () => {
    const dir = join(folder, 'planted');
    mkdirSync(join(dir, 'src'), { recursive: true });
    writeFileSync(
      join(dir, 'src', 'config.ts'),
      `export const name = 'ci';\nexport const token = '${githubToken}';\n`,
    );
    const result = scan(dir);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/src\/config\.ts\n\s+2:\d+\s+error\s+\[GITHUB_TOKEN\]/);
    expect(result.stdout + result.stderr).not.toContain(githubToken);
  }, 60_000);

  it('passes a folder without secrets', () => {
    const dir = join(folder, 'clean');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'readme.md'), 'token: ${{ github.token }} and a placeholder ghp_xxx\n');
    const result = scan(dir);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  }, 60_000);
});
