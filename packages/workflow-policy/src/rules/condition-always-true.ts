// An `if:` is an expression; written as `${{ … }}` it must be nothing else. Text around the
// braces (a trailing word, or the line breaks and indentation a | or > block keeps, which
// GitHub's own parser turns into format('      {0}\n', …)) makes the value a non-empty string,
// and a non-empty string is true: the job or step then always runs.
import { isScalar, Scalar } from 'yaml';
import type { Rule, Violation } from '../violation.js';
import { jobsOf, lineOf, pairOf, scalarText, stepsOf } from '../workflow-document.js';

const BLOCK = new Set<string>([Scalar.BLOCK_FOLDED, Scalar.BLOCK_LITERAL]);

function conditionIsAlwaysTrue(condition: Scalar): boolean {
  const text = scalarText(condition) ?? '';
  if (!text.includes('${{')) return false;
  if (BLOCK.has(condition.type ?? '')) return true;
  return !/^\s*\$\{\{[\s\S]*\}\}\s*$/.test(text) || (text.match(/\$\{\{/g) ?? []).length > 1;
}

export const conditionAlwaysTrue: Rule = {
  id: 'condition-always-true',
  description:
    'an if: with text around its expression braces (or braces in a | or > block) is a non-empty string: always true',
  check(workflow) {
    const violations: Violation[] = [];
    for (const job of jobsOf(workflow)) {
      for (const owner of [job.map, ...stepsOf(job)]) {
        const condition = pairOf(owner, 'if')?.value;
        if (!isScalar(condition) || !conditionIsAlwaysTrue(condition)) continue;
        violations.push({
          file: workflow.file,
          line: lineOf(workflow, condition),
          rule: this.id,
          message: `if: of ${owner === job.map ? `job ${job.id}` : `a step of job ${job.id}`} is \${{ }} with text around it, which is a non-empty string and so always true; write the bare expression (a > block may hold it without \${{ }})`,
        });
      }
    }
    return violations;
  },
};
