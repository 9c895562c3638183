// pull_request_target runs in the base repository's trusted context (secrets, a write token).
// Checking out the pull request's head there runs a stranger's code with them. (workflow_run,
// the other trigger of that kind, is dangerous-triggers' concern, with its own head contexts.)
import { isScalar } from 'yaml';
import { expressionsIn, firstContextRead } from '../expressions.js';
import { isCheckoutAction } from '../uses.js';
import type { Rule, Violation } from '../violation.js';
import {
  jobsOf,
  lineAtOffset,
  lineOf,
  scalarsIn,
  scalarText,
  stepsOf,
  triggersOf,
  valueAt,
  type Workflow,
} from '../workflow-document.js';

const PRIVILEGED_TRIGGERS = ['pull_request_target'];

/** Contexts that name the pull request's head (its code, not the base's). */
const PULL_REQUEST_HEAD_CONTEXTS = [
  'github.event.pull_request.head',
  'github.event.pull_request.merge_commit_sha',
  'github.event.pull_request.number',
  'github.event.number',
  'github.head_ref',
] as const;

const FETCHES_CODE = /\b(gh\s+pr\s+checkout|git\s+(checkout|switch|fetch|pull|clone|worktree))\b/;

/** The first place under `node` that names a head: one of `contexts`, or a refs/pull/… ref. */
export function headReference(
  workflow: Workflow,
  node: unknown,
  contexts: readonly string[] = PULL_REQUEST_HEAD_CONTEXTS,
): { line: number; what: string } | undefined {
  for (const scalar of scalarsIn(node)) {
    for (const expression of expressionsIn(workflow, scalar)) {
      const context = firstContextRead(expression.text, contexts);
      if (context) return { line: lineAtOffset(workflow, expression.offset), what: context };
    }
    const text = scalarText(scalar) ?? '';
    if (text.includes('refs/pull/')) return { line: lineOf(workflow, scalar), what: 'refs/pull/…' };
  }
  return undefined;
}

export const untrustedCheckout: Rule = {
  id: 'untrusted-checkout',
  description:
    'pull_request_target must not check out the pull request head (untrusted code with secrets and a write token)',
  check(workflow) {
    const triggers = triggersOf(workflow);
    const privileged = PRIVILEGED_TRIGGERS.filter((name) => triggers.has(name));
    if (privileged.length === 0) return [];
    const violations: Violation[] = [];
    const report = (line: number, message: string) =>
      violations.push({ file: workflow.file, line, rule: this.id, message });
    for (const job of jobsOf(workflow)) {
      for (const step of stepsOf(job)) {
        const uses = scalarText(valueAt(step, 'uses'));
        if (uses && isCheckoutAction(uses)) {
          const with_ = valueAt(step, 'with');
          const found =
            headReference(workflow, valueAt(with_, 'ref')) ??
            headReference(workflow, valueAt(with_, 'repository'));
          if (found)
            report(
              found.line,
              `job ${job.id} checks out the pull request head (${found.what}) in a ${privileged.join('/')} workflow, which runs with secrets and a write token; build untrusted code in a pull_request workflow`,
            );
        }
        const run = valueAt(step, 'run');
        if (isScalar(run) && FETCHES_CODE.test(scalarText(run) ?? '')) {
          const fromEnv = headReference(workflow, valueAt(step, 'env'));
          const inRun = headReference(workflow, run);
          const gh = /\bgh\s+pr\s+checkout\b/.test(scalarText(run) ?? '');
          const found =
            inRun ?? fromEnv ?? (gh ? { line: lineOf(workflow, run), what: 'gh pr checkout' } : undefined);
          if (found)
            report(
              found.line,
              `job ${job.id} fetches the pull request head (${found.what}) in a run: step of a ${privileged.join('/')} workflow; build untrusted code in a pull_request workflow`,
            );
        }
      }
    }
    return violations;
  },
};
