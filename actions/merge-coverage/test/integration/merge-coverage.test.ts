// actions/merge-coverage run from its committed dist the way GitHub's runner runs it, on real
// reports, against a loopback fake of the GitHub REST and artifact services.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ActionRunResult, runAction } from '@runevault/action-runner';
import { FakeGitHub } from '@runevault/coverage/test-support/fake-github';
import { type RealReports, realReports } from '@runevault/coverage/test-support/real-reports';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

let reports: RealReports;
let scratch: string;
const runs: ActionRunResult[] = [];

beforeAll(async () => {
  reports = await realReports();
  scratch = mkdtempSync(join(tmpdir(), 'merge-coverage-action-'));
}, 180_000);

afterEach(async () => {
  for (const run of runs.splice(0)) await run.remove();
});

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let workspaces = 0;
/** A workspace holding the two vitest jobs' LCOV as two artifacts would unpack them. */
function workspaceWithReports(): string {
  const workspace = join(scratch, `workspace-${++workspaces}`);
  for (const [job, lcov] of [
    ['coverage-unit', reports.unit.lcov],
    ['coverage-integration', reports.integration.lcov],
  ] as const) {
    mkdirSync(join(workspace, job), { recursive: true });
    cpSync(lcov, join(workspace, job, 'lcov.info'));
  }
  return workspace;
}

async function mergeAction(
  inputs: Record<string, string>,
  env: Record<string, string | undefined> = {},
  workspace = workspaceWithReports(),
): Promise<ActionRunResult> {
  const result = await runAction({
    action: 'merge-coverage',
    // The runner fills github-token from ${{ github.token }}; the harness wants it spelt out.
    inputs: { 'github-token': '', ...inputs },
    env,
    workspace,
    timeoutMs: 60_000,
  });
  runs.push(result);
  return result;
}

describe('merge-coverage action', () => {
  it('merges, reports outputs and summary, and warns once that there is no artifact service', async () => {
    const result = await mergeAction({ thresholds: 'lines=50,branches=10,functions=50' });
    expect(result.commands.errors).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(result.outputs.lines).toBe('80.00');
    expect(Number(result.outputs.branches)).toBeGreaterThan(0);
    expect(result.outputs.functions).toMatch(/^\d+\.\d\d$/);
    expect(result.outputs.patch).toBe('');
    expect(result.outputs['report-dir']).toBe(join(result.workspace, 'coverage-merged'));
    expect(readFileSync(join(result.workspace, 'coverage-merged', 'lcov.info'), 'utf8')).toContain(
      'SF:src/pricing.ts',
    );
    expect(result.summary).toContain('### Coverage');
    expect(result.summary).toContain('| Lines | 80.00% | 12 / 15 | ✅ ≥ 50% |');
    expect(result.summary).toContain('`src/never-loaded.ts`');
    expect(result.outputs.markdown).toContain('| Lines | 80.00% | 12 / 15 |');
    expect(result.commands.warnings).toEqual([
      'artifacts are off: no artifact service (ACTIONS_RESULTS_URL is not set: not on a GitHub runner); the merged report is not uploaded as coverage-merged (it stays in output-dir)',
    ]);
  });

  it('fails the step below a threshold with one error line and a table of what fell short', async () => {
    const result = await mergeAction({ thresholds: 'lines=95,functions=10', 'report-artifact': '' });
    expect(result.exitCode).toBe(1);
    expect(result.commands.errors).toEqual(['coverage below thresholds: lines 80.00% < 95%']);
    expect(result.summary).toContain('**Below threshold**');
    expect(result.summary).toContain('| Lines | 80.00% | 95% | 15.00 pts |');
    expect(result.lines).toContain('  lines      80.00% < 95%');
    expect(result.commands.warnings).toEqual([]);
  });

  it('reports a shortfall without failing when fail-below is false', async () => {
    const result = await mergeAction({
      thresholds: 'lines=95',
      'fail-below': 'false',
      'report-artifact': '',
    });
    expect(result.exitCode).toBe(0);
    expect(result.summary).toContain('❌ < 95%');
  });

  it('fails clearly when nothing matches, and only warns when asked', async () => {
    const empty = join(scratch, 'empty-workspace');
    mkdirSync(empty, { recursive: true });
    const failed = await mergeAction({ files: 'coverage-*/lcov.info', 'report-artifact': '' }, {}, empty);
    expect(failed.exitCode).toBe(1);
    expect(failed.commands.errors).toEqual([
      `no coverage report matched files (coverage-*/lcov.info) in ${empty}; check the paths, or set if-no-files-found: warn to pass without reports`,
    ]);
    const warned = await mergeAction(
      { files: 'coverage-*/lcov.info', 'if-no-files-found': 'warn', 'report-artifact': '' },
      {},
      empty,
    );
    expect(warned.exitCode).toBe(0);
    expect(warned.commands.warnings).toEqual([
      `no coverage report matched files (coverage-*/lcov.info) in ${empty}`,
    ]);
    expect(warned.outputs.lines).toBe('');
  });

  it('names every bad input in one error', async () => {
    const result = await mergeAction({
      'fail-below': 'yes',
      formats: 'lcov,pdf',
      thresholds: 'lines=eighty',
    });
    expect(result.exitCode).toBe(1);
    expect(result.commands.errors).toEqual(['fail-below: "yes" is not true or false']);
    const merge = await mergeAction({ formats: 'lcov,pdf', thresholds: 'lines=eighty' });
    expect(merge.commands.errors).toEqual([
      'formats: pdf unknown; use any of lcov, cobertura, json-summary, markdown (comma-separated); thresholds: "lines=eighty" is not metric=percent with metric one of lines, branches, functions, patch (e.g. lines=80,branches=70)',
    ]);
  });
});

