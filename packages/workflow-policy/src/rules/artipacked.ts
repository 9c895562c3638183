// zizmor's artipacked, in the wider sense: an artifact is readable by anyone who can read the
// run (on a public repository: anyone), so an upload must not be able to pick up the checkout's
// .git (a persisted token in .git/config, the full history) or credential files. Uploading the
// workspace, a home directory or a `**` glob can, and so can include-hidden-files: true.
import { isScalar } from 'yaml';
import { usesReferences } from '../uses.js';
import type { Rule, Violation } from '../violation.js';
import { positionOf, scalarText, valueAt } from '../workflow-document.js';

/** Paths that are (or may be) the whole workspace or a home directory. */
const WHOLE_TREE =
  /^(\.\/?|\*|\*\*(\/\*)?|\/|~\/?|\$\{?HOME\}?\/?|\$\{\{\s*github\.workspace\s*\}\}\/?|\$\{\{\s*runner\.temp\s*\}\}\/?)$/i;
/** A path segment or file that holds a credential. */
const CREDENTIAL_FILE =
  /(^|\/)(\.git|\.git\/.*|\.npmrc|\.yarnrc\.yml|\.pypirc|\.netrc|\.docker|\.ssh|\.aws|\.kube|\.gnupg|\.env(\..*)?|id_(rsa|ed25519|ecdsa)|[^/]*\.(pem|key|p12|pfx))$/i;

function isUploadArtifact(uses: string): boolean {
  return /^actions\/upload-artifact@/i.test(uses.trim());
}

export const artipacked: Rule = {
  id: 'artipacked',
  description:
    'actions/upload-artifact never uploads a path that can hold .git or credentials (the workspace, a home directory, **, include-hidden-files: true, .npmrc, keys)',
  help: 'Upload the one directory or file the next job needs (coverage/, dist/app.tar.gz); keep include-hidden-files off, and keep checkout at persist-credentials: false so .git/config holds no token.',
  check(workflow) {
    const violations: Violation[] = [];
    for (const reference of usesReferences(workflow)) {
      if (!reference.step || !isUploadArtifact(reference.value)) continue;
      const with_ = valueAt(reference.step, 'with');
      const report = (node: unknown, what: string) =>
        violations.push({
          file: workflow.file,
          ...positionOf(workflow, node),
          rule: this.id,
          message: `upload-artifact in job ${reference.job.id} ${what}; upload only the files the next job needs`,
        });
      const path = valueAt(with_, 'path');
      const lines = (isScalar(path) ? (scalarText(path) ?? '') : '')
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line !== '' && !line.startsWith('!'));
      for (const line of lines) {
        if (WHOLE_TREE.test(line))
          report(path, `uploads ${line}, which holds .git (and a persisted token) and any credential file`);
        else if (CREDENTIAL_FILE.test(line.replace(/\/+$/, '')))
          report(path, `uploads ${line}, a credential file or the git directory`);
      }
      const hidden = valueAt(with_, 'include-hidden-files');
      if (scalarText(hidden) === 'true')
        report(hidden, 'sets include-hidden-files: true, which brings back .git, .npmrc and other dot files');
    }
    return violations;
  },
};
