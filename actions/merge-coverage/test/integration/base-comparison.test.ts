// Coverage against the base branch through actions/merge-coverage's committed dist: a push
// keeps its merged summary as coverage-summary-<sha>; a pull request finds its base commit's
// (or the nearest earlier one's) through the loopback fake of the REST API, reports the change
// per metric and per touched file, and gates on max-drop. The summaries are real merges of the
// fixture project's vitest reports.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ActionRunResult, runAction } from '@runevault/action-runner';
import { readBoundedZip } from '@runevault/coverage/publish';
import { FakeGitHub } from '@runevault/coverage/test-support/fake-github';
import { type RealReports, realReports } from '@runevault/coverage/test-support/real-reports';
import { makeZip } from '@runevault/coverage/test-support/zip-archives';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

const REPOSITORY = 'runevault/runevault';
const TOKEN = 'pull-request-token-for-the-loopback-server';
const BASE = 'b'.repeat(40);
const OLDER = 'a'.repeat(40);

let reports: RealReports;
let scratch: string;
let github: FakeGitHub;
/** coverage-summary.json of unit + integration (80% lines), and of unit alone. */
let summaryBoth: string;
let summaryUnit: string;
const runs: ActionRunResult[] = [];
let workspaces = 0;

function workspace(jobs: ('unit' | 'integration')[]): string {
  const dir = join(scratch, `workspace-${++workspaces}`);
  for (const job of jobs) {
    mkdirSync(join(dir, `coverage-${job}`), { recursive: true });
    cpSync(reports[job].lcov, join(dir, `coverage-${job}`, 'lcov.info'));
  }
  return dir;
}

async function merge(
  inputs: Record<string, string>,
  env: Record<string, string | undefined>,
  dir: string,
): Promise<ActionRunResult> {
  const result = await runAction({
    action: 'merge-coverage',
    inputs: { 'github-token': TOKEN, thresholds: '', 'report-artifact': '', ...inputs },
    env: { GITHUB_API_URL: github.url, GITHUB_REPOSITORY: REPOSITORY, ...env },
    workspace: dir,
    timeoutMs: 60_000,
  });
  runs.push(result);
  return result;
}

let events = 0;
function pullRequestEnv(): Record<string, string> {
  const path = join(scratch, `event-${++events}.json`);
  writeFileSync(
    path,
    JSON.stringify({
      pull_request: {
        number: 12,
        head: { sha: 'c'.repeat(40), ref: 'feature' },
        base: { sha: BASE, ref: 'main' },
      },
    }),
  );
  return { GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: path };
}

/** A summary artifact as a push to main uploads it (or, with fork: true, as a fork's run could name one). */
function keepSummary(sha: string, summary: string, fork = false): void {
  github.restArtifacts.push({
    id: 7000 + github.restArtifacts.length,
    name: `coverage-summary-${sha}`,
    zip: makeZip([{ name: 'coverage-summary.json', text: summary }]),
    runId: 300 + github.restArtifacts.length,
    headSha: sha,
    headBranch: 'main',
    repositoryId: 1,
    headRepositoryId: fork ? 2 : 1,
  });
}

beforeAll(async () => {
  reports = await realReports();
  scratch = mkdtempSync(join(tmpdir(), 'base-comparison-'));
  github = await new FakeGitHub().start();
  for (const [jobs, set] of [
    [['unit', 'integration'], (text: string) => (summaryBoth = text)],
    [['unit'], (text: string) => (summaryUnit = text)],
  ] as const) {
    const result = await merge({ formats: 'json-summary' }, {}, workspace([...jobs]));
    set(readFileSync(join(result.workspace, 'coverage-merged', 'coverage-summary.json'), 'utf8'));
  }
}, 180_000);
afterAll(async () => {
  await github.stop();
  rmSync(scratch, { recursive: true, force: true });
});
beforeEach(() => {
  github.restArtifacts.splice(0);
  github.branchCommits.splice(0, github.branchCommits.length, BASE, OLDER, 'd'.repeat(40));
  github.requests.splice(0);
});
afterEach(async () => {
  for (const run of runs.splice(0)) await run.remove();
});

