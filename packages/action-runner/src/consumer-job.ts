// Runs one job of a workflow file the way the runner does, step by step: `uses:` steps through
// the action runner harness (each action's committed bundle, from the folder the runner would
// have downloaded), `run:` steps in bash, `${{ }}` in `with:`/`env:` filled from earlier steps'
// outputs, GITHUB_ENV and GITHUB_PATH carried to later steps, steps after a failure skipped
// unless their `if:` says otherwise, and the post steps run last in reverse order. Expressions
// go through GitHub's engine, as in repository-jobs.ts (the runner of this repository's own
// jobs); this one differs where a client repository does: actions come from another
// repository's downloaded files, the workspace is the client's clone, and every step's log,
// outputs and masks are kept for the test to read. Any other third-party action is an error,
// so a workflow this cannot run faithfully is never run half-right.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { parse } from 'yaml';
import { type ActionRunResult, readActionMetadata, runAction, runnerEnvironment } from './action-runner.js';
import { parseFileCommands, parsePathFile } from './file-commands.js';
import { type ExpressionContexts, evaluateCondition, evaluateTemplate } from './workflow-expressions.js';

interface WorkflowStep {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
  if?: string;
  'working-directory'?: string;
}

export interface WorkflowJobOptions {
  workflowFile: string;
  /** Default: the only job. */
  job?: string;
  /**
   * `owner/repo` → the folder holding that repository's files at the pinned commit, as the
   * runner downloads it for `uses: owner/repo/path@sha`.
   */
  actionRepositories: Record<string, string>;
  /** The git repository actions/checkout clones into the workspace. */
  checkoutFrom: string;
  /** Over the runner's environment for every step, e.g. DOCKER_HOST, GITHUB_REPOSITORY. */
  env?: Record<string, string>;
  /** Per step; default 300 s. */
  stepTimeoutMs?: number;
}

export interface StepRun {
  /** The step's id, else its name, else what it uses or runs. */
  label: string;
  entry: 'main' | 'post';
  kind: 'uses' | 'run' | 'checkout';
  exitCode: number | null;
  lines: string[];
  stdout: string;
  outputs: Record<string, string>;
  errors: string[];
  warnings: string[];
  totalMs: number;
  /** What it wrote to GITHUB_ENV and GITHUB_PATH, which later steps see. */
  exportedEnv: Record<string, string>;
  addedPath: string[];
  /** The harness result of a `uses:` step. */
  action?: ActionRunResult;
}

export interface WorkflowJobRun {
  status: 'success' | 'failure';
  steps: StepRun[];
  /** Steps not run (an earlier one failed), by label. */
  skipped: string[];
  workspace: string;
  runnerTemp: string;
  totalMs: number;
  step(label: string, entry?: 'main' | 'post'): StepRun;
  /** Removes the job's folders. */
  remove(): Promise<void>;
}

