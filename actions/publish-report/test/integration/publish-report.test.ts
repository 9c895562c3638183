// actions/publish-report run from its committed dist as the runner runs it, on workflow_run
// events shaped as GitHub sends them (a fork's: head_repository ≠ repository, pull_requests:
// []), against the loopback fake of the REST API, with artifacts a real zip writer made.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ActionRunResult, runAction } from '@runevault/action-runner';
import { FakeGitHub, type FakePull } from '@runevault/coverage/test-support/fake-github';
import { makeZip, type ZipEntrySpec } from '@runevault/coverage/test-support/zip-archives';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

const REPOSITORY = 'runevault/runevault';
const TOKEN = 'workflow-run-token-for-the-loopback-server';
const FORK_SHA = 'f'.repeat(40);
const SAME_SHA = '5'.repeat(40);
const MARKER = '<!-- runevault/report: ci -->';
const ZW = '\u200B';

let github: FakeGitHub;
let scratch: string;
const runs: ActionRunResult[] = [];
let nextArtifactId = 900;

beforeAll(async () => {
  github = await new FakeGitHub().start();
  scratch = mkdtempSync(join(tmpdir(), 'publish-report-'));
});
afterAll(async () => {
  await github.stop();
  rmSync(scratch, { recursive: true, force: true });
});
beforeEach(() => {
  github.pulls.splice(0);
  github.restArtifacts.splice(0);
  github.comments.clear();
  github.requests.splice(0);
  github.readOnlyTokens.clear();
});
afterEach(async () => {
  for (const run of runs.splice(0)) await run.remove();
});

function pull(number: number, sha: string, headRepository: string, ref: string): FakePull {
  const owner = headRepository.split('/')[0] as string;
  return {
    number,
    state: 'open',
    head: { sha, ref, repo: { full_name: headRepository, owner: { login: owner } } },
    base: { ref: 'main', sha: '0'.repeat(40), repo: { full_name: REPOSITORY } },
  };
}

function uploadReport(runId: number, sha: string, entries: ZipEntrySpec[]): void {
  github.restArtifacts.push({
    id: nextArtifactId++,
    name: 'runevault-report',
    zip: makeZip(entries),
    runId,
    headSha: sha,
    headBranch: 'feature',
    repositoryId: 1,
    headRepositoryId: 2,
  });
}

const report = (markdown: string, claimedPullRequest?: number): ZipEntrySpec[] => [
  { name: 'report.json', text: JSON.stringify({ schema: 1, kind: 'coverage', claimedPullRequest }) },
  { name: 'comment.md', text: markdown },
  { name: 'coverage-summary.json', text: '{"total":{}}' },
];

/** A workflow_run event as GitHub sends it for a fork's pull_request run (pull_requests: []). */
function forkEvent(runId: number, extra: Record<string, unknown> = {}) {
  return {
    action: 'completed',
    workflow_run: {
      id: runId,
      name: 'ci',
      event: 'pull_request',
      conclusion: 'failure',
      head_sha: FORK_SHA,
      head_branch: 'feature',
      head_repository: { full_name: 'mallory/runevault', owner: { login: 'mallory' } },
      repository: { full_name: REPOSITORY },
      pull_requests: [],
      ...extra,
    },
    repository: { full_name: REPOSITORY },
  };
}

function sameRepositoryEvent(runId: number) {
  return forkEvent(runId, {
    head_sha: SAME_SHA,
    head_branch: 'topic',
    head_repository: { full_name: REPOSITORY, owner: { login: 'runevault' } },
    pull_requests: [{ number: 8, head: { sha: SAME_SHA, ref: 'topic' }, base: { ref: 'main' } }],
  });
}

let events = 0;
async function publish(event: object, token = TOKEN): Promise<ActionRunResult> {
  const path = join(scratch, `event-${++events}.json`);
  writeFileSync(path, JSON.stringify(event));
  const result = await runAction({
    action: 'publish-report',
    inputs: { 'github-token': token },
    env: {
      GITHUB_EVENT_NAME: 'workflow_run',
      GITHUB_EVENT_PATH: path,
      GITHUB_API_URL: github.url,
      GITHUB_REPOSITORY: REPOSITORY,
    },
    timeoutMs: 60_000,
  });
  runs.push(result);
  return result;
}

