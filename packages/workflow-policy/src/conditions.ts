// Every expression of a workflow with its position: the `${{ … }}` inside any value, and the
// `if:` conditions of jobs and steps, which are expressions even without the braces.
import { isScalar, type Scalar } from 'yaml';
import { expressionsIn } from './expressions.js';
import {
  jobsOf,
  pairOf,
  positionAt,
  scalarsIn,
  scalarText,
  stepsOf,
  type Workflow,
} from './workflow-document.js';

export interface LocatedExpression {
  /** The expression text, without `${{ }}`. */
  text: string;
  line: number;
  column: number;
  /** True for an `if:` of a job or step (a condition), false for `${{ }}` anywhere else. */
  condition: boolean;
  /** The job it belongs to, when it belongs to one. */
  job: string | undefined;
}

/** The condition of an `if:` scalar: its text with one outer `${{ }}` removed. */
function conditionText(scalar: Scalar): string {
  return (scalarText(scalar) ?? '').replace(/^\s*\$\{\{([\s\S]*)\}\}\s*$/, '$1').trim();
}

function* ifConditions(workflow: Workflow): Generator<{ scalar: Scalar; job: string }> {
  for (const job of jobsOf(workflow)) {
    for (const owner of [job.map, ...stepsOf(job)]) {
      const condition = pairOf(owner, 'if')?.value;
      if (isScalar(condition) && scalarText(condition)) yield { scalar: condition, job: job.id };
    }
  }
}

export function expressionsOf(workflow: Workflow): LocatedExpression[] {
  const found: LocatedExpression[] = [];
  const conditions = new Set<Scalar>();
  for (const { scalar, job } of ifConditions(workflow)) {
    conditions.add(scalar);
    const start = positionAt(workflow, scalar.range?.[0] ?? 0);
    found.push({ text: conditionText(scalar), ...start, condition: true, job });
  }
  const jobOfNode = new Map<unknown, string>();
  for (const job of jobsOf(workflow)) for (const scalar of scalarsIn(job.map)) jobOfNode.set(scalar, job.id);
  for (const scalar of scalarsIn(workflow.document.contents)) {
    if (conditions.has(scalar)) continue;
    for (const expression of expressionsIn(workflow, scalar))
      found.push({
        text: expression.text,
        ...positionAt(workflow, expression.offset),
        condition: false,
        job: jobOfNode.get(scalar),
      });
  }
  return found.sort((a, b) => a.line - b.line || a.column - b.column);
}