describe('sticky pull request comment', () => {
  let github: FakeGitHub;
  beforeAll(async () => {
    github = await new FakeGitHub().start();
  });
  afterAll(() => github.stop());

  const token = 'test-token-for-the-loopback-server';
  function pullRequestEnv(number: number): Record<string, string> {
    const event = join(scratch, `event-${number}.json`);
    writeFileSync(event, JSON.stringify({ pull_request: { number } }));
    return {
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: event,
      GITHUB_API_URL: github.url,
      GITHUB_REPOSITORY: 'runevault/runevault',
    };
  }
  const inputs = (extra: Record<string, string> = {}) => ({
    comment: 'true',
    'github-token': token,
    thresholds: '',
    'report-artifact': '',
    ...extra,
  });

  it('posts one comment, then edits it in place (found past the first page of comments)', async () => {
    for (let index = 0; index < 130; index++) github.addComment(7, `review comment ${index}`);
    const first = await mergeAction(inputs(), pullRequestEnv(7));
    expect(first.commands.errors).toEqual([]);
    expect(first.commands.warnings).toEqual([]);
    expect(first.commands.addMask).toContain(token);
    const ours = () =>
      (github.comments.get(7) ?? []).filter((comment) => comment.body.includes('runevault/merge-coverage'));
    expect(ours()).toHaveLength(1);
    const [posted] = ours();
    expect(posted?.body.split('\n')[0]).toBe('<!-- runevault/merge-coverage: Coverage -->');
    expect(posted?.body).toContain('| Lines | 80.00% | 12 / 15 |');
    expect(first.lines.join('\n')).toContain(
      `comment: created https://github.com/o/r/pull/7#issuecomment-${posted?.id}`,
    );

    const second = await mergeAction(inputs({ files: 'coverage-unit/lcov.info' }), pullRequestEnv(7));
    expect(second.commands.errors).toEqual([]);
    expect(ours()).toHaveLength(1);
    expect(ours()[0]?.id).toBe(posted?.id);
    expect(ours()[0]?.body).toContain('Merged 1 report(s)');
    const calls = github.requests.map((request) => `${request.method} ${request.path.replace(/\?.*/, '')}`);
    expect(calls.filter((call) => call.startsWith('PATCH'))).toEqual([
      `PATCH /repos/runevault/runevault/issues/comments/${posted?.id}`,
    ]);
    expect(calls.filter((call) => call.startsWith('POST'))).toEqual([
      'POST /repos/runevault/runevault/issues/7/comments',
    ]);
    expect(github.requests.every((request) => request.authorization?.endsWith(token))).toBe(true);
    expect(github.requests.some((request) => request.path.includes('page=2'))).toBe(true);

    // Another title is another comment.
    await mergeAction(inputs({ title: 'Python coverage' }), pullRequestEnv(7));
    expect(ours()).toHaveLength(2);
  });

  it('warns, without failing, when the token may not write (a fork)', async () => {
    github.refuseCommentWrites = 403;
    try {
      const result = await mergeAction(inputs(), pullRequestEnv(8));
      expect(result.exitCode).toBe(0);
      expect(result.commands.warnings).toEqual([
        expect.stringMatching(
          /^comment: could not post on pull request #8: Resource not accessible by integration.* \(the token needs pull-requests: write; a pull request from a fork gets a read-only token\)$/,
        ),
      ]);
    } finally {
      github.refuseCommentWrites = undefined;
    }
  });

  it('skips the comment outside a pull request', async () => {
    const before = github.requests.length;
    const result = await mergeAction(inputs(), { GITHUB_API_URL: github.url });
    expect(result.exitCode).toBe(0);
    expect(result.lines.join('\n')).toContain(
      'comment: skipped, this push event is not about a pull request',
    );
    expect(github.requests.length).toBe(before);
  });
});

