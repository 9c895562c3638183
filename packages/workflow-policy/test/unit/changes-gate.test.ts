// ci.yml's `changes` job (the tier-2 gate) run for real on small git repositories: on a pull
// request it compares the merge commit with its first parent, so only the PR's own changes
// count; on a push it always says vault=true.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { WORKFLOWS_DIR } from '../support/repo-paths.js';
import { runWorkflowJobs } from '../support/workflow-job-runner.js';

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
  write('packages/vault/src/index.ts', 'export {};\n');
  write('packages/e2e/src/index.ts', 'export {};\n');
  git('add', '-A');
  git('commit', '-q', '-m', 'base');
  git('checkout', '-q', '-b', 'feature');
  write(path, '// changed\n');
  git('commit', '-q', '-am', 'change');
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
  it('a pull request that changed packages/vault: vault=true', async () => {
    const { report, lines } = await gate(mergedPullRequest('packages/vault/src/index.ts'), 'pull_request');
    expect(report?.result).toBe('success');
    expect(report?.outputs).toEqual({ vault: 'true' });
    expect(lines.join('\n')).toContain('packages/vault/src/index.ts');
  });

  it('a pull request that changed only packages/e2e: vault=false, though main changed vault meanwhile', async () => {
    const { report } = await gate(mergedPullRequest('packages/e2e/src/index.ts'), 'pull_request');
    expect(report?.outputs).toEqual({ vault: 'false' });
  });

  it('a push to main: vault=true whatever changed', async () => {
    const { report } = await gate(mergedPullRequest('packages/e2e/src/index.ts'), 'push');
    expect(report?.outputs).toEqual({ vault: 'true' });
  });
});
