// Runs an action's committed bundle the way GitHub's runner does: `node actions/<name>/dist/…`
// with INPUT_* (action.yml defaults filled in), the GITHUB_* file commands in a temp dir, the
// runner's environment and, for post, the STATE_* saved by main. Then it reads back everything
// the step reported: outputs, env, state, path, summary and the workflow commands it printed.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { parseFileCommands, parsePathFile } from './file-commands.js';
import {
  type MaskReport,
  maskedLog,
  maskReports,
  parseCommands,
  type WorkflowCommand,
} from './workflow-commands.js';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export type ActionEntry = 'pre' | 'main' | 'post';

export interface RunActionOptions {
  /** A folder under actions/, e.g. 'setup-vault', or '.' for the action.yml at the repo top. */
  action: string;
  entry?: ActionEntry;
  inputs?: Record<string, string>;
  /** Added over the runner's environment (undefined removes a variable). */
  env?: Record<string, string | undefined>;
  /** For post: what main saved, passed as STATE_<name>. */
  state?: Record<string, string>;
  /** GITHUB_WORKSPACE and the cwd; default: a fresh folder. */
  workspace?: string;
  /** RUNNER_TEMP; default: a fresh folder. */
  runnerTemp?: string;
  /** Killed (SIGKILL) after this long; default 120 s. */
  timeoutMs?: number;
  /** Default: this checkout. */
  repoRoot?: string;
  /** The node binary (the runner uses its own node24); default: the one running the tests. */
  node?: string;
}

export interface ActionRunResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** stdout and stderr lines in arrival order, as the runner interleaves them in the log. */
  lines: string[];
  /** `lines` with masked values replaced by ***, as the log shows them. */
  log: string[];
  outputs: Record<string, string>;
  env: Record<string, string>;
  state: Record<string, string>;
  path: string[];
  summary: string;
  commands: {
    all: WorkflowCommand[];
    addMask: string[];
    errors: string[];
    warnings: string[];
    notices: string[];
    groups: string[];
  };
  /** Per masked value: the line that masked it and the first line that showed it. */
  masks: MaskReport[];
  workspace: string;
  runnerTemp: string;
  /** Milliseconds from spawn to the first line, and to exit. */
  timing: { firstLineMs: number | undefined; totalMs: number };
  /** Removes the temp folders this run created (not a workspace/runnerTemp passed in). */
  remove(): Promise<void>;
}

interface ActionMetadata {
  inputs?: Record<string, { default?: unknown; required?: boolean } | null>;
  runs?: { using?: string; main?: string; pre?: string; post?: string };
}

export function readActionMetadata(actionDir: string): ActionMetadata {
  return parse(readFileSync(join(actionDir, 'action.yml'), 'utf8')) as ActionMetadata;
}

/** `INPUT_<NAME>`: spaces become _, the rest (dashes included) is kept, upper-cased. */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

/** The inputs the runner passes: given ones, then action.yml defaults for the rest. */
export function resolveInputs(
  metadata: ActionMetadata,
  given: Record<string, string>,
): Record<string, string> {
  const declared = metadata.inputs ?? {};
  const unknown = Object.keys(given).filter((name) => !(name in declared));
  if (unknown.length > 0) {
    throw new Error(
      `unexpected input(s) ${unknown.join(', ')}; valid inputs are ${Object.keys(declared).join(', ')}`,
    );
  }
  const resolved: Record<string, string> = {};
  for (const [name, spec] of Object.entries(declared)) {
    if (name in given) {
      resolved[name] = given[name] ?? '';
      continue;
    }
    if (spec?.default === undefined || spec.default === null) continue;
    const value = String(spec.default);
    if (value.includes('${{')) {
      throw new Error(`the default of input ${name} is an expression (${value}); pass the input explicitly`);
    }
    resolved[name] = value;
  }
  return resolved;
}

