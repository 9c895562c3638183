import { spawn } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// `npx runevault …` from the checkout: npm must link the workspace's bin, and the bin must run
// the bundle only while it is current, the sources otherwise, with argv, cwd and exit code intact.

const VAULT_DIR = fileURLToPath(new URL('../../..', import.meta.url));
const REPO_ROOT = join(VAULT_DIR, '../..');
const BIN = join(VAULT_DIR, 'bin/runevault.mjs');
const VERSION: string = JSON.parse(readFileSync(join(VAULT_DIR, 'package.json'), 'utf8')).version;
// A safety net for a hung process, not a measure: npx plus tsx is slow on a loaded machine.
const PROCESS_DEADLINE_MS = 60_000;

interface ProcessResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command without a shell; RUNEVAULT_FROM_SOURCE is the caller's choice, never inherited. */
function run(
  command: string,
  args: string[],
  opts: { cwd: string; fromSource?: boolean },
): Promise<ProcessResult> {
  const env = { ...process.env };
  delete env.RUNEVAULT_FROM_SOURCE;
  if (opts.fromSource) env.RUNEVAULT_FROM_SOURCE = '1';
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: opts.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), PROCESS_DEADLINE_MS);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('runevault from the checkout', () => {
  // `--no --offline`: when the bin is not linked, fail at once rather than ask a registry for a
  // package named runevault.
  it.each([
    {
      via: 'npx runevault version',
      command: 'npx',
      args: ['--no', '--offline', 'runevault', 'version'],
      fromSource: false,
    },
    {
      via: 'npx runevault version (RUNEVAULT_FROM_SOURCE=1)',
      command: 'npx',
      args: ['--no', '--offline', 'runevault', 'version'],
      fromSource: true,
    },
    {
      via: 'npm exec runevault -- version',
      command: 'npm',
      args: ['exec', '--no', '--offline', 'runevault', '--', 'version'],
      fromSource: false,
    },
  ])('$via at the repo root prints the version and exits 0', async ({ command, args, fromSource }) => {
    const r = await run(command, args, { cwd: REPO_ROOT, fromSource });
    expect(r).toEqual({ code: 0, stdout: `runevault ${VERSION}\n`, stderr: '' });
  });

  it.each([false, true])(
    'from another directory (sources: %s) the config lookup is the caller cwd’s, exit 1, no stack',
    async (fromSource) => {
      // realpath: the CLI resolves ./runevault.conf against process.cwd(), which is one.
      const cwd = realpathSync(mkdtempSync(join(tmpdir(), 'runevault-npx-cwd-')));
      try {
        const r = await run(process.execPath, [BIN, 'token', 'list'], { cwd, fromSource });
        expect(r.code).toBe(1);
        expect(r.stdout).toBe('');
        expect(r.stderr).toContain(join(cwd, 'runevault.conf'));
        expect(r.stderr).not.toMatch(/^\s+at /m);
      } finally {
        rmSync(cwd, { recursive: true, force: true });
      }
    },
  );
});

/**
 * The real bin in a mirrored checkout (repo/packages/vault/…) whose bundle and sources are
 * stand-ins that say which one ran; node_modules links to this repo's, for tsx.
 */
describe('bundle or sources', () => {
  let root: string;
  let vault: string;
  const probe = (from: string) =>
    `const from: string = '${from}';\n` +
    'console.log(JSON.stringify({ from, argv: process.argv.slice(2), cwd: process.cwd() }));\n' +
    'process.exitCode = 3;\n';
  const INPUTS = ['src/cli/main.ts', 'proto/vault.proto', 'package.json', '../../package-lock.json'];
  const BUNDLE = 'dist/runevault.mjs';
  const T0 = new Date('2026-01-01T00:00:00Z');
  const T1 = new Date('2026-01-02T00:00:00Z');

  /** Every input at T0 and the bundle at T1 (current), then the given paths at `later`. */
  function setTimes(touched: string[] = [], later = new Date('2026-01-03T00:00:00Z')): void {
    for (const input of INPUTS) utimesSync(join(vault, input), T0, T0);
    utimesSync(join(vault, 'src/cli'), T0, T0);
    utimesSync(join(vault, 'src'), T0, T0);
    utimesSync(join(vault, 'proto'), T0, T0);
    utimesSync(join(vault, BUNDLE), T1, T1);
    for (const path of touched) utimesSync(join(vault, path), later, later);
  }

  async function runBin(args: string[], opts: { fromSource?: boolean } = {}) {
    const r = await run(process.execPath, [join(vault, 'bin/runevault.mjs'), ...args], {
      cwd: root,
      ...opts,
    });
    return { ...r, said: r.stdout ? JSON.parse(r.stdout) : undefined };
  }

  beforeAll(() => {
    root = realpathSync(mkdtempSync(join(tmpdir(), 'runevault-bin-')));
    vault = join(root, 'packages/vault');
    for (const dir of ['bin', 'src/cli', 'proto', 'dist']) mkdirSync(join(vault, dir), { recursive: true });
    copyFileSync(BIN, join(vault, 'bin/runevault.mjs'));
    writeFileSync(join(vault, 'src/cli/main.ts'), probe('source'));
    writeFileSync(join(vault, BUNDLE), probe('bundle').replace(': string', ''));
    writeFileSync(join(vault, 'proto/vault.proto'), 'syntax = "proto3";\n');
    writeFileSync(join(vault, 'package.json'), '{"type":"module"}\n');
    writeFileSync(join(root, 'package-lock.json'), '{}\n');
    symlinkSync(join(REPO_ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
  });
  afterAll(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('runs the bundle when it is newer than every input, passing argv, cwd and exit code', async () => {
    setTimes();
    const r = await runBin(['token', 'list', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(3);
    expect(r.said).toEqual({ from: 'bundle', argv: ['token', 'list', '--json'], cwd: root });
  });

  it.each(INPUTS)('runs the sources once %s is newer than the bundle', async (input) => {
    setTimes([input]);
    const r = await runBin(['version']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(3);
    expect(r.said).toEqual({ from: 'source', argv: ['version'], cwd: root });
  });

  it('runs the sources when a source file was deleted after the build (its folder is newer)', async () => {
    setTimes(['src/cli']);
    expect((await runBin(['version'])).said?.from).toBe('source');
  });

  it('runs the sources under RUNEVAULT_FROM_SOURCE=1 even with a current bundle', async () => {
    setTimes();
    expect((await runBin(['version'], { fromSource: true })).said?.from).toBe('source');
  });

  it('runs the sources when there is no bundle (a fresh clone)', async () => {
    setTimes();
    rmSync(join(vault, 'dist'), { recursive: true });
    const r = await runBin(['version']);
    expect(r.code).toBe(3);
    expect(r.said?.from).toBe('source');
  });
});
