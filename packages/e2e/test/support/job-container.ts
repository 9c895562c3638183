// A job container as `act` makes one, and steps run inside it: the runner's node, a /bin/sh,
// the host's Docker socket mounted (act's default), host networking, and the actions' files
// COPIED in (as act copies a downloaded action), with a container-local workspace and
// RUNNER_TEMP. Nothing of the job's filesystem exists on the engine's host, which is exactly
// what breaks a bind mount of a job path. Each step runs `node <action>/<entry>` through
// docker exec with the runner's INPUT_*/STATE_*/GITHUB_* variables; its file commands are
// read back out of the container and parsed by the action harness's own stepReport.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PassThrough } from 'node:stream';
import {
  type ActionEntry,
  type ActionRunResult,
  inputVariable,
  REPO_ROOT,
  readActionMetadata,
  resolveInputs,
  runnerEnvironment,
  type StepFileTexts,
  stepReport,
} from '@runevault/action-runner';
import { execOutputEnd, settledExec } from '@runevault/vault-image/docker';
import type Docker from 'dockerode';
import { type ArchiveEntry, copyIntoContainer } from '../../src/drivers/docker/copy-into-container.js';
import { readContainerFile } from '../../src/drivers/docker/read-from-container.js';

/** Set on the job container, so a test's teardown (or a person) can find a leftover. */
export const JOB_LABEL = 'io.runevault.test.act-job';
/** Where act puts a downloaded action: /var/run/act/actions/<owner>-<repo>@<ref>/. */
export const ACTIONS_DIR = '/var/run/act/actions/runevault-runevault@test';
export const JOB_WORKSPACE = '/github/workspace';
/** act gives a job its own /tmp as RUNNER_TEMP. */
export const JOB_RUNNER_TEMP = '/tmp';
const FILE_COMMANDS_DIR = '/var/run/act/workflow';
const NODE_IN_IMAGE = '/usr/local/bin/node';
const JOB_PATH = '/usr/local/bin:/usr/bin:/bin';
const ROOT = { uid: 0, gid: 0 };

export interface JobContainer {
  container: Docker.Container;
  /** Runs one step of an action copied in; PATH and env from earlier steps are the caller's to pass. */
  runStep(options: JobStepOptions): Promise<ActionRunResult>;
  /** Whether `path` exists inside the job container (file or folder). */
  exists(path: string): Promise<boolean>;
  remove(): Promise<void>;
}

export interface JobStepOptions {
  action: string;
  entry?: ActionEntry;
  inputs?: Record<string, string>;
  /** Over the step's environment (e.g. an earlier step's GITHUB_ENV); undefined removes. */
  env?: Record<string, string | undefined>;
  state?: Record<string, string>;
  /** PATH for this step (default: the image's). */
  path?: string;
  timeoutMs?: number;
}

/** Archive entries for absolute paths, each missing parent folder (0755) listed once before it. */
class RootTree {
  readonly entries: ArchiveEntry[] = [];
  private readonly folders = new Set<string>();

  folder(path: string): void {
    const name = path.replace(/^\/+/, '');
    const parts = name.split('/');
    for (let i = 1; i <= parts.length; i++) {
      const folder = parts.slice(0, i).join('/');
      if (this.folders.has(folder)) continue;
      this.folders.add(folder);
      this.entries.push({ type: 'directory', name: folder, mode: 0o755 });
    }
  }

  file(path: string, content: Uint8Array, mode: number): void {
    this.folder(dirname(path));
    this.entries.push({ type: 'file', name: path.replace(/^\/+/, ''), mode, content });
  }

  /** A host folder's files (their host modes) at `path`. */
  copyTree(hostDir: string, path: string): void {
    this.folder(path);
    for (const name of readdirSync(hostDir).sort()) {
      const stats = statSync(join(hostDir, name));
      if (stats.isDirectory()) this.copyTree(join(hostDir, name), `${path}/${name}`);
      else if (stats.isFile())
        this.file(`${path}/${name}`, readFileSync(join(hostDir, name)), stats.mode & 0o777);
    }
  }

