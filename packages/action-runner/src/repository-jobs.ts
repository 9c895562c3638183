// Runs jobs of this repository's workflows on this machine, step by step, the way the runner
// would: `run:` through bash with the step's env and the GITHUB_* file commands, `uses: ./actions/*`
// through the action harness (action-runner.ts: main, then post in reverse order), and third-party
// steps (checkout, setup-node, upload-artifact…) as a logged no-op: the checkout is this folder,
// Node is the one running, and there is no artifact service. `if:` and `${{ }}` are evaluated by
// GitHub's expression engine. Used by `npm run ci:tier1|2|3` and by the e2e-job test.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { parse } from 'yaml';
import {
  type ActionRunResult,
  HARNESS_RUN_ID,
  REPO_ROOT,
  readActionMetadata,
  runAction,
} from './action-runner.js';
import { parseFileCommands, parsePathFile } from './file-commands.js';
import {
  type ExpressionContexts,
  evaluateCondition,
  evaluateTemplate,
  type JobStatus,
} from './workflow-expressions.js';

interface StepDefinition {
  id?: string;
  name?: string;
  if?: string | boolean;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
  shell?: string;
  'working-directory'?: string;
  'continue-on-error'?: boolean;
}

interface JobDefinition {
  name?: string;
  needs?: string | string[];
  if?: string | boolean;
  env?: Record<string, unknown>;
  outputs?: Record<string, string>;
  steps?: StepDefinition[];
}

interface WorkflowDefinition {
  env?: Record<string, unknown>;
  jobs: Record<string, JobDefinition>;
}

export type StepKind = 'run' | 'local-action' | 'third-party' | 'post';
/** `replaced`: not run here (third-party no-op, npm ci over a shared node_modules); counts as success. */
export type StepOutcome = 'success' | 'failure' | 'skipped' | 'replaced';

export interface StepReport {
  job: string;
  name: string;
  kind: StepKind;
  outcome: StepOutcome;
  /** Why a step was skipped or replaced (e.g. "third-party: no-op locally"). */
  note?: string;
  ms: number;
}

export interface JobReport {
  id: string;
  name: string;
  result: 'success' | 'failure' | 'skipped';
  outputs: Record<string, string>;
  steps: StepReport[];
  ms: number;
}

export interface LocalRunOptions {
  /** Path of the workflow file, e.g. .github/workflows/ci.yml (relative to repoRoot). */
  workflow: string;
  /** Job ids to run, in order; `needs` of a job not run here count as success. */
  jobs: readonly string[];
  repoRoot?: string;
  /** github.event_name; default push (a push to main runs every tier). */
  eventName?: string;
  /** Lines of the run's own narration (step starts, results, no-ops). */
  log?: (line: string) => void;
  /** Where run: steps and actions print: the terminal (inherit) or collected into `log`. */
  output?: 'inherit' | 'log';
  /** A reason to skip a run: step locally (e.g. `npm ci` over a shared node_modules), or undefined. */
  skipRun?: (run: string) => string | undefined;
  /** Inputs replaced locally, by `uses:` value: { './actions/setup-vault': { install: 'false' } }. */
  inputOverrides?: Record<string, Record<string, string>>;
  /** Added to every step's environment. */
  env?: Record<string, string>;
  /** Per action step; default 10 minutes. */
  actionTimeoutMs?: number;
  /** Run jobs whose needs are met at the same time, as CI does (lines prefixed [job]). */
  parallel?: boolean;
}

const THIRD_PARTY_NOTE = 'third-party step: no-op locally';

function stringRecord(values: Record<string, unknown> | undefined, contexts: ExpressionContexts) {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(values ?? {}))
    out[name] = evaluateTemplate(value === null || value === undefined ? '' : String(value), contexts);
  return out;
}

function stepName(step: StepDefinition): string {
  if (step.name) return step.name;
  if (step.uses) return `Run ${step.uses}`;
  return `Run ${(step.run ?? '').trim().split('\n')[0]}`;
}

function condition(value: string | boolean | undefined): string | undefined {
  return value === undefined ? undefined : String(value);
}

