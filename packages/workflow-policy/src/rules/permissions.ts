// Least privilege for GITHUB_TOKEN. Without a top-level permissions: key every job gets the
// repository's default token (often read/write on everything). Write scopes are granted per job,
// only where .github/workflow-policy.yml lists that job, scope and a reason.
import { isMap, isScalar } from 'yaml';
import type { Rule, Violation } from '../violation.js';
import { jobsOf, lineOf, pairOf, scalarText } from '../workflow-document.js';
import { allowedWriteScopes, GRANTABLE_WRITE_SCOPES } from '../write-allow-list.js';

export const missingPermissions: Rule = {
  id: 'missing-permissions',
  description:
    'the workflow sets permissions: at the top (e.g. contents: read); jobs widen it only as allowed',
  check(workflow) {
    if (pairOf(workflow.document.contents, 'permissions')) return [];
    return [
      {
        file: workflow.file,
        line: 1,
        rule: this.id,
        message:
          'no top-level permissions:, so every job gets the repository default token; add `permissions: contents: read`',
      },
    ];
  },
};

function writeGrants(value: unknown): { scope: string; node: unknown }[] {
  if (isScalar(value)) return scalarText(value) === 'write-all' ? [{ scope: 'write-all', node: value }] : [];
  if (!isMap(value)) return [];
  return value.items
    .filter((pair) => isScalar(pair.value) && scalarText(pair.value) === 'write')
    .map((pair) => ({ scope: String(isScalar(pair.key) ? pair.key.value : pair.key), node: pair.key }));
}

export const excessWritePermission: Rule = {
  id: 'excess-write-permission',
  description:
    'write scopes only on jobs listed in .github/workflow-policy.yml, and only pull-requests (comments) or id-token (OIDC); never at the top',
  check(workflow, context) {
    const violations: Violation[] = [];
    const report = (node: unknown, message: string) =>
      violations.push({ file: workflow.file, line: lineOf(workflow, node), rule: this.id, message });
    for (const grant of writeGrants(pairOf(workflow.document.contents, 'permissions')?.value)) {
      report(
        grant.node,
        `top-level permissions grant ${grant.scope === 'write-all' ? 'write-all' : `${grant.scope}: write`} to every job; keep the top at read and grant write on the one job that needs it`,
      );
    }
    for (const job of jobsOf(workflow)) {
      const allowed = allowedWriteScopes(context.writeAllowList, workflow.file, job.id);
      for (const grant of writeGrants(pairOf(job.map, 'permissions')?.value)) {
        if (allowed.has(grant.scope)) continue;
        const grantable = Object.keys(GRANTABLE_WRITE_SCOPES).join(' or ');
        report(
          grant.node,
          grant.scope === 'write-all'
            ? `job ${job.id} grants write-all; list the scopes it needs`
            : grant.scope in GRANTABLE_WRITE_SCOPES
              ? `job ${job.id} grants ${grant.scope}: write but .github/workflow-policy.yml does not list it for this job; add it there with the reason, or drop the grant`
              : `job ${job.id} grants ${grant.scope}: write; no job of this repository needs it (only ${grantable}, each listed in .github/workflow-policy.yml)`,
        );
      }
    }
    return violations;
  },
};
