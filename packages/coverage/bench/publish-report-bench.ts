// How long the report workflow's publish step takes: actions/publish-report's committed dist
// through the runner harness, on a fork-shaped workflow_run, against the loopback fake REST API
// (find the pull request, list and download the artifact, read it, post the comment).
//   npx tsx packages/coverage/bench/publish-report-bench.ts [runs]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAction } from '@runevault/action-runner';
import { FakeGitHub } from '../test/support/fake-github.js';
import { makeZip } from '../test/support/zip-archives.js';

const runs = Number(process.argv[2] ?? 7);
const sha = 'f'.repeat(40);
const github = await new FakeGitHub().start();
const scratch = mkdtempSync(join(tmpdir(), 'publish-bench-'));
github.pulls.push({
  number: 7,
  state: 'open',
  head: { sha, ref: 'feature', repo: { full_name: 'mallory/runevault', owner: { login: 'mallory' } } },
  base: { ref: 'main', sha: '0'.repeat(40), repo: { full_name: 'runevault/runevault' } },
});
const markdown = `### Coverage\n\n| File | Lines |\n|:--|--:|\n${'| `src/a.ts` | 80.00% |\n'.repeat(800)}`;
github.restArtifacts.push({
  id: 1,
  name: 'runevault-report',
  zip: makeZip([
    { name: 'report.json', text: '{"schema":1,"kind":"coverage","claimedPullRequest":7}' },
    { name: 'comment.md', text: markdown },
  ]),
  runId: 501,
  headSha: sha,
  headBranch: 'feature',
  repositoryId: 1,
  headRepositoryId: 2,
});
const event = join(scratch, 'event.json');
writeFileSync(
  event,
  JSON.stringify({
    workflow_run: {
      id: 501,
      name: 'ci',
      event: 'pull_request',
      head_sha: sha,
      head_branch: 'feature',
      head_repository: { full_name: 'mallory/runevault', owner: { login: 'mallory' } },
      pull_requests: [],
    },
  }),
);
const times: number[] = [];
for (let index = 0; index < runs; index++) {
  const result = await runAction({
    action: 'publish-report',
    inputs: { 'github-token': 'bench-token' },
    env: { GITHUB_EVENT_PATH: event, GITHUB_API_URL: github.url, GITHUB_REPOSITORY: 'runevault/runevault' },
  });
  if (result.exitCode !== 0) throw new Error(result.commands.errors.join('\n') || result.stderr);
  times.push(result.timing.totalMs);
  await result.remove();
}
await github.stop();
rmSync(scratch, { recursive: true, force: true });
const sorted = [...times].sort((a, b) => a - b);
console.log(
  `publish-report, ${runs} runs (process start to exit): median ${sorted[Math.floor(runs / 2)]?.toFixed(0)} ms, min ${sorted[0]?.toFixed(0)} ms, max ${sorted.at(-1)?.toFixed(0)} ms`,
);