function runBash(
  script: string,
  options: {
    cwd: string;
    env: Record<string, string>;
    output: 'inherit' | 'log';
    log: (line: string) => void;
  },
): Promise<number> {
  return new Promise((done, fail) => {
    // The runner's default shell on Linux: bash -e {0}.
    const child = spawn('bash', ['-e', '-c', script], {
      cwd: options.cwd,
      env: options.env,
      stdio: options.output === 'inherit' ? ['ignore', 'inherit', 'inherit'] : ['ignore', 'pipe', 'pipe'],
    });
    if (options.output === 'log') {
      const forward = (chunk: Buffer) => {
        for (const line of chunk.toString('utf8').split('\n')) if (line !== '') options.log(`    ${line}`);
      };
      child.stdout?.on('data', forward);
      child.stderr?.on('data', forward);
    }
    child.on('error', fail);
    child.on('close', (code, signal) => done(code ?? (signal ? 128 : 1)));
  });
}

export async function runWorkflowJobs(options: LocalRunOptions): Promise<JobReport[]> {
  const repoRoot = options.repoRoot ?? REPO_ROOT;
  const log = options.log ?? ((line: string) => console.log(line));
  const workflow = parse(readFileSync(resolve(repoRoot, options.workflow), 'utf8')) as WorkflowDefinition;
  const needsResults: ExpressionContexts['needs'] = {};
  const reports = new Map<string, JobReport>();
  const needsOf = (jobId: string) => {
    const job = workflow.jobs[jobId];
    if (!job)
      throw new Error(
        `${options.workflow} has no job ${jobId}; jobs: ${Object.keys(workflow.jobs).join(', ')}`,
      );
    return typeof job.needs === 'string' ? [job.needs] : (job.needs ?? []);
  };
  const start = async (jobId: string) => {
    const job = workflow.jobs[jobId] as JobDefinition;
    const needsContext: ExpressionContexts['needs'] = {};
    for (const need of needsOf(jobId))
      needsContext[need] = needsResults[need] ?? { outputs: {}, result: 'success' };
    const jobLog = options.parallel ? (line: string) => log(`[${jobId}] ${line}`) : log;
    const output = options.parallel ? 'log' : (options.output ?? 'inherit');
    const report = await runJob(jobId, job, workflow, needsContext, {
      ...options,
      repoRoot,
      log: jobLog,
      output,
    });
    needsResults[jobId] = { outputs: report.outputs, result: report.result };
    reports.set(jobId, report);
  };
  // Waves: a job starts once every job it needs (among those run here) has finished.
  let pending = [...options.jobs];
  while (pending.length > 0) {
    const ready = pending.filter((id) => needsOf(id).every((need) => !pending.includes(need)));
    if (ready.length === 0) throw new Error(`jobs ${pending.join(', ')} need each other`);
    const wave = options.parallel ? ready : ready.slice(0, 1);
    await Promise.all(wave.map(start));
    pending = pending.filter((id) => !wave.includes(id));
  }
  return options.jobs.map((id) => reports.get(id) as JobReport);
}

