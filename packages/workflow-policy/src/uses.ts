// `uses:` references of a workflow: steps' actions and jobs' reusable workflows.
import { isScalar, type Scalar, type YAMLMap } from 'yaml';
import { type Job, jobsOf, stepsOf, valueAt, type Workflow } from './workflow-document.js';

export interface UsesReference {
  job: Job;
  /** The step's mapping; undefined for a job-level `uses:` (a reusable workflow call). */
  step: YAMLMap | undefined;
  node: Scalar;
  value: string;
}

export function usesReferences(workflow: Workflow): UsesReference[] {
  const references: UsesReference[] = [];
  for (const job of jobsOf(workflow)) {
    const jobUses = valueAt(job.map, 'uses');
    if (isScalar(jobUses))
      references.push({ job, step: undefined, node: jobUses, value: String(jobUses.value) });
    for (const step of stepsOf(job)) {
      const uses = valueAt(step, 'uses');
      if (isScalar(uses)) references.push({ job, step, node: uses, value: String(uses.value) });
    }
  }
  return references;
}

/** `./path` (this repository at the same commit): nothing to pin. */
export function isLocalReference(uses: string): boolean {
  return uses.startsWith('./');
}

export function isCheckoutAction(uses: string): boolean {
  return /^actions\/checkout@/i.test(uses.trim());
}

const COMMIT_PIN = /^[\w.-]+\/[^@\s]+@[0-9a-fA-F]{40}$/;
const DIGEST_PIN = /^docker:\/\/[^@\s]+@sha256:[0-9a-f]{64}$/;

/** owner/repo[/path]@<40 hex> or docker://image@sha256:<64 hex>: immutable references. */
export function isPinnedReference(uses: string): boolean {
  return COMMIT_PIN.test(uses) || DIGEST_PIN.test(uses);
}
