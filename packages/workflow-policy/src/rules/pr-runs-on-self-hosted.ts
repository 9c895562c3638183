// A self-hosted runner is a persistent machine: code that runs there can leave something behind
// for the next job. A fork's pull request must never put unreviewed code on one, so a job that
// pull_request (or pull_request_target) can start must either keep fork PRs out in its `if:` or
// pick a GitHub-hosted runner for them in its `runs-on:`. A label GitHub does not host, a runner
// group, or an expression (vars, matrix, inputs…) counts as "can be self-hosted".
import { isMap, isScalar, isSeq } from 'yaml';
import type { Rule, Violation } from '../violation.js';
import { jobsOf, lineOf, pairOf, scalarText, triggersOf, type Workflow } from '../workflow-document.js';
import { excludesPullRequest } from './secrets-in-pull-request-job.js';

const FORK_EVENTS = ['pull_request', 'pull_request_target'];
const GITHUB_HOSTED = /^(ubuntu|windows|macos)-[a-z0-9][a-z0-9.-]*$/;

/** Lower case, one blank between tokens, outer `${{ }}` removed. */
function compact(expression: string): string {
  return expression
    .replace(/^\s*\$\{\{([\s\S]*)\}\}\s*$/, '$1')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

const IS_FORK = String.raw`(?:github\.event\.pull_request\.head\.repo\.full_name != github\.repository|github\.event\.pull_request\.head\.repo\.fork(?: == true)?)`;
const HOSTED_LITERAL = "'(?:ubuntu|windows|macos)-[a-z0-9][a-z0-9.-]*'";
/** `runs-on: ${{ <is a fork> && '<hosted label>' || … }}`, optionally behind event_name == 'pull_request' &&. */
const FORK_GETS_HOSTED = new RegExp(
  String.raw`^(?:github\.event_name == 'pull_request' && )?${IS_FORK} && ${HOSTED_LITERAL} \|\| `,
);
/** An `if:` conjunct that admits only the repository's own branches. */
const SAME_REPOSITORY_ONLY =
  /(?:github\.event\.pull_request\.head\.repo\.full_name == github\.repository|!github\.event\.pull_request\.head\.repo\.fork|github\.event\.pull_request\.head\.repo\.fork == false)/;

/** True when the job's `if:` keeps fork pull requests out (no `||`, so every part must hold). */
function ifKeepsForksOut(condition: string | undefined): boolean {
  if (!condition) return false;
  if (excludesPullRequest(condition)) return true;
  const text = compact(condition);
  return !text.includes('||') && SAME_REPOSITORY_ONLY.test(text);
}

/** Why this runs-on value can name a self-hosted runner for a fork's PR, or undefined when it cannot. */
function selfHostedReason(runsOn: unknown): string | undefined {
  if (isScalar(runsOn)) {
    const text = scalarText(runsOn) ?? '';
    if (text.includes('${{')) {
      return FORK_GETS_HOSTED.test(compact(text))
        ? undefined
        : `its runner comes from an expression (${text.trim()}), which can name a self-hosted one`;
    }
    return GITHUB_HOSTED.test(text) ? undefined : `label '${text}' is not a GitHub-hosted runner`;
  }
  if (isSeq(runsOn)) {
    for (const item of runsOn.items) {
      const reason = selfHostedReason(item);
      if (reason) return reason;
    }
    return undefined;
  }
  if (isMap(runsOn)) return 'a runner group or label set can hold self-hosted runners';
  return undefined;
}

function reachableByForks(workflow: Workflow): boolean {
  const triggers = triggersOf(workflow);
  return FORK_EVENTS.some((event) => triggers.has(event));
}

export const prRunsOnSelfHosted: Rule = {
  id: 'pr-runs-on-self-hosted',
  description:
    "a job a fork's pull request can start must not run on a runner that can be self-hosted (unreviewed code on a persistent machine)",
  check(workflow) {
    if (!reachableByForks(workflow)) return [];
    const violations: Violation[] = [];
    for (const job of jobsOf(workflow)) {
      const condition = pairOf(job.map, 'if')?.value;
      if (ifKeepsForksOut(isScalar(condition) ? scalarText(condition) : undefined)) continue;
      const runsOn = pairOf(job.map, 'runs-on')?.value;
      const reason = selfHostedReason(runsOn);
      if (!reason) continue;
      violations.push({
        file: workflow.file,
        line: lineOf(workflow, runsOn),
        rule: this.id,
        message: `job ${job.id}: ${reason}, and a fork's pull request can start it; give forks a GitHub-hosted runner (runs-on: \${{ github.event.pull_request.head.repo.full_name != github.repository && 'ubuntu-latest' || … }}) or keep them out in if: (github.event.pull_request.head.repo.full_name == github.repository)`,
      });
    }
    return violations;
  },
};
