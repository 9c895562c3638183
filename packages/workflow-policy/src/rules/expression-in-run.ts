// `${{ }}` in run: is pasted into the script text before the shell sees it: a PR title like
// `"; curl … | sh #` becomes code, and a secret becomes part of a command line. Through env:
// the value reaches the shell as data ("$TITLE").
import { isScalar } from 'yaml';
import { expressionsIn, firstContextRead } from '../expressions.js';
import type { Rule, Violation } from '../violation.js';
import { jobsOf, lineAtOffset, stepsOf, valueAt } from '../workflow-document.js';

/** Contexts an outsider can write (event payload, branch name) or that hold secrets. */
const CONTEXTS_NOT_IN_RUN = ['github.event', 'github.head_ref', 'secrets'] as const;

export const expressionInRun: Rule = {
  id: 'expression-in-run',
  description:
    'github.event.*, github.head_ref or secrets.* in an expression inside run: (pass them through env:)',
  check(workflow) {
    const violations: Violation[] = [];
    for (const job of jobsOf(workflow)) {
      for (const step of stepsOf(job)) {
        const run = valueAt(step, 'run');
        if (!isScalar(run)) continue;
        for (const expression of expressionsIn(workflow, run)) {
          const context = firstContextRead(expression.text, CONTEXTS_NOT_IN_RUN);
          if (!context) continue;
          violations.push({
            file: workflow.file,
            line: lineAtOffset(workflow, expression.offset),
            rule: this.id,
            message: `\${{ ${expression.text} }} inside run: (job ${job.id}) is expanded into the script before it runs; set it in the step's env: and use "$NAME"`,
          });
        }
      }
    }
    return violations;
  },
};
