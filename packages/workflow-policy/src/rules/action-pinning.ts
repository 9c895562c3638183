// A tag or branch can be moved to other code after review; a commit SHA cannot. The version
// comment keeps the pin readable and lets update tools (Dependabot, Renovate) bump it.
import { isLocalReference, isPinnedReference, usesReferences } from '../uses.js';
import type { Rule, Violation } from '../violation.js';
import { lineOf } from '../workflow-document.js';

const VERSION_COMMENT = /^\s*v?\d+(\.\d+)*([-+][\w.-]+)?(\s|$)/;

export const unpinnedAction: Rule = {
  id: 'unpinned-action',
  description:
    'every uses: outside this repository is pinned to a 40-hex commit SHA (docker:// to a sha256 digest)',
  check(workflow) {
    const violations: Violation[] = [];
    for (const reference of usesReferences(workflow)) {
      if (isLocalReference(reference.value) || isPinnedReference(reference.value)) continue;
      const fix = reference.value.startsWith('docker://')
        ? 'pin the image by digest: docker://image@sha256:<64 hex> # tag'
        : 'pin the full 40-hex commit SHA of the release: owner/repo@<sha> # vX.Y.Z';
      violations.push({
        file: workflow.file,
        line: lineOf(workflow, reference.node),
        rule: this.id,
        message: `uses: ${reference.value} (job ${reference.job.id}) is a movable reference; ${fix}`,
      });
    }
    return violations;
  },
};

export const missingVersionComment: Rule = {
  id: 'missing-version-comment',
  description: 'a pinned uses: carries the version it pins as a comment on the same line (# vX.Y.Z)',
  check(workflow) {
    const violations: Violation[] = [];
    for (const reference of usesReferences(workflow)) {
      if (!isPinnedReference(reference.value)) continue;
      if (VERSION_COMMENT.test(reference.node.comment ?? '')) continue;
      violations.push({
        file: workflow.file,
        line: lineOf(workflow, reference.node),
        rule: this.id,
        message: `uses: ${reference.value} (job ${reference.job.id}) has no version comment; add the tag it pins on the same line, e.g. # v1.2.3`,
      });
    }
    return violations;
  },
};
