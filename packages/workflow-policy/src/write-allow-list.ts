// Which job may hold which write scope. Everything not listed gets read or none. "Needed" is
// defined narrowly: any workflow may grant pull-requests (a job that comments on the pull
// request) and id-token (a job that requests an OIDC token); the publishing scopes (contents,
// packages, attestations) only the release workflow may grant, because it runs on a maintainer's
// tag or button, never on a pull request. Each grant names the workflow file, the job and the
// reason.
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

/** The one workflow file that may publish (.github/workflows/release.yml). */
const RELEASE_WORKFLOW = 'release.yml';

/** Scopes only RELEASE_WORKFLOW's jobs may be granted, with what each is for. */
const RELEASE_WRITE_SCOPES: Readonly<Record<string, string>> = {
  contents: 'the GitHub release and the moved major tag',
  packages: 'pushing the image to GHCR',
  attestations: 'storing the build provenance attestation',
};

/** Whether `scope` may be granted at all in workflow `file` (a base name, e.g. ci.yml). */
function isGrantableWriteScope(file: string, scope: string): boolean {
  return scope in GRANTABLE_WRITE_SCOPES || (file === RELEASE_WORKFLOW && scope in RELEASE_WRITE_SCOPES);
}

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
        if (!isGrantableWriteScope(file, scope)) {
          const described = (scopes: Readonly<Record<string, string>>) =>
            Object.entries(scopes)
              .map(([name, use]) => `${name} (${use})`)
              .join(', ');
          throw new Error(
            `${source}: write-permissions.${file}.${job}.${scope}: ${scope} is not a write scope this policy grants; only ${described(GRANTABLE_WRITE_SCOPES)}, and to ${RELEASE_WORKFLOW}'s jobs ${described(RELEASE_WRITE_SCOPES)}`,
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