// Only what a runner host would have; nothing of this process's own GITHUB_*/ACTIONS_*/INPUT_*
// (tests may run inside a real Actions job) leaks into the step.
const HOST_VARIABLES = [
  'PATH',
  'HOME',
  'USER',
  'LANG',
  'LC_ALL',
  'TZ',
  'TMPDIR',
  'SystemRoot',
  'ComSpec',
  'PATHEXT',
  // Set on a host that reaches no image registry (this repository's CI machine): the image
  // build then uses the offline base without asking the registry first.
  'RUNEVAULT_OFFLINE_BASE',
];

/**
 * The GITHUB_RUN_ID the harness gives actions: one per test process, because actions derive
 * names from it (start-vault-container's default container name is vault-ci-<run>-<attempt>)
 * and test files run side by side in several processes against one Docker engine.
 */
export const HARNESS_RUN_ID = String(4_000_000 + process.pid);

export function runnerEnvironment(workspace: string, runnerTemp: string, files: Record<string, string>) {
  const env: Record<string, string> = {};
  for (const name of HOST_VARIABLES) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  return {
    ...env,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: workspace,
    RUNNER_TEMP: runnerTemp,
    RUNNER_TOOL_CACHE: join(runnerTemp, '..', 'tool-cache'),
    RUNNER_OS: process.platform === 'win32' ? 'Windows' : process.platform === 'darwin' ? 'macOS' : 'Linux',
    RUNNER_ARCH:
      process.arch === 'x64' ? 'X64' : process.arch === 'arm64' ? 'ARM64' : process.arch.toUpperCase(),
    RUNNER_NAME: 'action-runner-harness',
    RUNNER_ENVIRONMENT: 'self-hosted',
    GITHUB_REPOSITORY: 'runevault/runevault',
    GITHUB_REPOSITORY_OWNER: 'runevault',
    GITHUB_RUN_ID: HARNESS_RUN_ID,
    GITHUB_RUN_NUMBER: '7',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_WORKFLOW: 'harness',
    GITHUB_JOB: 'harness',
    GITHUB_ACTION: '__self',
    GITHUB_ACTOR: 'octocat',
    GITHUB_EVENT_NAME: 'push',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_REF_NAME: 'main',
    GITHUB_SHA: '0000000000000000000000000000000000000000',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: 'https://api.github.com',
    GITHUB_GRAPHQL_URL: 'https://api.github.com/graphql',
    ...files,
  };
}

