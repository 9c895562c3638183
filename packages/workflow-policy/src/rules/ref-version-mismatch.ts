// The offline part of zizmor's impostor-commit and ref-version-mismatch: a SHA pin's comment is
// the only readable claim of what the SHA is. Two different SHAs of one action under the same
// version comment (in any of the workflows checked together) cannot both be that release: one
// was mis-copied, or is a commit from a fork's network posing as the release. One SHA under two
// versions that cannot name the same commit (v4.2.2 and v5.0.0) is the same doubt.
// (That the comment names a version at all is missing-version-comment's check.)
import { isPinnedReference, type UsesReference, usesReferences } from '../uses.js';
import { compareVersions, type Version, versionOfComment, versionsCompatible } from '../versions.js';
import type { Rule, Violation } from '../violation.js';
import { lineOf, positionOf, type Workflow } from '../workflow-document.js';
import { splitUses } from './known-vulnerable-actions.js';

interface Pin {
  workflow: Workflow;
  reference: UsesReference;
  action: string;
  sha: string;
  version: Version;
}

function pinsOf(workflow: Workflow): Pin[] {
  const pins: Pin[] = [];
  for (const reference of usesReferences(workflow)) {
    if (!isPinnedReference(reference.value) || reference.value.startsWith('docker://')) continue;
    const parts = splitUses(reference.value);
    const version = versionOfComment(reference.node.comment);
    if (parts && version)
      pins.push({ workflow, reference, action: parts.action, sha: parts.ref.toLowerCase(), version });
  }
  return pins;
}

const sameVersion = (a: Version, b: Version) => a.written === b.written && compareVersions(a, b) === 0;

const where = (pin: Pin) => `${pin.workflow.file}:${lineOf(pin.workflow, pin.reference.node)}`;

export const refVersionMismatch: Rule = {
  id: 'ref-version-mismatch',
  description:
    'one action pinned to two different SHAs under the same version comment (or one SHA under two incompatible versions), across all workflows',
  help: 'Resolve the release tag once (git ls-remote https://github.com/OWNER/REPO refs/tags/vX.Y.Z^{}) and pin that SHA with that comment everywhere; a SHA that no tag of the action names may be an impostor commit from a fork.',
  check(workflow, context) {
    const others = context.workflows.filter((other) => other !== workflow).flatMap(pinsOf);
    const own = pinsOf(workflow);
    const all = [...own, ...others];
    const violations: Violation[] = [];
    for (const pin of own) {
      const conflict = all.find(
        (other) =>
          other !== pin &&
          other.action === pin.action &&
          ((other.sha !== pin.sha && sameVersion(other.version, pin.version)) ||
            (other.sha === pin.sha && !versionsCompatible(other.version, pin.version))),
      );
      if (!conflict) continue;
      const claim =
        conflict.sha !== pin.sha
          ? `${pin.sha.slice(0, 12)} here and ${conflict.sha.slice(0, 12)} at ${where(conflict)} are both commented ${pin.version.text}`
          : `the same commit ${pin.sha.slice(0, 12)} is commented ${pin.version.text} here and ${conflict.version.text} at ${where(conflict)}`;
      violations.push({
        file: workflow.file,
        ...positionOf(workflow, pin.reference.node),
        rule: this.id,
        message: `${pin.action}: ${claim}; at most one is that release: resolve the tag again and pin the same SHA and comment everywhere`,
      });
    }
    return violations;
  },
};