async function runJob(
  jobId: string,
  job: JobDefinition,
  workflow: WorkflowDefinition,
  needs: ExpressionContexts['needs'],
  options: LocalRunOptions & { repoRoot: string; log: (line: string) => void },
): Promise<JobReport> {
  const { log, repoRoot } = options;
  const output = options.output ?? 'inherit';
  const started = performance.now();
  const root = mkdtempSync(join(tmpdir(), `local-job-${jobId}-`));
  const runnerTemp = join(root, 'runner-temp');
  mkdirSync(runnerTemp, { recursive: true });
  const eventName = options.eventName ?? 'push';
  const contexts: ExpressionContexts = {
    github: {
      event_name: eventName,
      event: {},
      ref: 'refs/heads/main',
      ref_name: 'main',
      sha: '0000000000000000000000000000000000000000',
      repository: 'runevault/runevault',
      workspace: repoRoot,
      run_id: HARNESS_RUN_ID,
      run_attempt: '1',
      token: '',
      job: jobId,
    },
    env: {},
    vars: {},
    secrets: {},
    steps: {},
    needs,
    job: { status: 'success' },
    runner: { os: 'Linux', temp: runnerTemp, arch: 'X64' },
    inputs: {},
    matrix: {},
    strategy: {},
  };
  const name = job.name ?? jobId;
  const steps: StepReport[] = [];
  const finish = async (result: JobReport['result'], outputs: Record<string, string> = {}) => {
    await rm(root, { recursive: true, force: true });
    return { id: jobId, name, result, outputs, steps, ms: performance.now() - started };
  };
  // At job level, success() means every needed job succeeded and failure() that one failed.
  const needResults = Object.values(needs).map((need) => need.result);
  contexts.job.status = needResults.includes('failure')
    ? 'failure'
    : needResults.every((result) => result === 'success')
      ? 'success'
      : 'skipped';
  if (!evaluateCondition(condition(job.if), contexts)) {
    log(`○ ${name}: skipped (if: ${String(job.if).trim()})`);
    return finish('skipped');
  }
  log(`● ${name}`);

  // Environment a step sees: the workflow's and job's env, GITHUB_ENV of earlier steps, PATH
  // with GITHUB_PATH entries in front.
  const jobEnv: Record<string, string> = { ...options.env };
  const extraPath: string[] = [];
  const posts: { step: StepDefinition; action: string; state: Record<string, string> }[] = [];
  let status: JobStatus = 'success';

  for (const [index, step] of (job.steps ?? []).entries()) {
    const label = stepName(step);
    const stepStarted = performance.now();
    contexts.job.status = status;
    contexts.env = { ...stringRecord(workflow.env, contexts), ...stringRecord(job.env, contexts), ...jobEnv };
    const record = (kind: StepKind, outcome: StepOutcome, note?: string) => {
      const ms = performance.now() - stepStarted;
      steps.push({ job: jobId, name: label, kind, outcome, ...(note ? { note } : {}), ms });
      const mark = { success: '✓', failure: '✗', skipped: '○', replaced: '–' }[outcome];
      log(`  ${mark} ${label} (${(ms / 1000).toFixed(1)} s)${note ? ` — ${note}` : ''}`);
      // A step replaced locally stands for one that passed.
      const seen = outcome === 'replaced' ? 'success' : outcome;
      if (step.id)
        contexts.steps[step.id] = {
          outputs: contexts.steps[step.id]?.outputs ?? {},
          outcome: seen,
          conclusion: seen,
        };
    };
    if (!evaluateCondition(condition(step.if), contexts)) {
      record(
        step.uses && !step.uses.startsWith('./') ? 'third-party' : step.run ? 'run' : 'local-action',
        'skipped',
        `if: ${String(step.if).trim()}`,
      );
      continue;
    }
    const stepEnv = { ...contexts.env, ...stringRecord(step.env, contexts) };
    contexts.env = stepEnv;
    const basePath = [...[...extraPath].reverse(), process.env.PATH ?? ''].filter(Boolean).join(delimiter);

    if (step.run !== undefined) {
      const script = evaluateTemplate(step.run, contexts);
      const skip = options.skipRun?.(script.trim());
      if (skip) {
        record('run', 'replaced', skip);
        continue;
      }
      log(`  ▶ ${label}`);
      const files = {
        GITHUB_OUTPUT: join(root, `output-${index}`),
        GITHUB_ENV: join(root, `env-${index}`),
        GITHUB_PATH: join(root, `path-${index}`),
        GITHUB_STEP_SUMMARY: join(root, `summary-${index}`),
      };
      for (const file of Object.values(files)) writeFileSync(file, '');
      const code = await runBash(script, {
        cwd: resolve(repoRoot, step['working-directory'] ?? '.'),
        env: {
          ...(process.env as Record<string, string>),
          ...stepEnv,
          PATH: basePath,
          CI: 'true',
          GITHUB_ACTIONS: 'true',
          GITHUB_WORKSPACE: repoRoot,
          GITHUB_EVENT_NAME: eventName,
          RUNNER_TEMP: runnerTemp,
          ...files,
        },
        output,
        log,
      });
      const outputs = parseFileCommands(readFileSync(files.GITHUB_OUTPUT, 'utf8'), 'GITHUB_OUTPUT');
      Object.assign(jobEnv, parseFileCommands(readFileSync(files.GITHUB_ENV, 'utf8'), 'GITHUB_ENV'));
      extraPath.push(...parsePathFile(readFileSync(files.GITHUB_PATH, 'utf8')));
      if (step.id) contexts.steps[step.id] = { outputs, outcome: 'success', conclusion: 'success' };
      const outcome = code === 0 ? 'success' : 'failure';
      record('run', outcome, code === 0 ? undefined : `exit ${code}`);
      if (code !== 0 && !step['continue-on-error']) status = 'failure';
      continue;
    }

    const uses = step.uses ?? '';
    if (!uses.startsWith('./')) {
      record('third-party', 'replaced', `${uses.split('@')[0]}: ${THIRD_PARTY_NOTE}`);
      continue;
    }
    const action = uses.replace(/^\.\/actions\//, '').replace(/^\.\/?$/, '.');
    const inputs = { ...stringRecord(step.with, contexts), ...(options.inputOverrides?.[uses] ?? {}) };
    const overridden = Object.keys(options.inputOverrides?.[uses] ?? {});
    log(
      `  ▶ ${label}${overridden.length ? ` (locally: ${overridden.map((k) => `${k}=${inputs[k]}`).join(', ')})` : ''}`,
    );
    let result: ActionRunResult;
    try {
      result = await runAction({
        action,
        inputs,
        env: { ...stepEnv, PATH: basePath, GITHUB_EVENT_NAME: eventName },
        workspace: repoRoot,
        runnerTemp,
        repoRoot,
        timeoutMs: options.actionTimeoutMs ?? 600_000,
      });
    } catch (error) {
      log(`    ${(error as Error).message}`);
      record('local-action', 'failure', 'the harness could not run it');
      status = 'failure';
      continue;
    }
    for (const line of result.log) log(`    ${line}`);
    Object.assign(jobEnv, result.env);
    extraPath.push(...result.path);
    if (step.id)
      contexts.steps[step.id] = { outputs: result.outputs, outcome: 'success', conclusion: 'success' };
    await result.remove();
    const ok = result.exitCode === 0;
    record(
      'local-action',
      ok ? 'success' : 'failure',
      ok ? undefined : `exit ${result.exitCode ?? result.signal}`,
    );
    if (!ok && !step['continue-on-error']) status = 'failure';
    if (readActionMetadata(join(repoRoot, action === '.' ? '' : `actions/${action}`)).runs?.post)
      posts.push({ step, action, state: result.state });
  }

  // Post steps run in reverse order, after every main step (post-if: always() in our actions).
  contexts.job.status = status;
  const postEnv = { ...stringRecord(workflow.env, contexts), ...stringRecord(job.env, contexts), ...jobEnv };
  for (const post of posts.reverse()) {
    const label = `Post ${stepName(post.step)}`;
    const postStarted = performance.now();
    const result = await runAction({
      action: post.action,
      entry: 'post',
      inputs: {
        ...stringRecord(post.step.with, contexts),
        ...(options.inputOverrides?.[post.step.uses ?? ''] ?? {}),
      },
      state: post.state,
      env: { ...postEnv, ...stringRecord(post.step.env, contexts), GITHUB_EVENT_NAME: eventName },
      workspace: repoRoot,
      runnerTemp,
      repoRoot,
      timeoutMs: 120_000,
    });
    for (const line of result.log) log(`    ${line}`);
    await result.remove();
    const ok = result.exitCode === 0;
    const ms = performance.now() - postStarted;
    steps.push({ job: jobId, name: label, kind: 'post', outcome: ok ? 'success' : 'failure', ms });
    log(`  ${ok ? '✓' : '✗'} ${label} (${(ms / 1000).toFixed(1)} s)`);
    if (!ok) status = 'failure';
  }

  contexts.job.status = status;
  const outputs = stringRecord(job.outputs, contexts);
  log(
    `${status === 'success' ? '✓' : '✗'} ${name}: ${status} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  return finish(status === 'success' ? 'success' : 'failure', outputs);
}
