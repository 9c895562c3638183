// The pre-commit layer of the secret scan, in real git repositories: the root package's
// `prepare` script (what `npm ci` runs) installs husky's hooks, or stays silent and installs
// nothing under CI, without .git, without git or without husky; the hook then refuses a commit
// whose STAGED content holds a secret, naming file and rule without printing the secret.
import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ciRequiresRealComponents } from '@runevault/vault-image';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/repo-paths.js';

// What a contributor's clone holds of the hook's machinery; node_modules is linked, not copied.
const TOOLING = [
  '.husky/install.mjs',
  '.husky/pre-commit',
  'scripts/pre-commit-secrets.mjs',
  '.secretlintrc.json',
  '.secretlintignore',
];
const PREPARE = (
  JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: { prepare: string } }
).scripts.prepare;

const gitCheck = spawnSync('git', ['--version'], { encoding: 'utf8' });
const noGit = gitCheck.error ? `no git on PATH (${gitCheck.error.message})` : undefined;
if (noGit && ciRequiresRealComponents()) {
  throw new Error(`the pre-commit hook tests need git and CI=true requires it: ${noGit}`);
}

// Assembled at run time so this file holds nothing for the repository's own scan to find.
const GITHUB_TOKEN = ['ghp', 'wWPw5k4aXcaT4fNP0UcnZwJUVFk6LO0pINUx'].join('_');
const GITHUB_TOKEN_LINE = `export const token = '${GITHUB_TOKEN}';\n`;

const folder = mkdtempSync(join(tmpdir(), 'pre-commit-hook-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
let repositories = 0;

/** The environment of a contributor's shell, minus what would leak the runner's into the test. */
function contributorEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    // CI=true on a runner would skip the install; GIT_* (when run from a hook) would point git at
    // this checkout; HUSKY=0 would turn the hook off.
    if (name !== 'CI' && name !== 'HUSKY' && !name.startsWith('GIT_')) env[name] = value;
  }
  const home = join(folder, 'home');
  mkdirSync(home, { recursive: true });
  // A home of its own: no ~/.gitconfig hooks or signing, no ~/.config/husky/init.sh.
  return { ...env, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), GIT_CONFIG_NOSYSTEM: '1', ...extra };
}

function run(command: string, args: string[], cwd: string, env = contributorEnv()): SpawnSyncReturns<string> {
  return spawnSync(command, args, { cwd, env, encoding: 'utf8' });
}

const output = (result: SpawnSyncReturns<string>) => `${result.stdout}${result.stderr}`;

