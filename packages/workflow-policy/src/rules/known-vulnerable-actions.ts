// Actions with a published advisory, from the list committed in advisories.json (offline: no
// API call). A pin is matched by its commit (an advisory's known-bad SHAs) and by the version
// it names: the tag of a `@v45` reference, or the comment of a SHA pin (`@<sha> # v45.0.7`).
import { type Advisory, committedAdvisories } from '../advisories.js';
import { isLocalReference, usesReferences } from '../uses.js';
import { parseVersion, rangeContains, versionOfComment } from '../versions.js';
import type { Rule, Violation } from '../violation.js';
import { positionOf } from '../workflow-document.js';

/** owner/repo[/path] and the ref of a `uses:` value, the action lower-cased. */
export function splitUses(uses: string): { action: string; ref: string } | undefined {
  const at = uses.lastIndexOf('@');
  if (at <= 0 || uses.startsWith('docker://')) return undefined;
  return { action: uses.slice(0, at).trim().toLowerCase(), ref: uses.slice(at + 1).trim() };
}

/** The advisories a given action/ref/comment falls under. */
function matchingAdvisories(
  advisories: readonly Advisory[],
  action: string,
  ref: string,
  comment: string | null | undefined,
): { advisory: Advisory; because: string }[] {
  const sha = /^[0-9a-f]{40}$/i.test(ref) ? ref.toLowerCase() : undefined;
  const version = sha ? versionOfComment(comment) : parseVersion(ref);
  const found: { advisory: Advisory; because: string }[] = [];
  for (const advisory of advisories) {
    if (advisory.action !== action) continue;
    if (sha && advisory.commits.includes(sha))
      found.push({ advisory, because: `commit ${sha.slice(0, 12)}` });
    else if (version && advisory.affected.some((range) => rangeContains(range, version)))
      found.push({ advisory, because: `version ${version.text}` });
  }
  return found;
}

export const knownVulnerableActions: Rule = {
  id: 'known-vulnerable-actions',
  description:
    'no uses: of an action version or commit that a GitHub advisory in advisories.json names (checked offline against the pin and its version comment)',
  help: 'Move the pin to the fixed release named in the finding (its full commit SHA with the version in a comment), and if the advisory is a secret leak, rotate the secrets the job could read.',
  check(workflow) {
    const violations: Violation[] = [];
    const advisories = committedAdvisories();
    for (const reference of usesReferences(workflow)) {
      if (isLocalReference(reference.value)) continue;
      const parts = splitUses(reference.value);
      if (!parts) continue;
      for (const { advisory, because } of matchingAdvisories(
        advisories,
        parts.action,
        parts.ref,
        reference.node.comment,
      )) {
        const fix = advisory.fixed
          ? `pin ${advisory.fixed} or later (its commit SHA, # v${advisory.fixed.replace(/^v/, '')})`
          : 'pin a commit the advisory does not name';
        violations.push({
          file: workflow.file,
          ...positionOf(workflow, reference.node),
          rule: this.id,
          message: `${parts.action} (${because}, job ${reference.job.id}) is affected by ${advisory.id}: ${advisory.summary}; ${fix} (${advisory.url})`,
        });
      }
    }
    return violations;
  },
};
