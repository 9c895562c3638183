// A cache is shared between runs: anything that can write one (a job running a pull request's
// code on main's behalf, a compromised dependency in a test job) can leave a poisoned
// node_modules or build cache for the next run to restore. A run that publishes (a release, a
// tag push, an image push, npm publish, a deploy) must build from a clean state, so no cache
// restore belongs in it. Like zizmor's cache-poisoning: publishing is read from the triggers
// (release, push of tags) and from the steps (publishing commands and actions).
import { isMap, isScalar } from 'yaml';
import type { Rule, Violation } from '../violation.js';
import {
  type Job,
  jobsOf,
  pairOf,
  positionOf,
  scalarText,
  stepsOf,
  triggersOf,
  valueAt,
  type Workflow,
} from '../workflow-document.js';

const PUBLISHING_COMMAND =
  /\b(npm\s+publish|yarn\s+(npm\s+)?publish|pnpm\s+publish|docker\s+(image\s+)?push|docker\s+buildx\s+build\b[^\n]*--push|gh\s+release\s+(create|upload)|cargo\s+publish|twine\s+upload|goreleaser\s+release|oras\s+push|crane\s+(push|copy)|skopeo\s+copy)\b/;
const PUBLISHING_ACTION =
  /^(softprops\/action-gh-release|ncipollo\/release-action|pypa\/gh-action-pypi-publish|actions\/deploy-pages|peaceiris\/actions-gh-pages|jamesives\/github-pages-deploy-action|goreleaser\/goreleaser-action|changesets\/action)@/i;

/** How a cache-aware action is told to restore: always, or through an input and its default. */
interface CacheAware {
  uses: RegExp;
  /** The input that turns the cache on; undefined: the action always restores. */
  input?: string;
  /** True when the cache is on unless the input turns it off. */
  onByDefault?: boolean;
}

const CACHE_AWARE: readonly CacheAware[] = [
  { uses: /^actions\/cache(\/restore)?@/i },
  { uses: /^actions\/setup-node@/i, input: 'cache' },
  { uses: /^actions\/setup-python@/i, input: 'cache' },
  { uses: /^actions\/setup-java@/i, input: 'cache' },
  { uses: /^actions\/setup-go@/i, input: 'cache', onByDefault: true },
  { uses: /^astral-sh\/setup-uv@/i, input: 'enable-cache' },
  { uses: /^docker\/build-push-action@/i, input: 'cache-from' },
  // This repository's own setup action caches npm deps and FHE keys unless told not to.
  { uses: /^\.\/actions\/setup-vault\/?$/, input: 'cache', onByDefault: true },
];

/** The cache input's state: on (with the text that turned it on) or off. */
function cacheUse(step: unknown): { node: unknown; what: string } | undefined {
  const usesNode = valueAt(step, 'uses');
  const uses = scalarText(usesNode)?.trim() ?? '';
  const aware = CACHE_AWARE.find((entry) => entry.uses.test(uses));
  if (!aware) return undefined;
  const name = uses.replace(/@.*$/, '');
  if (!aware.input) return { node: usesNode, what: name };
  const setting = valueAt(valueAt(step, 'with'), aware.input);
  const value = scalarText(setting)?.trim();
  if (value === undefined)
    return aware.onByDefault ? { node: usesNode, what: `${name} (caches by default)` } : undefined;
  if (value === '' || value === 'false') return undefined;
  return { node: setting, what: `${name} with ${aware.input}: ${value}` };
}

/** Why the workflow as a whole publishes (its triggers), or undefined. */
function publishingTrigger(workflow: Workflow): string | undefined {
  const triggers = triggersOf(workflow);
  if (triggers.has('release')) return 'it runs on release';
  const push = pairOf(valueAt(workflow.document.contents, 'on'), 'push');
  if (push && isMap(push.value) && (pairOf(push.value, 'tags') || pairOf(push.value, 'tags-ignore')))
    return 'it runs on tag pushes';
  return undefined;
}

/** Why one job publishes (a step that pushes or releases), or undefined. */
function publishingStep(job: Job): string | undefined {
  for (const step of stepsOf(job)) {
    const uses = scalarText(valueAt(step, 'uses'))?.trim() ?? '';
    if (PUBLISHING_ACTION.test(uses)) return `it uses ${uses.replace(/@.*$/, '')}`;
    if (
      /^docker\/build-push-action@/i.test(uses) &&
      scalarText(valueAt(valueAt(step, 'with'), 'push')) === 'true'
    )
      return 'it pushes an image (docker/build-push-action push: true)';
    const run = valueAt(step, 'run');
    const command = isScalar(run) ? PUBLISHING_COMMAND.exec(scalarText(run) ?? '') : null;
    if (command) return `it runs ${command[0].replace(/\s+/g, ' ')}`;
  }
  return undefined;
}

export const cachePoisoning: Rule = {
  id: 'cache-poisoning',
  description:
    'a workflow or job that publishes (release, tag push, image push, npm publish, deploy) restores no cache another run could have written',
  help: "Build what you publish from a clean state: remove actions/cache and set the setup action's cache off (cache: '' for setup-node, cache: false for setup-vault and setup-go) in publishing jobs; keep caches for test jobs.",
  check(workflow) {
    const violations: Violation[] = [];
    const byTrigger = publishingTrigger(workflow);
    for (const job of jobsOf(workflow)) {
      const why = byTrigger ?? publishingStep(job);
      if (!why) continue;
      for (const step of stepsOf(job)) {
        const cache = cacheUse(step);
        if (!cache) continue;
        violations.push({
          file: workflow.file,
          ...positionOf(workflow, cache.node),
          rule: this.id,
          message: `job ${job.id} publishes (${why}) but restores a cache through ${cache.what}, which other runs can write; turn the cache off in publishing jobs`,
        });
      }
    }
    return violations;
  },
};
