// A job without its own permissions: gets the workflow's. Scopes set at the top for one job's
// sake (pull-requests, actions, id-token…, or read-all) then reach every other job, including
// ones that run third-party code. Offline we cannot tell which scopes a job's steps use, so the
// rule asks for the narrowest statement that can be checked: the top grants contents: read (or
// nothing) and every job that needs more says so itself. read-all is never needed.
import { isMap, isScalar } from 'yaml';
import type { Rule, Violation } from '../violation.js';
import { jobsOf, pairOf, positionOf, scalarText } from '../workflow-document.js';

/** What every job may inherit: reading the code. */
const BASELINE = new Set(['contents:read', 'metadata:read']);

/** The scopes a permissions: value grants beyond the baseline, as `scope: level` text. */
function beyondBaseline(value: unknown): string[] {
  if (isScalar(value)) {
    const text = scalarText(value) ?? '';
    return text === 'read-all' || text === 'write-all' ? [text] : [];
  }
  if (!isMap(value)) return [];
  const grants: string[] = [];
  for (const pair of value.items) {
    const scope = isScalar(pair.key) ? String(pair.key.value) : '?';
    const level = isScalar(pair.value) ? (scalarText(pair.value) ?? '') : '';
    if (level === 'none' || BASELINE.has(`${scope}:${level}`)) continue;
    grants.push(`${scope}: ${level}`);
  }
  return grants;
}

export const excessivePermissions: Rule = {
  id: 'excessive-permissions',
  description:
    'a job does not inherit workflow permissions broader than contents: read (scopes one job needs go on that job), and nothing grants read-all',
  help: 'Keep the workflow-level permissions at contents: read (or {}), give each job that needs more its own permissions: block with just those scopes, and list scopes instead of read-all.',
  check(workflow) {
    const violations: Violation[] = [];
    const top = pairOf(workflow.document.contents, 'permissions');
    const inherited = beyondBaseline(top?.value);
    for (const job of jobsOf(workflow)) {
      const own = pairOf(job.map, 'permissions');
      if (own) {
        if (scalarText(own.value) === 'read-all')
          violations.push({
            file: workflow.file,
            ...positionOf(workflow, own.value),
            rule: this.id,
            message: `job ${job.id} grants read-all, which reads every scope (actions, packages, security events…); list the scopes it reads`,
          });
        continue;
      }
      // A called reusable workflow gets the caller job's permissions as its ceiling, so it counts.
      if (inherited.length === 0) continue;
      violations.push({
        file: workflow.file,
        ...positionOf(workflow, job.key),
        rule: this.id,
        message: `job ${job.id} inherits the workflow's ${inherited.join(', ')} without saying it needs them; keep the top at contents: read and give the job its own permissions: with the scopes it uses`,
      });
    }
    return violations;
  },
};
