// The merge-coverage CLI as a user runs it (bin launcher, child process) on real reports.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeGitHub } from '../support/fake-github.js';
import { type RealReports, realReports } from '../support/real-reports.js';

const BIN = fileURLToPath(new URL('../../bin/merge-coverage.mjs', import.meta.url));

let reports: RealReports;
let scratch: string;

beforeAll(async () => {
  reports = await realReports();
  scratch = mkdtempSync(join(tmpdir(), 'merge-coverage-cli-'));
}, 180_000);

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function cli(
  args: string[],
  env: Record<string, string> = {},
  nodeArgs: string[] = [],
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [...nodeArgs, BIN, ...args],
      { cwd: scratch, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('merge-coverage CLI', () => {
  it('merges, prints the totals, writes the reports and exits 1 below a threshold', async () => {
    const result = await cli([
      '--root',
      reports.unit.root,
      '--thresholds',
      'lines=95',
      reports.unit.lcov,
      reports.integration.lcov,
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('merged 2 report(s), 4 file(s)');
    expect(result.stdout).toContain('  lines      80.00% (12/15)  BELOW 95%');
    expect(result.stderr).toBe('merge-coverage: coverage below thresholds: lines 80.00% < 95%\n');
    for (const name of ['lcov.info', 'cobertura-coverage.xml', 'coverage-summary.json', 'coverage.md'])
      expect(existsSync(join(scratch, 'coverage-merged', name))).toBe(true);
  }, 30_000);

  it('passes with --fail-below false, prints Markdown when asked and takes -f globs', async () => {
    const result = await cli([
      '--root',
      reports.unit.root,
      '--thresholds',
      'lines=95',
      '--fail-below',
      'false',
      '--markdown',
      '-o',
      'out',
      '--formats',
      'lcov',
      '-f',
      `${reports.dir}/ts-*/checkout/coverage/lcov.info`,
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('| Lines | 80.00% | 12 / 15 | ❌ < 95% |');
    expect(existsSync(join(scratch, 'out', 'lcov.info'))).toBe(true);
    expect(existsSync(join(scratch, 'out', 'coverage.md'))).toBe(false);
  }, 30_000);

  it('names the file and line of a malformed report', async () => {
    writeFileSync(join(scratch, 'bad.info'), 'TN:\nSF:a.ts\nDA:1,one\nend_of_record\n');
    const result = await cli(['bad.info']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('merge-coverage: bad.info:3: DA hits is not a count: one\n');
  }, 30_000);

  it('exits 2 on bad usage, and prints help', async () => {
    const bad = await cli(['--no-such-flag']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("Unknown option '--no-such-flag'");
    const comment = await cli(['--comment', reports.unit.lcov]);
    expect(comment.code).toBe(2);
    expect(comment.stderr).toBe(
      'merge-coverage: --comment: GITHUB_TOKEN is not set; --repo "" is not OWNER/NAME; --pr "" is not a pull request number\n',
    );
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: merge-coverage [options] [file or glob …]');
  }, 30_000);

  it('posts the sticky comment from another CI system', async () => {
    const github = await new FakeGitHub().start();
    try {
      const args = [
        '--thresholds',
        '',
        '--root',
        reports.unit.root,
        '--comment',
        '--repo',
        'acme/app',
        '--pr',
        '3',
      ];
      const env = { GITHUB_TOKEN: 'a-token', GITHUB_API_URL: github.url };
      const first = await cli([...args, reports.unit.lcov], env);
      expect(first.code).toBe(0);
      expect(first.stderr).toMatch(
        /^created comment https:\/\/github\.com\/o\/r\/pull\/3#issuecomment-\d+ on #3\n$/,
      );
      const second = await cli([...args, reports.unit.lcov, reports.integration.lcov], env);
      expect(second.stderr).toMatch(/^updated comment/);
      expect(github.comments.get(3)).toHaveLength(1);
      expect(github.comments.get(3)?.[0]?.body).toContain('Merged 2 report(s)');
    } finally {
      await github.stop();
    }
  }, 30_000);

  it('loads @actions/github (Octokit, undici) only to post a comment', async () => {
    // A module hook that notes every module resolved under @actions/github in MODULE_LOG.
    const hook = `export async function resolve(specifier, context, next) {
      const result = await next(specifier, context);
      if (result.url.includes('/@actions/github/'))
        (await import('node:fs')).appendFileSync(process.env.MODULE_LOG, result.url + '\\n');
      return result;
    }`;
    const register = `import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hook)}`)});`;
    const nodeArgs = ['--import', `data:text/javascript,${encodeURIComponent(register)}`];
    const loaded = (name: string) => {
      const log = join(scratch, name);
      return { log, modules: () => (existsSync(log) ? readFileSync(log, 'utf8') : '') };
    };
    const plain = loaded('plain-merge.log');
    const merged = await cli(
      ['--thresholds', '', '--root', reports.unit.root, reports.unit.lcov],
      {
        MODULE_LOG: plain.log,
      },
      nodeArgs,
    );
    expect(merged.code).toBe(0);
    expect(plain.modules()).toBe('');
    const github = await new FakeGitHub().start();
    try {
      const commented = loaded('comment.log');
      const result = await cli(
        [
          '--thresholds',
          '',
          '--root',
          reports.unit.root,
          '--comment',
          '--repo',
          'acme/app',
          '--pr',
          '4',
          reports.unit.lcov,
        ],
        { GITHUB_TOKEN: 'a-token', GITHUB_API_URL: github.url, MODULE_LOG: commented.log },
        nodeArgs,
      );
      expect(result.stderr).toMatch(/^created comment/);
      // The hook sees what it is meant to see: the comment did load it.
      expect(commented.modules()).toContain('/@actions/github/lib/github.js');
    } finally {
      await github.stop();
    }
  }, 30_000);
});