export async function runWorkflowJob(options: WorkflowJobOptions): Promise<WorkflowJobRun> {
  const workflow = parse(readFileSync(options.workflowFile, 'utf8')) as {
    jobs?: Record<string, { steps?: WorkflowStep[] }>;
  };
  const jobs = Object.entries(workflow.jobs ?? {});
  const [, job] =
    (options.job ? jobs.find(([id]) => id === options.job) : jobs.length === 1 ? jobs[0] : undefined) ?? [];
  if (!job) throw new Error(`${options.workflowFile}: name the job to run (jobs: ${jobs.map(([id]) => id)})`);

  const root = mkdtempSync(join(tmpdir(), 'workflow-job-'));
  const workspace = join(root, 'workspace');
  const runnerTemp = join(root, 'runner-temp');
  mkdirSync(workspace);
  mkdirSync(runnerTemp);
  const timeoutMs = options.stepTimeoutMs ?? 300_000;
  const contexts: ExpressionContexts = {
    github: {
      repository: options.env?.GITHUB_REPOSITORY ?? 'runevault/runevault',
      workspace,
      event_name: 'push',
      event: {},
      token: '',
    },
    env: {},
    vars: {},
    secrets: {},
    steps: {},
    needs: {},
    job: { status: 'success' },
    runner: { os: 'Linux', temp: runnerTemp, arch: 'X64' },
    inputs: {},
    matrix: {},
    strategy: {},
  };
  const jobEnv: Record<string, string> = { ...options.env };
  let path: string[] = [];
  const steps: StepRun[] = [];
  const skipped: string[] = [];
  const posts: { step: WorkflowStep; label: string; main: ActionRunResult }[] = [];
  const started = performance.now();

  const evaluateMap = (map: Record<string, unknown> | undefined) =>
    Object.fromEntries(
      Object.entries(map ?? {}).map(([name, value]) => [
        name,
        evaluateTemplate(String(value ?? ''), contexts),
      ]),
    );
  const stepEnv = (step: WorkflowStep) => ({
    ...jobEnv,
    ...evaluateMap(step.env),
    // GITHUB_PATH entries, last written first, before the runner's PATH.
    PATH: [...[...path].reverse(), process.env.PATH ?? ''].filter(Boolean).join(delimiter),
  });

  for (const [index, step] of (job.steps ?? []).entries()) {
    const label = step.id ?? step.name ?? step.uses ?? `step ${index + 1}`;
    contexts.env = { ...jobEnv };
    if (!evaluateCondition(step.if, contexts)) {
      skipped.push(label);
      continue;
    }
    let run: StepRun;
    if (step.uses?.startsWith('actions/checkout@')) {
      run = await checkout(label, options.checkoutFrom, workspace);
    } else if (step.uses) {
      const { repoRoot, action } = resolveUses(step.uses, options.actionRepositories, label);
      const result = await runAction({
        action,
        repoRoot,
        inputs: evaluateMap(step.with),
        env: stepEnv(step),
        workspace,
        runnerTemp,
        timeoutMs,
      });
      run = fromAction(label, 'main', result);
      if (readActionMetadata(join(repoRoot, 'actions', action)).runs?.post)
        posts.unshift({ step, label, main: result });
    } else if (step.run !== undefined) {
      run = await runScript(label, step.run, {
        env: stepEnv(step),
        cwd: join(workspace, step['working-directory'] ?? '.'),
        workspace,
        runnerTemp,
        timeoutMs,
      });
    } else {
      throw new Error(`step ${label} has neither uses: nor run:`);
    }
    steps.push(run);
    const outcome = run.exitCode === 0 ? 'success' : 'failure';
    if (step.id) contexts.steps[step.id] = { outputs: run.outputs, outcome, conclusion: outcome };
    if (outcome === 'failure') contexts.job.status = 'failure';
    Object.assign(jobEnv, run.exportedEnv);
    path = [...path, ...run.addedPath];
  }

  // post-if: always() for the actions here; the step's env is evaluated again, with the job status now.
  for (const { step, label, main } of posts) {
    const { repoRoot, action } = resolveUses(step.uses ?? '', options.actionRepositories, label);
    const result = await runAction({
      action,
      repoRoot,
      entry: 'post',
      inputs: evaluateMap(step.with),
      env: stepEnv(step),
      state: main.state,
      workspace,
      runnerTemp,
      timeoutMs,
    });
    steps.push(fromAction(label, 'post', result));
  }

  return {
    status: contexts.job.status === 'failure' ? 'failure' : 'success',
    steps,
    skipped,
    workspace,
    runnerTemp,
    totalMs: performance.now() - started,
    step(label, entry = 'main') {
      const found = steps.find((s) => s.label === label && s.entry === entry);
      if (!found)
        throw new Error(`no ${entry} step ${label} ran (ran: ${steps.map((s) => s.label).join(', ')})`);
      return found;
    },
    remove: async () => {
      await Promise.all(steps.map((s) => s.action?.remove()));
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** `owner/repo/path@sha` → the downloaded repository's folder and the action under actions/. */
function resolveUses(uses: string, repositories: Record<string, string>, label: string) {
  const match = /^([\w.-]+\/[\w.-]+)\/actions\/([\w.-]+)@([0-9a-f]{40})$/.exec(uses);
  const repoRoot = match ? repositories[match[1] ?? ''] : undefined;
  if (!match || !repoRoot) {
    throw new Error(
      `step ${label}: uses: ${uses} is not owner/repo/actions/<name>@<40-hex sha> of ${Object.keys(repositories).join(', ')}`,
    );
  }
  return { repoRoot, action: match[2] ?? '' };
}

function fromAction(label: string, entry: 'main' | 'post', result: ActionRunResult): StepRun {
  return {
    label,
    entry,
    kind: 'uses',
    exitCode: result.exitCode,
    lines: result.lines,
    stdout: result.stdout,
    outputs: result.outputs,
    errors: result.commands.errors,
    warnings: result.commands.warnings,
    totalMs: result.timing.totalMs,
    exportedEnv: result.env,
    addedPath: result.path,
    action: result,
  };
}

/** actions/checkout with persist-credentials: false is a clone of the repository into the workspace. */
async function checkout(label: string, from: string, workspace: string): Promise<StepRun> {
  const started = performance.now();
  const result = await spawnCollect('git', ['clone', '--quiet', from, workspace], { cwd: workspace }, 60_000);
  return {
    label,
    entry: 'main',
    kind: 'checkout',
    ...result,
    outputs: {},
    errors: [],
    warnings: [],
    totalMs: performance.now() - started,
    exportedEnv: {},
    addedPath: [],
  };
}

/** A `run:` step: bash --noprofile --norc -eo pipefail, as the runner's default shell on Linux. */
async function runScript(
  label: string,
  script: string,
  options: {
    env: Record<string, string>;
    cwd: string;
    workspace: string;
    runnerTemp: string;
    timeoutMs: number;
  },
): Promise<StepRun> {
  const dir = mkdtempSync(join(options.runnerTemp, 'run-step-'));
  const files = {
    GITHUB_OUTPUT: join(dir, 'github_output'),
    GITHUB_ENV: join(dir, 'github_env'),
    GITHUB_PATH: join(dir, 'github_path'),
    GITHUB_STEP_SUMMARY: join(dir, 'step_summary'),
  };
  for (const file of Object.values(files)) writeFileSync(file, '');
  const scriptFile = join(dir, 'script.sh');
  writeFileSync(scriptFile, script);
  const env = { ...runnerEnvironment(options.workspace, options.runnerTemp, files), ...options.env };
  const started = performance.now();
  const result = await spawnCollect(
    'bash',
    ['--noprofile', '--norc', '-eo', 'pipefail', scriptFile],
    { cwd: options.cwd, env },
    options.timeoutMs,
  );
  const read = (file: string) => readFileSync(file, 'utf8');
  const errors = result.lines.flatMap((line) => /^::error(?: [^:]*)?::(.*)$/.exec(line)?.[1] ?? []);
  const warnings = result.lines.flatMap((line) => /^::warning(?: [^:]*)?::(.*)$/.exec(line)?.[1] ?? []);
  return {
    label,
    entry: 'main',
    kind: 'run',
    ...result,
    outputs: parseFileCommands(read(files.GITHUB_OUTPUT), 'GITHUB_OUTPUT'),
    errors,
    warnings,
    totalMs: performance.now() - started,
    exportedEnv: parseFileCommands(read(files.GITHUB_ENV), 'GITHUB_ENV'),
    addedPath: parsePathFile(read(files.GITHUB_PATH)),
  };
}

async function spawnCollect(
  command: string,
  args: string[],
  options: { cwd: string; env?: Record<string, string> },
  timeoutMs: number,
): Promise<{ exitCode: number | null; lines: string[]; stdout: string }> {
  const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  const chunks: Buffer[] = [];
  const lines: string[] = [];
  const collect = (chunk: Buffer) => {
    chunks.push(chunk);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  }).finally(() => clearTimeout(timer));
  const stdout = Buffer.concat(chunks).toString('utf8');
  for (const line of stdout.split('\n')) if (line !== '') lines.push(line.replace(/\r$/, ''));
  return { exitCode, lines, stdout };
}