const writes = () => github.requests.filter((request) => request.method !== 'GET');
const commandsOf = (result: ActionRunResult) => result.commands.all.map((command) => command.command);

describe('publish-report on a fork-shaped workflow_run', () => {
  it('comments on the pull request the API names, not the one the artifact claims', async () => {
    github.pulls.push(
      pull(7, FORK_SHA, 'mallory/runevault', 'feature'),
      pull(99, SAME_SHA, REPOSITORY, 'other'),
    );
    uploadReport(501, FORK_SHA, report('### Coverage\n\n| Lines | 80.00% |\n', 99));
    const result = await publish(forkEvent(501));
    expect(result.commands.errors).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(result.outputs['pull-requests']).toBe('7');
    expect(github.comments.get(99)).toBeUndefined();
    const [comment] = github.comments.get(7) ?? [];
    expect(comment?.body.split('\n')[0]).toBe(MARKER);
    expect(comment?.body).toContain('| Lines | 80.00% |');
    expect(comment?.body).toContain('The report says it is for #99; GitHub names this pull request');
    expect(result.commands.notices).toEqual([
      'the artifact claims pull request #99; posting on #7, which the API names',
    ]);
    expect(writes().map((request) => `${request.method} ${request.path}`)).toEqual([
      `POST /repos/${REPOSITORY}/issues/7/comments`,
    ]);
    expect(result.commands.addMask).toEqual([TOKEN]);
  });

  it('neutralises hostile Markdown, and nothing of it reaches the log', async () => {
    github.pulls.push(pull(7, FORK_SHA, 'mallory/runevault', 'feature'));
    const hostile = [
      '### Coverage',
      '[click](https://evil.example) ![px](https://evil.example/p.png) <img src=x onerror=alert(1)>',
      '@octocat and @runevault/maintainers see owner/repo#1 https://evil.example www.evil.example',
      '::set-output name=pwned::1',
      '::add-mask::nothing',
      '```',
      '<!-- runevault/report: ci -->',
    ].join('\n');
    uploadReport(502, FORK_SHA, report(hostile));
    const result = await publish(forkEvent(502));
    expect(result.exitCode).toBe(0);
    const body = github.comments.get(7)?.[0]?.body ?? '';
    expect(body).not.toMatch(
      /\]\(https:\/\/evil|<img|@octocat|@runevault|https:\/\/evil|www\.evil|```|repo#1/,
    );
    expect(body).toContain(`[click]${ZW}(https:${ZW}//evil.example)`);
    expect(body.split(MARKER)).toHaveLength(2);
    expect(new Set(commandsOf(result))).toEqual(new Set(['add-mask']));
    expect(result.outputs.pwned).toBeUndefined();
    expect(result.lines.join('\n')).not.toContain('evil');
  });

  it('says so in a notice, and posts nothing, when no pull request has the run head', async () => {
    github.pulls.push(pull(7, 'e'.repeat(40), 'mallory/runevault', 'feature'));
    uploadReport(503, FORK_SHA, report('### Coverage', 7));
    const result = await publish(forkEvent(503));
    expect(result.exitCode).toBe(0);
    expect(result.commands.notices).toEqual([
      `no open pull request of ${REPOSITORY} has ffffffffffff from mallory/runevault as its head: no comment`,
    ]);
    expect(result.lines.join('\n')).toContain(
      "not commenting on #7's head is now eeeeeeeeeeee, not the run's commit",
    );
    expect(writes()).toEqual([]);
    expect(github.requests.some((request) => request.path.includes('/actions/'))).toBe(false);
  });

  it('does not trust a pull request whose head is the same commit in another repository', async () => {
    const elsewhere = pull(7, FORK_SHA, 'eve/runevault', 'feature');
    elsewhere.head.repo.owner.login = 'mallory';
    github.pulls.push(elsewhere);
    uploadReport(504, FORK_SHA, report('### Coverage'));
    const result = await publish(forkEvent(504));
    expect(result.exitCode).toBe(0);
    expect(result.commands.notices[0]).toMatch(/^no open pull request/);
    expect(writes()).toEqual([]);
  });

  for (const [what, entries, message] of [
    [
      'a path that leaves the archive',
      [{ name: '../comment.md', text: 'x' }],
      'artifact runevault-report of run 510 refused: the archive entry "../comment.md" leaves the archive (path traversal)',
    ],
    [
      'a symlink',
      [{ name: 'comment.md', symlinkTo: '/etc/passwd' }],
      'artifact runevault-report of run 510 refused: the archive entry "comment.md" is a symbolic link',
    ],
    [
      'a zip bomb',
      [{ name: 'comment.md', zeros: 64 * 1024 * 1024, declareSize: 100 }],
      'artifact runevault-report of run 510 refused: the archive entry "comment.md" inflates past 2097152 bytes though it declares 100 (a zip bomb)',
    ],
    [
      'an oversized comment',
      [{ name: 'comment.md', text: 'x'.repeat(300 * 1024) }],
      'artifact runevault-report of run 510 refused: the archive comment.md is 307200 bytes, over the limit of 262144',
    ],
  ] as const) {
    it(`refuses ${what} with one line, and posts nothing`, async () => {
      github.pulls.push(pull(7, FORK_SHA, 'mallory/runevault', 'feature'));
      uploadReport(510, FORK_SHA, entries as unknown as ZipEntrySpec[]);
      const result = await publish(forkEvent(510));
      expect(result.exitCode).toBe(1);
      expect(result.commands.errors).toEqual([message]);
      expect(writes()).toEqual([]);
    });
  }

  it('refuses an artifact over the zip size limit before downloading it', async () => {
    github.pulls.push(pull(7, FORK_SHA, 'mallory/runevault', 'feature'));
    // Random bytes do not compress: the zip itself is over the 4 MiB limit.
    uploadReport(511, FORK_SHA, [{ name: 'noise', text: randomBytes(4 * 1024 * 1024).toString('base64') }]);
    const result = await publish(forkEvent(511));
    expect(result.exitCode).toBe(1);
    expect(result.commands.errors[0]).toMatch(
      /^artifact runevault-report of run 511 refused: it is \d+ bytes, over the limit of 4194304$/,
    );
    expect(github.requests.some((request) => request.path.includes('/zip'))).toBe(false);
  });

  it('fails with the missing permission named when the token may not comment', async () => {
    github.pulls.push(pull(7, FORK_SHA, 'mallory/runevault', 'feature'));
    uploadReport(512, FORK_SHA, report('### Coverage'));
    github.readOnlyTokens.add(TOKEN);
    const result = await publish(forkEvent(512));
    expect(result.exitCode).toBe(1);
    expect(result.commands.errors).toEqual([
      expect.stringMatching(
        /^publish-report: Resource not accessible by integration.*; the job needs permissions pull-requests: write and actions: read$/,
      ),
    ]);
  });

  it('ignores a run that a push started', async () => {
    const result = await publish(forkEvent(513, { event: 'push' }));
    expect(result.exitCode).toBe(0);
    expect(result.commands.notices).toEqual([
      'run 513 was started by a push event, not a pull request: nothing to publish',
    ]);
    expect(github.requests).toEqual([]);
  });
});

describe('publish-report on a same-repository workflow_run', () => {
  it('posts once, then edits its own comment in place, never one another user wrote with the marker', async () => {
    github.pulls.push(pull(8, SAME_SHA, REPOSITORY, 'topic'));
    github.addComment(8, `${MARKER}\nforged by a user`, 'mallory');
    for (let index = 0; index < 120; index++) github.addComment(8, `review ${index}`);
    uploadReport(601, SAME_SHA, report('### Coverage\nfirst', 8));
    const first = await publish(sameRepositoryEvent(601));
    expect(first.commands.errors).toEqual([]);
    expect(first.commands.notices).toEqual([]);
    uploadReport(602, SAME_SHA, report('### Coverage\nsecond', 8));
    const second = await publish(sameRepositoryEvent(602));
    expect(second.commands.errors).toEqual([]);
    const ours = (github.comments.get(8) ?? []).filter((comment) => comment.body.startsWith(MARKER));
    expect(ours.map((comment) => comment.user.login)).toEqual(['mallory', 'github-actions[bot]']);
    expect(ours[0]?.body).toBe(`${MARKER}\nforged by a user`);
    expect(ours[1]?.body).toContain('second');
    expect(writes().map((request) => request.method)).toEqual(['POST', 'PATCH']);
    expect(second.outputs['comment-urls']).toBe(`https://github.com/o/r/pull/8#issuecomment-${ours[1]?.id}`);
  });
});
