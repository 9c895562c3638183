// Which job may hold which write scope. Everything not listed gets read or none. "Needed" is
// defined narrowly: the only scopes this file may grant at all are pull-requests (a job that
// comments on the pull request) and id-token (a job that requests an OIDC token); each grant
// names the workflow file, the job and the reason.
//
//   # .github/workflow-policy.yml
//   write-permissions:
//     ci.yml:
//       coverage-report:
//         pull-requests: sticky coverage comment
import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { isMap, isScalar, parseDocument } from 'yaml';

export const GRANTABLE_WRITE_SCOPES: Readonly<Record<string, string>> = {
  'pull-requests': 'a job that comments on the pull request',
  'id-token': 'a job that requests an OIDC token',
};

/** workflow file name (ci.yml) → job id → scope → reason. */
export type WriteAllowList = Map<string, Map<string, Map<string, string>>>;

export function emptyWriteAllowList(): WriteAllowList {
  return new Map();
}

export function allowedWriteScopes(allowList: WriteAllowList, workflowFile: string, jobId: string) {
  return allowList.get(basename(workflowFile))?.get(jobId) ?? new Map<string, string>();
}

export function parseWriteAllowList(text: string, source: string): WriteAllowList {
  const document = parseDocument(text);
  if (document.errors.length > 0) throw new Error(`${source}: ${document.errors[0]?.message}`);
  const allowList: WriteAllowList = new Map();
  const root = document.contents;
  if (root === null) return allowList;
  const grants = isMap(root) ? root.get('write-permissions', true) : undefined;
  if (grants === undefined) return allowList;
  if (!isMap(grants)) throw new Error(`${source}: write-permissions must map workflow files to jobs`);
  for (const filePair of grants.items) {
    const file = String(isScalar(filePair.key) ? filePair.key.value : filePair.key);
    if (!isMap(filePair.value))
      throw new Error(`${source}: write-permissions.${file} must map job ids to scopes`);
    const jobs = new Map<string, Map<string, string>>();
    for (const jobPair of filePair.value.items) {
      const job = String(isScalar(jobPair.key) ? jobPair.key.value : jobPair.key);
      if (!isMap(jobPair.value))
        throw new Error(`${source}: write-permissions.${file}.${job} must map scopes to reasons`);
      const scopes = new Map<string, string>();
      for (const scopePair of jobPair.value.items) {
        const scope = String(isScalar(scopePair.key) ? scopePair.key.value : scopePair.key);
        const reason = isScalar(scopePair.value) ? String(scopePair.value.value ?? '').trim() : '';
        if (!(scope in GRANTABLE_WRITE_SCOPES)) {
          const grantable = Object.entries(GRANTABLE_WRITE_SCOPES)
            .map(([name, use]) => `${name} (${use})`)
            .join(', ');
          throw new Error(
            `${source}: write-permissions.${file}.${job}.${scope}: ${scope} is not a write scope this policy grants; only ${grantable}`,
          );
        }
        if (reason === '')
          throw new Error(
            `${source}: write-permissions.${file}.${job}.${scope} needs a reason (a short sentence)`,
          );
        scopes.set(scope, reason);
      }
      jobs.set(job, scopes);
    }
    allowList.set(file, jobs);
  }
  return allowList;
}

/** The allow-list at `path`; an absent file grants nothing. */
export function loadWriteAllowList(path: string): WriteAllowList {
  return existsSync(path) ? parseWriteAllowList(readFileSync(path, 'utf8'), path) : emptyWriteAllowList();
}
