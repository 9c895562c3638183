// Mock-first PR CI: a job that pull_request runs sees no secret at all (forks get none anyway,
// and a same-repo branch must not be able to read them either). Live secrets belong to jobs
// behind an environment on push/dispatch. GITHUB_TOKEN is passed as ${{ github.token }}.
import { isScalar } from 'yaml';
import { expressionsIn, readsContext } from '../expressions.js';
import type { Rule, Violation } from '../violation.js';
import {
  jobsOf,
  lineAtOffset,
  pairOf,
  scalarsIn,
  scalarText,
  triggersOf,
  type Workflow,
} from '../workflow-document.js';

/**
 * True only for a job `if:` that plainly keeps pull_request out: `github.event_name == 'push'`
 * (any event but pull_request) or `github.event_name != 'pull_request'`, with no `||`.
 * Anything cleverer counts as "pull_request may run it".
 */
export function excludesPullRequest(condition: string | undefined): boolean {
  if (!condition) return false;
  const text = condition
    .replace(/^\s*\$\{\{([\s\S]*)\}\}\s*$/, '$1')
    .toLowerCase()
    .replace(/\s+/g, ' ');
  if (text.includes('||')) return false;
  if (/github\.event_name ?!= ?'pull_request'/.test(text)) return true;
  const event = /github\.event_name ?== ?'([a-z_]+)'/.exec(text)?.[1];
  return event !== undefined && event !== 'pull_request';
}

function secretReads(workflow: Workflow, node: unknown) {
  const reads: { line: number; text: string }[] = [];
  for (const scalar of scalarsIn(node))
    for (const expression of expressionsIn(workflow, scalar))
      if (readsContext(expression.text, 'secrets'))
        reads.push({ line: lineAtOffset(workflow, expression.offset), text: expression.text });
  return reads;
}

export const secretsInPullRequestJob: Rule = {
  id: 'secrets-in-pull-request-job',
  description:
    'no secrets.* in a job that pull_request runs (mock-first PR CI; use github.token for the job token)',
  check(workflow) {
    if (!triggersOf(workflow).has('pull_request')) return [];
    const violations: Violation[] = [];
    const report = (line: number, where: string, text: string) =>
      violations.push({
        file: workflow.file,
        line,
        rule: this.id,
        message: `\${{ ${text} }} in ${where}, which pull_request runs; PR jobs get no secrets (test credentials from mint-test-oidc, github.token for the job token, live secrets in an environment-gated push job)`,
      });
    // Workflow-level env reaches every job.
    for (const read of secretReads(workflow, pairOf(workflow.document.contents, 'env')?.value))
      report(read.line, 'the workflow env:', read.text);
    for (const job of jobsOf(workflow)) {
      const condition = pairOf(job.map, 'if')?.value;
      if (excludesPullRequest(isScalar(condition) ? scalarText(condition) : undefined)) continue;
      for (const read of secretReads(workflow, job.map)) report(read.line, `job ${job.id}`, read.text);
    }
    return violations;
  },
};
