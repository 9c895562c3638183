// Two ways of handing over every secret of the repository at once, whatever the job needs:
// `secrets: inherit` on a reusable-workflow call and `toJson(secrets)` in an expression.
import { expressionsIn, serializesSecrets } from '../expressions.js';
import type { Rule, Violation } from '../violation.js';
import {
  jobsOf,
  lineAtOffset,
  lineOf,
  pairOf,
  scalarsIn,
  scalarText,
  stepsOf,
} from '../workflow-document.js';

export const secretsInherit: Rule = {
  id: 'secrets-inherit',
  description: 'no secrets: inherit (pass the named secrets a called workflow needs)',
  check(workflow) {
    const violations: Violation[] = [];
    for (const job of jobsOf(workflow)) {
      const secrets = pairOf(job.map, 'secrets');
      if (secrets && scalarText(secrets.value) === 'inherit')
        violations.push({
          file: workflow.file,
          line: lineOf(workflow, secrets.value),
          rule: this.id,
          message: `job ${job.id} passes every repository secret to the called workflow; name the ones it needs under secrets:`,
        });
    }
    return violations;
  },
};

export const toJsonSecrets: Rule = {
  id: 'tojson-secrets',
  description:
    'no toJson(secrets): it puts every secret into one value (logs, artifacts, a step that should see one)',
  check(workflow) {
    const violations: Violation[] = [];
    for (const scalar of scalarsIn(workflow.document.contents))
      for (const expression of expressionsIn(workflow, scalar))
        if (serializesSecrets(expression.text))
          violations.push({
            file: workflow.file,
            line: lineAtOffset(workflow, expression.offset),
            rule: this.id,
            message: `\${{ ${expression.text} }} serializes every repository secret; reference the one secret needed`,
          });
    // `if:` conditions are expressions without ${{ }}.
    for (const job of jobsOf(workflow)) {
      for (const owner of [job.map, ...stepsOf(job)]) {
        const condition = pairOf(owner, 'if')?.value;
        const text = scalarText(condition);
        if (text && !text.includes('${{') && serializesSecrets(text))
          violations.push({
            file: workflow.file,
            line: lineOf(workflow, condition),
            rule: this.id,
            message: `if: ${text} serializes every repository secret`,
          });
      }
    }
    return violations;
  },
};
