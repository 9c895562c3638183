import type { Rule } from '../violation.js';
import { lineOf, triggersOf } from '../workflow-document.js';

/** ACTIONS.md: no pull_request_target at all (it runs with secrets and a write token on fork PRs). */
export const pullRequestTarget: Rule = {
  id: 'pull-request-target',
  description:
    'no pull_request_target trigger: it runs with the base repository secrets and a write token for fork pull requests',
  check(workflow) {
    const trigger = triggersOf(workflow).get('pull_request_target');
    if (!trigger) return [];
    return [
      {
        file: workflow.file,
        line: lineOf(workflow, trigger),
        rule: this.id,
        message:
          'pull_request_target runs with secrets and a write token on code from forks; use pull_request (and a workflow_run job without checkout for privileged follow-ups)',
      },
    ];
  },
};