export async function runAction(options: RunActionOptions): Promise<ActionRunResult> {
  const repoRoot = options.repoRoot ?? REPO_ROOT;
  const actionDir = options.action === '.' ? repoRoot : join(repoRoot, 'actions', options.action);
  const metadata = readActionMetadata(actionDir);
  const entry = options.entry ?? 'main';
  const using = metadata.runs?.using ?? '';
  if (!/^node\d+$/.test(using))
    throw new Error(`${join(actionDir, 'action.yml')}: runs.using is ${using}, not a node action`);
  const entryFile = metadata.runs?.[entry];
  if (!entryFile) throw new Error(`${join(actionDir, 'action.yml')} has no runs.${entry}`);
  const inputs = resolveInputs(metadata, options.inputs ?? {});

  const root = mkdtempSync(join(tmpdir(), `action-${options.action === '.' ? 'root' : options.action}-`));
  const workspace = options.workspace ?? join(root, 'workspace');
  const runnerTemp = options.runnerTemp ?? join(root, 'runner-temp');
  mkdirSync(workspace, { recursive: true });
  mkdirSync(runnerTemp, { recursive: true });
  const files = {
    GITHUB_OUTPUT: join(root, 'github_output'),
    GITHUB_ENV: join(root, 'github_env'),
    GITHUB_STATE: join(root, 'github_state'),
    GITHUB_PATH: join(root, 'github_path'),
    GITHUB_STEP_SUMMARY: join(root, 'step_summary'),
    GITHUB_EVENT_PATH: join(root, 'event.json'),
  };
  for (const file of Object.values(files)) writeFileSync(file, '');
  writeFileSync(files.GITHUB_EVENT_PATH, '{}\n');

  const env: Record<string, string> = runnerEnvironment(workspace, runnerTemp, files);
  for (const [name, value] of Object.entries(inputs)) env[inputVariable(name)] = value;
  if (entry === 'post')
    for (const [name, value] of Object.entries(options.state ?? {})) env[`STATE_${name}`] = value;
  for (const [name, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }

  const started = performance.now();
  let firstLineMs: number | undefined;
  const lines: string[] = [];
  const chunks = { stdout: [] as Buffer[], stderr: [] as Buffer[] };
  const partial = { stdout: '', stderr: '' };
  const child = spawn(options.node ?? process.execPath, [join(actionDir, entryFile)], {
    cwd: workspace,
    env,
  });
  const collect = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
    firstLineMs ??= performance.now() - started;
    chunks[stream].push(chunk);
    const text = partial[stream] + chunk.toString('utf8');
    const parts = text.split('\n');
    partial[stream] = parts.pop() ?? '';
    for (const part of parts) lines.push(part.replace(/\r$/, ''));
  };
  child.stdout.on('data', collect('stdout'));
  child.stderr.on('data', collect('stderr'));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
  const [exitCode, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, sig) => resolve([code, sig]));
  }).finally(() => clearTimeout(timer));
  const totalMs = performance.now() - started;
  for (const stream of ['stdout', 'stderr'] as const) if (partial[stream] !== '') lines.push(partial[stream]);

  const read = (file: string) => readFileSync(file, 'utf8');
  return {
    exitCode,
    signal,
    stdout: Buffer.concat(chunks.stdout).toString('utf8'),
    stderr: Buffer.concat(chunks.stderr).toString('utf8'),
    lines,
    ...stepReport(lines, {
      GITHUB_OUTPUT: read(files.GITHUB_OUTPUT),
      GITHUB_ENV: read(files.GITHUB_ENV),
      GITHUB_STATE: read(files.GITHUB_STATE),
      GITHUB_PATH: read(files.GITHUB_PATH),
      GITHUB_STEP_SUMMARY: read(files.GITHUB_STEP_SUMMARY),
    }),
    workspace,
    runnerTemp,
    timing: { firstLineMs, totalMs },
    remove: () => rm(root, { recursive: true, force: true }),
  };
}

export type StepFileTexts = Record<
  'GITHUB_OUTPUT' | 'GITHUB_ENV' | 'GITHUB_STATE' | 'GITHUB_PATH' | 'GITHUB_STEP_SUMMARY',
  string
>;

/**
 * What a step reported, from its log lines and the text of its file commands: for runAction,
 * and for a step run elsewhere (e.g. inside a job container, as act runs it).
 */
export function stepReport(
  lines: string[],
  files: StepFileTexts,
): Pick<ActionRunResult, 'log' | 'outputs' | 'env' | 'state' | 'path' | 'summary' | 'commands' | 'masks'> {
  const all = parseCommands(lines);
  const messages = (name: string) => all.filter((c) => c.command === name).map((c) => c.message);
  // The deprecated ::set-output / ::save-state commands still count, as on the runner.
  const legacy = (name: string) =>
    Object.fromEntries(
      all.filter((c) => c.command === name).map((c) => [c.properties.name ?? '', c.message]),
    );
  return {
    log: maskedLog(lines, all),
    outputs: { ...legacy('set-output'), ...parseFileCommands(files.GITHUB_OUTPUT, 'GITHUB_OUTPUT') },
    env: parseFileCommands(files.GITHUB_ENV, 'GITHUB_ENV'),
    state: { ...legacy('save-state'), ...parseFileCommands(files.GITHUB_STATE, 'GITHUB_STATE') },
    path: parsePathFile(files.GITHUB_PATH),
    summary: files.GITHUB_STEP_SUMMARY,
    commands: {
      all,
      addMask: messages('add-mask'),
      errors: messages('error'),
      warnings: messages('warning'),
      notices: messages('notice'),
      groups: messages('group'),
    },
    masks: maskReports(lines, all),
  };
}

/** PATH as the next step sees it: GITHUB_PATH entries (last written first) before the old PATH. */
export function pathForNextStep(result: ActionRunResult, basePath = process.env.PATH ?? ''): string {
  return [...[...result.path].reverse(), basePath].filter(Boolean).join(delimiter);
}