/** A clone as `git clone` leaves it: the tooling, node_modules from `npm ci`, no hooks yet. */
function clone(options: { git?: boolean; nodeModules?: boolean } = {}): string {
  const dir = join(folder, `repo-${++repositories}`);
  mkdirSync(dir);
  for (const file of TOOLING) {
    mkdirSync(join(dir, dirname(file)), { recursive: true });
    copyFileSync(join(REPO_ROOT, file), join(dir, file));
  }
  writeFileSync(join(dir, '.gitignore'), 'node_modules\n');
  if (options.nodeModules !== false) symlinkSync(join(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'));
  if (options.git !== false) {
    for (const args of [
      ['init', '--quiet', '--initial-branch=main'],
      ['config', 'user.name', 'Contributor'],
      ['config', 'user.email', 'contributor@example.invalid'],
      ['config', 'commit.gpgsign', 'false'],
    ]) {
      expect(run('git', args, dir).status).toBe(0);
    }
  }
  return dir;
}

/** The root package's `prepare` script, as `npm ci` runs it: `sh -c` in the package's folder. */
function prepare(dir: string, env = contributorEnv()) {
  return run('/bin/sh', ['-c', PREPARE], dir, env);
}

function hooksPath(dir: string): string {
  return run('git', ['config', 'core.hooksPath'], dir).stdout.trim();
}

/** A clone with the hook installed and the tooling committed (through the hook). */
function hookedClone(): string {
  const dir = clone();
  const install = prepare(dir);
  expect(output(install)).toBe('');
  expect(install.status).toBe(0);
  stage(dir, {});
  const first = commit(dir, 'tooling');
  expect(output(first)).toBe('');
  expect(first.status).toBe(0);
  return dir;
}

function write(dir: string, files: Record<string, string | Buffer>) {
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(join(dir, dirname(file)), { recursive: true });
    writeFileSync(join(dir, file), content);
  }
}

function stage(dir: string, files: Record<string, string | Buffer>) {
  write(dir, files);
  expect(run('git', ['add', '--all'], dir).status).toBe(0);
}

function commit(dir: string, message: string, ...flags: string[]) {
  return run('git', ['commit', '--quiet', '-m', message, ...flags], dir);
}

const commitCount = (dir: string) => Number(run('git', ['rev-list', '--count', 'HEAD'], dir).stdout.trim());

describe.skipIf(noGit !== undefined)(`pre-commit secret scan${noGit ? ` (skipped: ${noGit})` : ''}`, () => {
  describe('installing on npm ci (the prepare script)', () => {
    it("points core.hooksPath at husky's .husky/_ in a clone, silently", () => {
      const dir = clone();
      const result = prepare(dir);
      expect(output(result)).toBe('');
      expect(result.status).toBe(0);
      expect(hooksPath(dir)).toBe('.husky/_');
      expect(existsSync(join(dir, '.husky', '_', 'pre-commit'))).toBe(true);
    });

    it('installs nothing under CI=true, and a commit there is not scanned', () => {
      const dir = clone();
      const result = prepare(dir, contributorEnv({ CI: 'true' }));
      expect(output(result)).toBe('');
      expect(result.status).toBe(0);
      expect(hooksPath(dir)).toBe('');
      expect(existsSync(join(dir, '.husky', '_'))).toBe(false);
      stage(dir, { 'src/config.ts': GITHUB_TOKEN_LINE });
      expect(commit(dir, 'no hook under CI').status).toBe(0);
    });

    it('does nothing, silently, without .git (a tarball), without git, or without husky (--omit=dev)', () => {
      const tarball = clone({ git: false });
      const fromTarball = prepare(tarball);
      expect([fromTarball.status, output(fromTarball)]).toEqual([0, '']);
      expect(existsSync(join(tarball, '.husky', '_'))).toBe(false);

      // A PATH with node and nothing else: husky finds no git.
      const bin = join(folder, 'bin-node-only');
      mkdirSync(bin, { recursive: true });
      if (!existsSync(join(bin, 'node'))) symlinkSync(process.execPath, join(bin, 'node'));
      const withoutGit = clone();
      const noGitOnPath = prepare(withoutGit, contributorEnv({ PATH: bin }));
      expect([noGitOnPath.status, output(noGitOnPath)]).toEqual([0, '']);
      expect(existsSync(join(withoutGit, '.husky', '_'))).toBe(false);

      const withoutHusky = clone({ nodeModules: false });
      const noHusky = prepare(withoutHusky);
      expect([noHusky.status, output(noHusky)]).toEqual([0, '']);
      expect(hooksPath(withoutHusky)).toBe('');
    });

    it('says in one line, without failing the install, when git refuses the hooks', () => {
      const broken = clone({ git: false });
      mkdirSync(join(broken, '.git')); // a .git that is no repository: git config fails
      const result = prepare(broken);
      expect(result.status).toBe(0);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(
        /^git hooks not installed \([^\n]*\): commits will not be scanned for secrets; fix that and run `npm run prepare`, see docs\/security\.md\n$/,
      );
    });
  });

  describe('the hook', () => {
    it('refuses a staged GitHub token, naming file, line and rule, never printing the token', () => {
      const dir = hookedClone();
      stage(dir, {
        'src/name.ts': "export const name = 'ci';\n",
        'src/config.ts': `// config\n${GITHUB_TOKEN_LINE}`,
      });
      const result = commit(dir, 'leak');
      expect(result.status).not.toBe(0);
      expect(result.stderr).toMatch(
        /^ {2}src\/config\.ts:2:\d+: GITHUB_TOKEN \(@secretlint\/secretlint-rule-github\): /m,
      );
      expect(result.stderr).not.toContain('src/name.ts');
      expect(result.stderr).toContain('.secretlintignore under a "# reason:" line');
      expect(output(result)).not.toContain(GITHUB_TOKEN);
      // Not even its secret part: the masked message does not give away the token's length.
      expect(output(result)).not.toContain(GITHUB_TOKEN.slice(4, 12));
      expect(output(result)).not.toMatch(/\*{4,}/);
      expect(commitCount(dir)).toBe(1);
    });

    it('refuses a staged private key block, without printing its body', () => {
      const dir = hookedClone();
      // Generated here, in PKCS#8 PEM ("BEGIN PRIVATE KEY"; the preset misses SEC1's "BEGIN EC …").
      const key = generateKeyPairSync('ec', { namedCurve: 'P-256' })
        .privateKey.export({ type: 'pkcs8', format: 'pem' })
        .toString();
      stage(dir, { 'deploy/vault.key': key });
      const result = commit(dir, 'key');
      expect(result.status).not.toBe(0);
      expect(result.stderr).toMatch(
        /deploy\/vault\.key:1:1: PrivateKey \(@secretlint\/secretlint-rule-privatekey\)/,
      );
      for (const line of key.split('\n').filter((text) => text.length > 20 && !text.startsWith('-----'))) {
        expect(output(result)).not.toContain(line);
      }
      expect(commitCount(dir)).toBe(1);
    });

    it('scans the staged content: a secret staged, then removed from the working tree, is refused', () => {
      const dir = hookedClone();
      stage(dir, { 'src/config.ts': GITHUB_TOKEN_LINE });
      write(dir, { 'src/config.ts': "export const token = process.env.TOKEN ?? '';\n" });
      const result = commit(dir, 'staged secret');
      expect(result.status).not.toBe(0);
      expect(result.stderr).toMatch(/src\/config\.ts:1:\d+: GITHUB_TOKEN/);
    });

    it('scans the staged content: a file staged clean, with a secret only in the working tree, passes', () => {
      const dir = hookedClone();
      stage(dir, { 'src/config.ts': "export const token = process.env.TOKEN ?? '';\n" });
      write(dir, { 'src/config.ts': GITHUB_TOKEN_LINE });
      const result = commit(dir, 'clean staged');
      expect(output(result)).toBe('');
      expect(result.status).toBe(0);
      expect(commitCount(dir)).toBe(2);
    });

    it('does not scan what the commit deletes', () => {
      const dir = hookedClone();
      stage(dir, { 'src/config.ts': GITHUB_TOKEN_LINE });
      expect(commit(dir, 'an old leak, past the hook', '--no-verify').status).toBe(0);
      expect(run('git', ['rm', '--quiet', 'src/config.ts'], dir).status).toBe(0);
      const result = commit(dir, 'remove the leak');
      expect(output(result)).toBe('');
      expect(result.status).toBe(0);
    });

    it('hands binary files to secretlint as the lint job does (its text rules skip them)', () => {
      const dir = hookedClone();
      const binary = Buffer.concat([
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]),
        Buffer.from(GITHUB_TOKEN),
      ]);
      stage(dir, { 'assets/logo.png': binary, 'src/small.ts': 'export const ok = 1;\n' });
      const hook = commit(dir, 'binary');
      // The lint job's command on the same file: the same verdict, so the hook is no stricter.
      const lintJob = run(
        join(REPO_ROOT, 'node_modules', '.bin', 'secretlint'),
        ['--maskSecrets', 'assets/logo.png'],
        dir,
      );
      expect([hook.status, output(hook)]).toEqual([0, '']);
      expect([lintJob.status, output(lintJob)]).toEqual([0, '']);
    });

    it('names a file over 10 MiB as not scanned (left to the lint job) and scans the rest', () => {
      const dir = hookedClone();
      const huge = `${'// generated\n'.repeat(820_000)}${GITHUB_TOKEN_LINE}`;
      stage(dir, { 'dist/huge.js': huge, 'src/small.ts': 'export const ok = 1;\n' });
      const passed = commit(dir, 'huge');
      expect(passed.status).toBe(0);
      expect(passed.stderr).toMatch(
        /^secret scan \(pre-commit\): not scanned, over 10 MiB: dist\/huge\.js \(10\.\d MiB\); the lint job/m,
      );
      expect(output(passed)).not.toContain(GITHUB_TOKEN);

      stage(dir, { 'dist/huge.js': `${huge}// again\n`, 'src/small.ts': GITHUB_TOKEN_LINE });
      const refused = commit(dir, 'huge and a leak');
      expect(refused.status).not.toBe(0);
      expect(refused.stderr).toMatch(/^ {2}src\/small\.ts:1:\d+: GITHUB_TOKEN /m);
    });

    it('lets through a file on the allow list with a reason, and refuses an entry without one', () => {
      const dir = hookedClone();
      const ignore = readFileSync(join(dir, '.secretlintignore'), 'utf8');
      stage(dir, {
        '.secretlintignore': `${ignore}\n# reason: a recorded exchange whose token was revoked\nfixtures/recorded.txt\n`,
        'fixtures/recorded.txt': GITHUB_TOKEN_LINE,
      });
      const allowed = commit(dir, 'allowed fixture');
      expect(output(allowed)).toBe('');
      expect(allowed.status).toBe(0);

      stage(dir, {
        '.secretlintignore': `${ignore}\nfixtures/unexplained.txt\n`,
        'fixtures/unexplained.txt': GITHUB_TOKEN_LINE,
      });
      const refused = commit(dir, 'unexplained entry');
      expect(refused.status).not.toBe(0);
      expect(refused.stderr).toContain(
        '.secretlintignore entry "fixtures/unexplained.txt" has no "# reason:" comment above it',
      );
      expect(commitCount(dir)).toBe(2);
    });
  });
});
