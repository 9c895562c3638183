// The workflow policy of ACTIONS.md as rules over parsed workflows; each finding names the file,
// the line, the rule and what to do.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { missingVersionComment, unpinnedAction } from './rules/action-pinning.js';
import { artipacked } from './rules/artipacked.js';
import { botConditions } from './rules/bot-conditions.js';
import { cachePoisoning } from './rules/cache-poisoning.js';
import { checkoutPersistsCredentials } from './rules/checkout-credentials.js';
import { conditionAlwaysTrue } from './rules/condition-always-true.js';
import { dangerousTriggers } from './rules/dangerous-triggers.js';
import { excessivePermissions } from './rules/excessive-permissions.js';
import { expressionInRun } from './rules/expression-in-run.js';
import { githubEnv } from './rules/github-env.js';
import { knownVulnerableActions } from './rules/known-vulnerable-actions.js';
import { excessWritePermission, missingPermissions } from './rules/permissions.js';
import { prRunsOnSelfHosted } from './rules/pr-runs-on-self-hosted.js';
import { pullRequestTarget } from './rules/pull-request-target.js';
import { refVersionMismatch } from './rules/ref-version-mismatch.js';
import { secretsInPullRequestJob } from './rules/secrets-in-pull-request-job.js';
import { unpinnedImages } from './rules/unpinned-images.js';
import { unsoundContains } from './rules/unsound-contains.js';
import { untrustedCheckout } from './rules/untrusted-checkout.js';
import { secretsInherit, toJsonSecrets } from './rules/wholesale-secrets.js';
import type { Rule, RuleContext, Violation } from './violation.js';
import { parseWorkflow, type Workflow } from './workflow-document.js';
import { emptyWriteAllowList } from './write-allow-list.js';

export const RULES: readonly Rule[] = [
  pullRequestTarget,
  untrustedCheckout,
  expressionInRun,
  unpinnedAction,
  missingVersionComment,
  missingPermissions,
  excessWritePermission,
  secretsInPullRequestJob,
  secretsInherit,
  toJsonSecrets,
  checkoutPersistsCredentials,
  conditionAlwaysTrue,
  prRunsOnSelfHosted,
  // The parity rules of issue #18 (zizmor / poutine), in the order of the issue.
  dangerousTriggers,
  githubEnv,
  unpinnedImages,
  cachePoisoning,
  artipacked,
  botConditions,
  unsoundContains,
  excessivePermissions,
  knownVulnerableActions,
  refVersionMismatch,
];

export function checkWorkflow(workflow: Workflow, context?: Partial<RuleContext>): Violation[] {
  const full: RuleContext = {
    writeAllowList: context?.writeAllowList ?? emptyWriteAllowList(),
    workflows: context?.workflows ?? [workflow],
  };
  const syntax = workflow.document.errors.map((error) => ({
    file: workflow.file,
    line: error.linePos?.[0].line ?? 1,
    rule: 'yaml-syntax',
    message: error.message.split('\n')[0] ?? error.code,
  }));
  if (syntax.length > 0) return syntax;
  return RULES.flatMap((rule) => rule.check(workflow, full)).sort(
    (a, b) => a.line - b.line || a.rule.localeCompare(b.rule),
  );
}

/** Parses and checks one workflow's text; `file` is the path the report names. */
export function checkWorkflowText(file: string, text: string, context?: Partial<RuleContext>): Violation[] {
  return checkWorkflow(parseWorkflow(file, text), context);
}

/** The *.yml / *.yaml files of a workflows folder, sorted, as paths under `dir`. */
export function listWorkflowFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => join(dir, name));
}

export function readWorkflow(path: string): Workflow {
  return parseWorkflow(path, readFileSync(path, 'utf8'));
}