describe('artifacts', () => {
  let github: FakeGitHub;
  beforeAll(async () => {
    github = await new FakeGitHub().start();
    const zip = (file: string, name: string) => {
      const dir = mkdtempSync(join(scratch, 'zip-'));
      cpSync(file, join(dir, name));
      const archive = join(dir, 'artifact.zip');
      execFileSync('python3', ['-m', 'zipfile', '-c', archive, join(dir, name)]);
      return readFileSync(archive);
    };
    github.artifacts.push(
      { id: 11, name: 'coverage-unit', zip: zip(reports.unit.lcov, 'lcov.info') },
      { id: 12, name: 'coverage-integration', zip: zip(reports.integration.json, 'coverage-final.json') },
      { id: 13, name: 'e2e-junit', zip: zip(reports.pyPositive.xml, 'junit.xml') },
    );
  });
  afterAll(() => github.stop());

  it('downloads the matching artifacts of this run, merges them and uploads the merged report', async () => {
    const workspace = join(scratch, 'artifact-workspace');
    mkdirSync(workspace, { recursive: true });
    const result = await mergeAction(
      {
        'artifact-pattern': 'coverage-*',
        thresholds: '',
        'path-remap': `${reports.integration.root}=>.`,
      },
      github.artifactEnv(),
      workspace,
    );
    expect(result.commands.errors).toEqual([]);
    expect(result.commands.warnings).toEqual([]);
    expect(result.outputs.lines).toBe('80.00');
    expect(result.summary).toContain('`coverage-unit/lcov.info` (LCOV, 4 files)');
    expect(result.summary).toContain('`coverage-integration/coverage-final.json` (istanbul JSON, 4 files)');
    const downloads = github.requests.filter((request) => request.path.startsWith('/blob/download/'));
    expect(downloads.map((request) => request.path.replace(/\?.*/, ''))).toEqual([
      '/blob/download/12',
      '/blob/download/11',
    ]);
    const [upload] = github.uploads;
    expect(upload).toMatchObject({ name: 'coverage-merged', finalized: true });
    expect(upload?.blob.subarray(0, 2).toString()).toBe('PK');
  });

  it('warns and merges the workspace when the pattern matches no artifact', async () => {
    const result = await mergeAction(
      { 'artifact-pattern': 'nothing-*', thresholds: '', 'report-artifact': '' },
      github.artifactEnv(),
    );
    expect(result.exitCode).toBe(0);
    expect(result.commands.warnings).toEqual([
      "artifact-pattern nothing-* matched none of this run's artifacts (coverage-integration, coverage-unit, e2e-junit)",
    ]);
  });

  it('under act: one warning, and the workspace is merged', async () => {
    const result = await mergeAction({ 'artifact-pattern': 'coverage-*', thresholds: '' }, { ACT: 'true' });
    expect(result.exitCode).toBe(0);
    expect(result.commands.warnings).toEqual([
      'artifacts are off: running under act, which has no artifact service for @actions/artifact 2+; artifacts matching coverage-* are not downloaded (only reports already in the workspace are merged); the merged report is not uploaded as coverage-merged (it stays in output-dir)',
    ]);
    expect(result.outputs.lines).toBe('80.00');
  });
});
