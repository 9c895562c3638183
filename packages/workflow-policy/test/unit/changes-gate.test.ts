// ci.yml's `changes` job (the tier-2 gate) run for real on small git repositories with planted
// diffs: on a pull request it compares the merge commit with its first parent, so only the PR's
// own changes count; any change outside docs runs the integration tests, a change to the image's
// inputs the image build; a push runs both.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runWorkflowJobs } from '@runevault/action-runner/jobs';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, WORKFLOWS_DIR } from '../support/repo-paths.js';

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

/** A repository whose HEAD is the merge of a branch that changed `path` into main. */
function mergedPullRequest(path: string): string {
  const repo = mkdtempSync(join(tmpdir(), 'changes-gate-'));
  folders.push(repo);
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=ci', '-c', 'user.email=ci@example.invalid', ...args], {
      cwd: repo,
      stdio: 'pipe',
    });
  const write = (file: string, text: string) => {
    mkdirSync(join(repo, file, '..'), { recursive: true });
    writeFileSync(join(repo, file), text);
  };
  git('init', '-q', '-b', 'main');
  mkdirSync(join(repo, '.github', 'workflows'), { recursive: true });
  copyFileSync(join(WORKFLOWS_DIR, 'ci.yml'), join(repo, '.github', 'workflows', 'ci.yml'));
  mkdirSync(join(repo, 'scripts'));
  for (const script of ['tier2-gate.mjs', 'path-globs.mjs']) {
    copyFileSync(join(REPO_ROOT, 'scripts', script), join(repo, 'scripts', script));
  }
  write('packages/vault/src/index.ts', 'export {};\n');
  write('packages/e2e/src/index.ts', 'export {};\n');
  git('add', '-A');
  git('commit', '-q', '-m', 'base');
  git('checkout', '-q', '-b', 'feature');
  write(path, '// changed\n');
  git('add', '-A');
  git('commit', '-q', '-m', 'change');
  git('checkout', '-q', 'main');
  // main moves on meanwhile, in vault: a PR that did not touch it must still say false.
  write('packages/vault/src/other.ts', 'export {};\n');
  git('add', '-A');
  git('commit', '-q', '-m', 'main moves');
  // What actions/checkout gives a pull_request: the merge commit of the PR into its base.
  git('merge', '-q', '--no-ff', '-m', 'merge', 'feature');
  return repo;
}

async function gate(repoRoot: string, eventName: string) {
  const lines: string[] = [];
  const [report] = await runWorkflowJobs({
    workflow: '.github/workflows/ci.yml',
    jobs: ['changes'],
    repoRoot,
    eventName,
    output: 'log',
    log: (line) => lines.push(line),
  });
  return { report, lines };
}

describe('the changes job of ci.yml', () => {
  it.each([
    ['packages/vault/src/index.ts', { integration: 'true', image: 'true' }],
    ['packages/coverage/src/merge.ts', { integration: 'true', image: 'false' }],
    ['actions/setup-vault/src/main.ts', { integration: 'true', image: 'false' }],
    ['packages/e2e/src/index.ts', { integration: 'true', image: 'false' }],
    ['packages/workflow-policy/src/policy.ts', { integration: 'true', image: 'false' }],
    ['packages/oidc-test-issuer/src/issuer.ts', { integration: 'true', image: 'false' }],
    ['scripts/run-tests.mjs', { integration: 'true', image: 'false' }],
    ['vitest.config.ts', { integration: 'true', image: 'false' }],
    ['package-lock.json', { integration: 'true', image: 'true' }],
    ['packages/vault/Dockerfile', { integration: 'true', image: 'true' }],
    ['packages/vault/test/unit/x.test.ts', { integration: 'true', image: 'false' }],
    ['docs/security.md', { integration: 'false', image: 'false' }],
    ['packages/vault/README.md', { integration: 'false', image: 'false' }],
  ])('a pull request that changed %s: %o', async (path, outputs) => {
    const { report, lines } = await gate(mergedPullRequest(path), 'pull_request');
    expect(report?.result, lines.join('\n')).toBe('success');
    expect(report?.outputs).toEqual(outputs);
    if (outputs.integration === 'true') expect(lines.join('\n')).toContain(JSON.stringify(path));
  });

  it("counts only the pull request's own changes, though main changed the vault meanwhile", async () => {
    const { report } = await gate(mergedPullRequest('docs/guide.md'), 'pull_request');
    expect(report?.outputs).toEqual({ integration: 'false', image: 'false' });
  });

  it('a push to main: both run whatever changed', async () => {
    const { report } = await gate(mergedPullRequest('docs/guide.md'), 'push');
    expect(report?.outputs).toEqual({ integration: 'true', image: 'true' });
  });
});
