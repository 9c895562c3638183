// Ctrl-C in a terminal during `npm run e2e` (the test files ctrl-c-teardown-*.test.ts, split by
// phase so that no one file holds a CI shard past a minute): the terminal sends SIGINT to the whole foreground
// process group (npm, sh, node), and npm relays it to its child too, so the suite can get it
// more than once. One Ctrl-C must still tear everything down. So this spawns the real `npm run e2e`
// in a process group of its own, waits for a phase by reading its output (no sleeps), signals
// the group as a terminal does, and checks that no container and no folder of the run is left.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dockerEngineForTests } from '@runevault/vault-image';
import type Docker from 'dockerode';
import { afterAll, describe, expect, it } from 'vitest';
import { RUN_LABEL } from '../../src/drivers/docker-driver.js';

const engine = await dockerEngineForTests('the Ctrl-C teardown tests');
const skipReason = engine.ok ? '' : engine.reason;
const docker = engine.ok ? engine.docker : (undefined as unknown as Docker);
const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
/**
 * Each phase three times: once with sh, twice with bash as npm's script shell. dash (Debian's
 * sh) waits on its child and relays nothing; bash (sh on Fedora and macOS) execs the script's
 * last command, so npm's relay of the group's SIGINT reaches the suite itself: one Ctrl-C
 * arrives twice (unless the kernel merges the two, hence two tries).
 */
const SCRIPT_SHELLS = ['sh', '/bin/bash', '/bin/bash'] as const;
const EXIT_DEADLINE_MS = 60_000;

/** The phases of a run, each recognised by the first output line that shows it has begun. */
export const PHASES = [
  { phase: 'image build', line: /^image: / },
  { phase: 'container created', line: / created for run / },
  { phase: 'healthy', line: / healthy in \d+ ms/ },
  { phase: 'cases running', line: /^cases: running against / },
] as const;
export type Phase = (typeof PHASES)[number];

interface GroupRun {
  child: ChildProcess;
  output(): string;
  /** Resolves at the first output line matching `pattern`; rejects if the run ends first. */
  lineMatching(pattern: RegExp): Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** `npm run e2e` from the repository root, leader of a new process group, as a shell starts it. */
function startGroupRun(tmp: string, scriptShell: string): GroupRun {
  const child = spawn('npm', ['run', 'e2e'], {
    cwd: REPO_ROOT,
    // Every folder the run makes (vault home, OIDC issuer) lands here, so leftovers are ours.
    env: { ...process.env, TMPDIR: tmp, FORCE_COLOR: '0', npm_config_script_shell: scriptShell },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  let pending = '';
  const waiters: { pattern: RegExp; resolve(line: string): void }[] = [];
  const onData = (chunk: Buffer) => {
    output += chunk;
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      for (const waiter of waiters.filter((w) => w.pattern.test(line))) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(line);
      }
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    output: () => output,
    exited,
    lineMatching: (pattern) =>
      new Promise((resolve, reject) => {
        waiters.push({ pattern, resolve });
        void exited.then(() =>
          reject(new Error(`npm run e2e ended before a line matching ${pattern}:\n${output}`)),
        );
      }),
  };
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Waits until no process of the group is left (npm can exit before its grandchildren). */
async function groupGone(pgid: number): Promise<boolean> {
  const deadline = Date.now() + EXIT_DEADLINE_MS;
  while (groupAlive(pgid) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return !groupAlive(pgid);
}

/** Labelled containers whose mounts come from `tmp`: the ones this run created. */
async function containersFrom(tmp: string): Promise<string[]> {
  const labelled = await docker.listContainers({ all: true, filters: { label: [RUN_LABEL] } });
  return labelled
    .filter((info) => info.Mounts.some((mount) => mount.Source?.startsWith(tmp)))
    .map((info) => `${info.Id.slice(0, 12)} (${info.State}, run ${info.Labels[RUN_LABEL]})`);
}

const tmps: string[] = [];
afterAll(async () => {
  // Whatever a failed assertion left: remove it, so one failure does not leak into the machine.
  if (engine.ok) {
    const labelled = await docker.listContainers({ all: true, filters: { label: [RUN_LABEL] } });
    const ours = labelled.filter((info) =>
      info.Mounts.some((mount) => tmps.some((tmp) => mount.Source?.startsWith(tmp))),
    );
    await Promise.all(ours.map((info) => docker.getContainer(info.Id).remove({ force: true })));
  }
  for (const tmp of tmps) rmSync(tmp, { recursive: true, force: true });
});

export function describeCtrlCTeardown(phases: readonly Phase[]): void {
  describe.skipIf(!engine.ok)(
    `one Ctrl-C during npm run e2e${skipReason ? ` (skipped: ${skipReason})` : ''}`,
    () => {
      const runs = phases.flatMap(({ phase, line }) =>
        SCRIPT_SHELLS.map((shell) => ({ phase, line, shell })),
      );
      it.each(runs)(
        'during $phase (script shell $shell) tears down: no container, no folder left',
        async ({ line, shell }) => {
          const tmp = mkdtempSync(join(tmpdir(), 'runevault-ctrl-c-'));
          tmps.push(tmp);
          const run = startGroupRun(tmp, shell);
          const pgid = run.child.pid as number;
          try {
            await run.lineMatching(line);
            process.kill(-pgid, 'SIGINT');
            const exit = await run.exited;
            expect(await groupGone(pgid), `processes of the run still alive:\n${run.output()}`).toBe(true);
            expect(run.output()).not.toMatch(/again; exiting without finishing teardown/);
            expect(run.output()).toMatch(/SIGINT: stopped vault run /);
            // npm reports the interrupted script as failed, or dies of the signal itself.
            expect(exit.code === 0, run.output()).toBe(false);
            expect(await containersFrom(tmp), run.output()).toEqual([]);
            const left = readdirSync(tmp).filter((name) => /^(runevault-e2e-|vault-e2e-)/.test(name));
            expect(left, run.output()).toEqual([]);
          } finally {
            if (groupAlive(pgid)) process.kill(-pgid, 'SIGKILL');
          }
        },
        EXIT_DEADLINE_MS + 90_000,
      );
    },
  );
}