  /**
   * A host program at the same path, with the shared libraries it loads (ldd): what a job image
   * would carry (act's images have a shell and openssl; the node base has neither).
   */
  program(path: string): void {
    this.file(path, readFileSync(realpathSync(path)), 0o755);
    const ldd = execFileSync('ldd', [path], { encoding: 'utf8' });
    for (const line of ldd.split('\n')) {
      const library = /=>\s*(\/\S+)/.exec(line)?.[1] ?? /^\s*(\/\S+)\s+\(0x/.exec(line)?.[1];
      if (library && !this.entries.some((entry) => entry.name === library.slice(1)))
        this.file(library, readFileSync(realpathSync(library)), 0o755);
    }
  }
}

export async function startJobContainer(
  docker: Docker,
  options: { image: string; actions: string[]; label: string; repoRoot?: string },
): Promise<JobContainer> {
  const repoRoot = options.repoRoot ?? REPO_ROOT;
  // docker-modem keeps the default socket as a function that picks it at connect time.
  const modemSocket = (docker.modem as { socketPath?: string | (() => Promise<string>) }).socketPath;
  const socketPath = typeof modemSocket === 'function' ? await modemSocket() : modemSocket;
  const container = await docker.createContainer({
    Image: options.image,
    // Keeps the container up while steps run in it through exec, as act's `tail -f /dev/null`.
    Cmd: [NODE_IN_IMAGE, '-e', 'setInterval(() => {}, 1 << 30)'],
    Labels: { [JOB_LABEL]: options.label },
    Env: [`PATH=${JOB_PATH}`],
    HostConfig: {
      NetworkMode: 'host',
      // act mounts the host's socket; an engine reached over TCP is named by DOCKER_HOST in each step.
      ...(socketPath ? { Binds: [`${socketPath}:/var/run/docker.sock`] } : {}),
    },
  });
  const remove = () => container.remove({ force: true }).then(() => undefined);
  try {
    const tree = new RootTree();
    // setup-vault's `runevault` launcher is a #!/bin/sh script; TLS certificates come from openssl.
    tree.program('/bin/sh');
    tree.program(execFileSync('sh', ['-c', 'command -v openssl'], { encoding: 'utf8' }).trim());
    tree.file('/usr/lib/ssl/openssl.cnf', readFileSync(realpathSync('/usr/lib/ssl/openssl.cnf')), 0o644);
    for (const action of options.actions) {
      const hostDir = join(repoRoot, 'actions', action);
      const target = `${ACTIONS_DIR}/actions/${action}`;
      tree.file(`${target}/action.yml`, readFileSync(join(hostDir, 'action.yml')), 0o644);
      tree.copyTree(join(hostDir, 'dist'), `${target}/dist`);
    }
    tree.folder(JOB_WORKSPACE);
    tree.folder(FILE_COMMANDS_DIR);
    const entries = tree.entries;
    await copyIntoContainer(container, '/', entries, ROOT);
    await container.start();
  } catch (error) {
    await remove().catch(() => undefined);
    throw error;
  }

  let steps = 0;
  const runStep = async (step: JobStepOptions): Promise<ActionRunResult> => {
    const entry = step.entry ?? 'main';
    const metadata = readActionMetadata(join(repoRoot, 'actions', step.action));
    const entryFile = metadata.runs?.[entry];
    if (!entryFile) throw new Error(`actions/${step.action}/action.yml has no runs.${entry}`);
    const inputs = resolveInputs(metadata, step.inputs ?? {});

    steps += 1;
    const dir = `${FILE_COMMANDS_DIR}/${steps}`;
    const names: (keyof StepFileTexts)[] = [
      'GITHUB_OUTPUT',
      'GITHUB_ENV',
      'GITHUB_STATE',
      'GITHUB_PATH',
      'GITHUB_STEP_SUMMARY',
    ];
    const files = Object.fromEntries(names.map((name) => [name, `${dir}/${name.toLowerCase()}`]));
    await copyIntoContainer(
      container,
      FILE_COMMANDS_DIR,
      [
        { type: 'directory', name: String(steps), mode: 0o755 },
        ...names.map(
          (name): ArchiveEntry => ({
            type: 'file',
            name: `${steps}/${name.toLowerCase()}`,
            mode: 0o644,
            content: Buffer.alloc(0),
          }),
        ),
      ],
      ROOT,
    );

    // The runner's variables, minus what described this host (its PATH, HOME, TMPDIR).
    const env: Record<string, string> = runnerEnvironment(JOB_WORKSPACE, JOB_RUNNER_TEMP, files);
    for (const name of ['USER', 'TMPDIR', 'LANG', 'LC_ALL', 'TZ', 'DOCKER_HOST']) delete env[name];
    env.PATH = step.path ?? JOB_PATH;
    env.HOME = '/root';
    env.RUNNER_TOOL_CACHE = '/opt/hostedtoolcache';
    env.ACT = 'true';
    if (!socketPath && process.env.DOCKER_HOST) env.DOCKER_HOST = process.env.DOCKER_HOST;
    for (const [name, value] of Object.entries(inputs)) env[inputVariable(name)] = value;
    if (entry === 'post')
      for (const [name, value] of Object.entries(step.state ?? {})) env[`STATE_${name}`] = value;
    for (const [name, value] of Object.entries(step.env ?? {})) {
      if (value === undefined) delete env[name];
      else env[name] = value;
    }

    const started = performance.now();
    const output = await execStreaming(
      container,
      [NODE_IN_IMAGE, `${ACTIONS_DIR}/actions/${step.action}/${entryFile}`],
      { env, workingDir: JOB_WORKSPACE, timeoutMs: step.timeoutMs ?? 300_000 },
    );
    const totalMs = performance.now() - started;
    const read = async (name: keyof StepFileTexts) =>
      (await readContainerFile(container, files[name] ?? ''))?.toString('utf8') ?? '';
    const texts = Object.fromEntries(
      await Promise.all(names.map(async (name) => [name, await read(name)] as const)),
    ) as StepFileTexts;
    return {
      exitCode: output.exitCode,
      signal: null,
      stdout: output.stdout,
      stderr: output.stderr,
      lines: output.lines,
      ...stepReport(output.lines, texts),
      workspace: JOB_WORKSPACE,
      runnerTemp: JOB_RUNNER_TEMP,
      timing: { firstLineMs: output.firstLineMs, totalMs },
      remove: async () => {},
    };
  };

  return {
    container,
    runStep,
    exists: async (path) => {
      try {
        await container.infoArchive({ path });
        return true;
      } catch (error) {
        if ((error as { statusCode?: number }).statusCode === 404) return false;
        throw error;
      }
    },
    remove,
  };
}

interface StreamedExec {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  /** Both streams' lines in arrival order, as the runner shows them. */
  lines: string[];
  firstLineMs: number | undefined;
}

/** docker exec with env and cwd, both streams split into lines as they arrive. */
async function execStreaming(
  container: Docker.Container,
  cmd: string[],
  options: { env: Record<string, string>; workingDir: string; timeoutMs: number },
): Promise<StreamedExec> {
  const exec = await container.exec({
    Cmd: cmd,
    Env: Object.entries(options.env).map(([name, value]) => `${name}=${value}`),
    WorkingDir: options.workingDir,
    User: '0',
    AttachStdout: true,
    AttachStderr: true,
    Tty: false,
  });
  const stream = await exec.start({ hijack: true, stdin: false });
  const started = performance.now();
  let firstLineMs: number | undefined;
  const lines: string[] = [];
  const chunks = { stdout: [] as Buffer[], stderr: [] as Buffer[] };
  const partial = { stdout: '', stderr: '' };
  const collect = (name: 'stdout' | 'stderr') =>
    new PassThrough().on('data', (chunk: Buffer) => {
      firstLineMs ??= performance.now() - started;
      chunks[name].push(chunk);
      const parts = (partial[name] + chunk.toString('utf8')).split('\n');
      partial[name] = parts.pop() ?? '';
      for (const part of parts) lines.push(part.replace(/\r$/, ''));
    });
  container.modem.demuxStream(stream, collect('stdout'), collect('stderr'));
  await execOutputEnd(stream, options.timeoutMs, `${cmd.join(' ')} in the job container`);
  for (const name of ['stdout', 'stderr'] as const) if (partial[name] !== '') lines.push(partial[name]);
  const info = await settledExec(exec);
  return {
    exitCode: info.Running ? null : (info.ExitCode ?? null),
    stdout: Buffer.concat(chunks.stdout).toString('utf8'),
    stderr: Buffer.concat(chunks.stderr).toString('utf8'),
    lines,
    firstLineMs,
  };
}
