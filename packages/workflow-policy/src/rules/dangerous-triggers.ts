// workflow_run runs in the base repository with its secrets and a write token, after a workflow
// that a fork's pull request could start. It is safe only while it treats the triggering run as
// data: download its artifact through the API, read it (jq, github-script), comment on the pull
// request. It is not safe once it checks out or fetches the triggering head
// (github.event.workflow_run.head_sha / head_branch / head_repository…) or executes anything it
// downloaded: that is the fork's code with the base repository's secrets. (pull_request_target
// is refused outright by pull-request-target; zizmor's dangerous-triggers flags both triggers
// whatever the jobs do.)
import { isScalar } from 'yaml';
import { isCheckoutAction } from '../uses.js';
import type { Rule, Violation } from '../violation.js';
import {
  jobsOf,
  lineOf,
  positionOf,
  scalarText,
  stepsOf,
  triggersOf,
  valueAt,
} from '../workflow-document.js';
import { headReference } from './untrusted-checkout.js';

/** Contexts that name the triggering run's head: its code, not the base repository's. */
const WORKFLOW_RUN_HEAD_CONTEXTS = [
  'github.event.workflow_run.head_sha',
  'github.event.workflow_run.head_branch',
  'github.event.workflow_run.head_commit',
  'github.event.workflow_run.head_repository',
  'github.event.workflow_run.pull_requests',
] as const;

const FETCHES_CODE = /\b(gh\s+pr\s+checkout|git\s+(checkout|switch|fetch|pull|clone|worktree))\b/;
/** Commands that execute what they are pointed at (or the package scripts of the folder they run in). */
const EXECUTES_CODE =
  /(^|[\s;&|(])(npm\s+(ci|install|i|run|test|start|exec|rebuild)|npx|yarn|pnpm|node|deno|bun|python3?|pip3?\s+install|ruby|perl|php|bash|sh|zsh|source|\.\s+\S|make|go\s+(run|build|test|generate)|cargo|mvn|gradle|\.\/[\w.-]|chmod\s+\+x|docker\s+(load|run|compose|build))(?=[\s;&|)]|$)/m;

const WORKSPACE_ROOT = /^(\.\/?|\$\{\{\s*github\.workspace\s*\}\}\/?|\$\{?GITHUB_WORKSPACE\}?\/?)$/;

/** A path as a script would write it: ${{ runner.temp }} → $RUNNER_TEMP, ${NAME} → $NAME. */
function shellPath(text: string): string {
  return text
    .replace(/\$\{\{\s*runner\.temp\s*\}\}/g, '$RUNNER_TEMP')
    .replace(/\$\{\{\s*github\.workspace\s*\}\}/g, '$GITHUB_WORKSPACE')
    .replace(/\$\{(\w+)\}/g, '$$$1');
}

/**
 * Where a step puts a downloaded artifact: 'root' when into the workspace itself (where it can
 * replace checked-out files, so anything run afterwards may be the artifact's), a folder name
 * when into its own folder, undefined when the step downloads nothing.
 */
function downloadTarget(uses: string, step: unknown, script: string): string | undefined {
  if (/^(actions\/download-artifact|dawidd6\/action-download-artifact)@/i.test(uses)) {
    const path = scalarText(valueAt(valueAt(step, 'with'), 'path'))?.trim() ?? '';
    return path === '' || WORKSPACE_ROOT.test(path) ? 'root' : path.replace(/\/+$/, '');
  }
  if (/^actions\/github-script@/i.test(uses)) {
    const code = scalarText(valueAt(valueAt(step, 'with'), 'script')) ?? '';
    return /downloadArtifact|listWorkflowRunArtifacts/.test(code) ? 'root' : undefined;
  }
  const download = /\bgh\s+run\s+download\b[^\n]*|\bunzip\b[^\n]*/.exec(script)?.[0];
  if (!download) return undefined;
  const folder = /\s-(?:D|d)\s+["']?([^\s"']+)/.exec(download)?.[1];
  return folder === undefined || WORKSPACE_ROOT.test(folder) ? 'root' : folder.replace(/\/+$/, '');
}

export const dangerousTriggers: Rule = {
  id: 'dangerous-triggers',
  description:
    "a workflow_run job never checks out or fetches the triggering run's head, and never executes what it downloaded (secrets and a write token meet a fork's code)",
  help: 'Let the workflow_run job only read the triggering run: download its artifact, parse it as data (jq, actions/github-script) and post the result. Build and test the head in the pull_request workflow, which runs without secrets.',
  check(workflow) {
    if (!triggersOf(workflow).has('workflow_run')) return [];
    const violations: Violation[] = [];
    const report = (node: unknown, message: string, line?: number) => {
      const position = positionOf(workflow, node);
      violations.push({
        file: workflow.file,
        ...(line === undefined ? position : { line, column: undefined }),
        rule: this.id,
        message,
      });
    };
    for (const job of jobsOf(workflow)) {
      const downloads: string[] = [];
      for (const step of stepsOf(job)) {
        const usesNode = valueAt(step, 'uses');
        const uses = scalarText(usesNode)?.trim() ?? '';
        const run = valueAt(step, 'run');
        const script = isScalar(run) ? (scalarText(run) ?? '') : '';
        if (uses && isCheckoutAction(uses)) {
          const with_ = valueAt(step, 'with');
          const head =
            headReference(workflow, valueAt(with_, 'ref'), WORKFLOW_RUN_HEAD_CONTEXTS) ??
            headReference(workflow, valueAt(with_, 'repository'), WORKFLOW_RUN_HEAD_CONTEXTS);
          if (head)
            report(
              usesNode,
              `job ${job.id} checks out the triggering run's head (${head.what}) in a workflow_run workflow, which has secrets and a write token; build that code in the pull_request workflow`,
              head.line,
            );
        }
        if (FETCHES_CODE.test(script)) {
          const head =
            headReference(workflow, run, WORKFLOW_RUN_HEAD_CONTEXTS) ??
            headReference(workflow, valueAt(step, 'env'), WORKFLOW_RUN_HEAD_CONTEXTS) ??
            (/\bgh\s+pr\s+checkout\b/.test(script)
              ? { line: lineOf(workflow, run), what: 'gh pr checkout' }
              : undefined);
          if (head)
            report(
              run,
              `job ${job.id} fetches the triggering run's head (${head.what}) in a run: step of a workflow_run workflow; build that code in the pull_request workflow`,
              head.line,
            );
        }
        // A step that downloads and runs (`gh run download … && ./build.sh`) counts too.
        const target = downloadTarget(uses, step, script);
        if (target) downloads.push(target);
        if (downloads.length > 0 && script) {
          const command = EXECUTES_CODE.exec(script);
          const folder = scalarText(valueAt(step, 'working-directory')) ?? '';
          const into = downloads.find(
            (target) =>
              target === 'root' ||
              shellPath(script).includes(shellPath(target)) ||
              shellPath(folder).includes(shellPath(target)),
          );
          if (command && into)
            report(
              run,
              `job ${job.id} runs \`${command[2]?.trim()}\` after an artifact was downloaded ${into === 'root' ? 'into the workspace' : `into ${into}`} in a workflow_run workflow, so it may run the triggering run's code with secrets and a write token; download into its own folder (\${{ runner.temp }}/…) and read it as data only`,
            );
        }
      }
    }
    return violations;
  },
};