describe('merge-coverage against the base branch', () => {
  it('reports the change per metric against the base commit, and passes within max-drop', async () => {
    keepSummary(BASE, summaryUnit);
    const result = await merge(
      { 'summary-artifact': 'coverage-summary', 'max-drop': 'lines=0.5' },
      pullRequestEnv(),
      workspace(['unit', 'integration']),
    );
    expect(result.commands.errors).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(result.summary).toContain('**Against the base branch** (base commit `bbbbbbbbbbbb`)');
    expect(result.summary).toMatch(
      /\| Lines \| \d+\.\d\d% \| 80\.00% \| \+\d+\.\d\d pts \| ✅ ≤ 0\.5 pts \|/,
    );
    expect(result.commands.notices).toEqual([]);
    const listed = github.requests.map((request) =>
      request.path.replace(/&per_page=100$|\?per_page=100$/, ''),
    );
    expect(listed).toContain(`/repos/${REPOSITORY}/actions/artifacts?name=coverage-summary-${BASE}`);
  });

  it('fails the step when a metric falls more than max-drop allows', async () => {
    keepSummary(BASE, summaryBoth);
    const result = await merge(
      { 'summary-artifact': 'coverage-summary', 'max-drop': 'lines=0.5,functions=100' },
      pullRequestEnv(),
      workspace(['unit']),
    );
    expect(result.exitCode).toBe(1);
    expect(result.commands.errors).toEqual([
      expect.stringMatching(
        /^coverage fell more than max-drop against bbbbbbbbbbbb: lines -\d+\.\d\d pts \(max 0\.5\)$/,
      ),
    ]);
    expect(result.summary).toMatch(
      /\| Lines \| 80\.00% \| \d+\.\d\d% \| 🔻 -\d+\.\d\d pts \| ❌ > 0\.5 pts \|/,
    );
  });

  it('falls back to the nearest earlier commit of the base branch with a summary', async () => {
    keepSummary(OLDER, summaryBoth);
    const result = await merge(
      { 'summary-artifact': 'coverage-summary' },
      pullRequestEnv(),
      workspace(['unit', 'integration']),
    );
    expect(result.exitCode).toBe(0);
    expect(result.summary).toContain(
      '(`aaaaaaaaaaaa`, 1 commit(s) before the base `bbbbbbbbbbbb` (the nearest with a summary))',
    );
    expect(result.summary).toContain('| Lines | 80.00% | 80.00% | +0.00 pts |  |');
  });

  it('ignores a summary a fork run uploaded under main commit name, and says in one line there is none', async () => {
    keepSummary(BASE, summaryUnit, true);
    const result = await merge(
      { 'summary-artifact': 'coverage-summary', 'max-drop': 'lines=0', thresholds: 'lines=40' },
      pullRequestEnv(),
      workspace(['unit']),
    );
    expect(result.commands.errors).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(result.commands.notices).toEqual([
      'no coverage summary of the base commit bbbbbbbbbbbb or the 2 commit(s) before it was found (artifacts coverage-summary-<sha> from pushes to main): only the absolute thresholds apply',
    ]);
    expect(result.summary).not.toContain('Against the base branch');
    expect(result.summary).toContain('✅ ≥ 40%');
  });

  it('lists the touched files with their change (diff-base)', async () => {
    keepSummary(BASE, summaryUnit);
    const dir = workspace(['unit', 'integration']);
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: dir })
        .toString()
        .trim();
    git('init', '-q');
    mkdirSync(join(dir, 'src'), { recursive: true });
    writeFileSync(join(dir, 'src', 'pricing.ts'), 'old\n');
    git('add', 'src');
    git('commit', '-qm', 'base');
    const base = git('rev-parse', 'HEAD');
    cpSync(join(reports.unit.root, 'src', 'pricing.ts'), join(dir, 'src', 'pricing.ts'));
    git('commit', '-qam', 'change');
    const result = await merge(
      { 'summary-artifact': 'coverage-summary', 'diff-base': base },
      pullRequestEnv(),
      dir,
    );
    expect(result.commands.errors).toEqual([]);
    expect(result.summary).toContain('Line coverage of the 1 file(s) this pull request touched');
    expect(result.summary).toMatch(/\| `src\/pricing\.ts` \| \d+\.\d\d% \| \d+\.\d\d% \| [+🔻]/u);
  });

  it('rejects a malformed max-drop in one line', async () => {
    const result = await merge({ 'max-drop': 'lines=half,paths=1,lines=1,lines=2' }, {}, workspace(['unit']));
    expect(result.exitCode).toBe(1);
    expect(result.commands.errors).toEqual([
      'max-drop: "lines=half" is not metric=points with metric one of lines, branches, functions and points a number such as 0.5; "paths=1" is not metric=points with metric one of lines, branches, functions and points a number such as 0.5; lines is given twice (e.g. lines=0.5,branches=1)',
    ]);
  });
});

describe('what merge-coverage uploads', () => {
  it('a push to main keeps its summary as coverage-summary-<sha>', async () => {
    const sha = 'e'.repeat(40);
    const result = await merge(
      { 'summary-artifact': 'coverage-summary', formats: 'lcov' },
      { ...github.artifactEnv(), GITHUB_SHA: sha },
      workspace(['unit', 'integration']),
    );
    expect(result.commands.errors).toEqual([]);
    const upload = github.uploads.find((candidate) => candidate.name === `coverage-summary-${sha}`);
    expect(upload?.finalized).toBe(true);
    const files = readBoundedZip(upload?.blob ?? Buffer.alloc(0));
    expect([...files.keys()]).toEqual(['coverage-summary.json']);
    expect(JSON.parse(files.get('coverage-summary.json')?.toString() ?? '{}').total.lines.pct).toBe(80);
  });

  it('a pull request leaves its report for the report workflow, with the number it believes in', async () => {
    const result = await merge(
      { 'publish-artifact': 'runevault-report' },
      { ...github.artifactEnv(), ...pullRequestEnv() },
      workspace(['unit', 'integration']),
    );
    expect(result.commands.errors).toEqual([]);
    const upload = github.uploads.find((candidate) => candidate.name === 'runevault-report');
    const files = readBoundedZip(upload?.blob ?? Buffer.alloc(0));
    expect([...files.keys()].sort()).toEqual(['comment.md', 'coverage-summary.json', 'report.json']);
    expect(JSON.parse(files.get('report.json')?.toString() ?? '{}')).toEqual({
      schema: 1,
      kind: 'coverage',
      claimedPullRequest: 12,
      headSha: 'c'.repeat(40),
    });
    expect(files.get('comment.md')?.toString()).toBe(result.outputs.markdown);
  });
});
