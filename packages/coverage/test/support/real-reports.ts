// Coverage reports produced for real, not written by hand: this repo's vitest (v8 provider,
// istanbul reporters) on test/fixtures/ts-project, and Debian's python3-coverage on
// test/fixtures/py-project, each run as two "jobs" in two different folders (so paths carry
// different prefixes). Made once per content of the fixtures and tools, in a temp folder shared
// by every test file.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
/** Debian's package; `python3` on PATH may be another interpreter without coverage. */
export const PYTHON_COVERAGE = process.env.PYTHON_COVERAGE ?? 'python3-coverage';

export interface IstanbulJob {
  /** The project folder the job ran in. */
  root: string;
  lcov: string;
  cobertura: string;
  json: string;
}

export interface PythonJob {
  root: string;
  /** Cobertura XML from coverage.py. */
  xml: string;
  /** coverage.py's LCOV (has `-` for branches it did not take). */
  lcov: string;
}

export interface RealReports {
  dir: string;
  /** vitest --project unit in one checkout… */
  unit: IstanbulJob;
  /** …and --project integration in another. */
  integration: IstanbulJob;
  /** `coverage run --branch main.py 5` */
  pyPositive: PythonJob;
  /** `coverage run --branch main.py -1 0` in another folder */
  pyNegative: PythonJob;
  /** `coverage run main.py 5` (no --branch) */
  pyLinesOnly: PythonJob;
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

async function toolVersions(): Promise<string> {
  const vitest = JSON.parse(
    readFileSync(join(REPO_ROOT, 'node_modules/vitest/package.json'), 'utf8'),
  ).version;
  let python: string;
  try {
    python = (await run(PYTHON_COVERAGE, ['--version'])).stdout;
  } catch {
    throw new Error(
      `${PYTHON_COVERAGE} is not installed: the tests make real coverage.py reports with it (Debian: apt-get install -y python3-coverage)`,
    );
  }
  return `${vitest}\n${python}`;
}

function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  // A vitest inside a vitest worker must not think it is one.
  for (const [name, value] of Object.entries(process.env))
    if (!/^(VITEST|TEST$|NODE_ENV$|NODE_OPTIONS$|NODE_V8_COVERAGE$)/.test(name)) env[name] = value;
  return env;
}

async function vitestJob(dir: string, name: 'unit' | 'integration'): Promise<IstanbulJob> {
  const root = join(dir, `ts-${name}`, 'checkout');
  cpSync(join(FIXTURES, 'ts-project'), root, { recursive: true });
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
  const reports = join(root, 'coverage');
  await run(
    process.execPath,
    [
      join(REPO_ROOT, 'node_modules/vitest/vitest.mjs'),
      'run',
      '--config',
      'vitest.config.mjs',
      '--project',
      name,
      '--coverage.enabled',
      `--coverage.reportsDirectory=${reports}`,
    ],
    { cwd: root, env: childEnv(), timeout: 120_000 },
  );
  return {
    root,
    lcov: join(reports, 'lcov.info'),
    cobertura: join(reports, 'cobertura-coverage.xml'),
    json: join(reports, 'coverage-final.json'),
  };
}

async function pythonJob(dir: string, name: string, args: string[], branch: boolean): Promise<PythonJob> {
  const root = join(dir, name, 'src');
  cpSync(join(FIXTURES, 'py-project'), root, { recursive: true });
  const env = { ...childEnv(), COVERAGE_FILE: join(root, '.coverage'), PYTHONDONTWRITEBYTECODE: '1' };
  const options = { cwd: root, env, timeout: 60_000 };
  await run(
    PYTHON_COVERAGE,
    ['run', ...(branch ? ['--branch'] : []), '--source=.', 'main.py', ...args],
    options,
  );
  await run(PYTHON_COVERAGE, ['xml', '-o', 'coverage.xml'], options);
  await run(PYTHON_COVERAGE, ['lcov', '-o', 'coverage.lcov'], options);
  return { root, xml: join(root, 'coverage.xml'), lcov: join(root, 'coverage.lcov') };
}

let made: Promise<RealReports> | undefined;

/** The reports, made on first use in this process (or found from an earlier run). */
export function realReports(): Promise<RealReports> {
  made ??= makeRealReports();
  return made;
}

async function makeRealReports(): Promise<RealReports> {
  const hash = createHash('sha256');
  for (const file of listFiles(FIXTURES).sort())
    hash.update(relative(FIXTURES, file)).update(readFileSync(file));
  hash.update(await toolVersions());
  const key = hash.digest('hex').slice(0, 16);
  const dir = join(tmpdir(), 'runevault-coverage-fixtures', key);
  const layout = (base: string): RealReports => ({
    dir: base,
    unit: jobPaths(base, 'ts-unit'),
    integration: jobPaths(base, 'ts-integration'),
    pyPositive: pythonPaths(base, 'py-positive'),
    pyNegative: pythonPaths(base, 'py-negative'),
    pyLinesOnly: pythonPaths(base, 'py-lines-only'),
  });
  // Made in place (reports hold absolute paths), under a lock folder other workers wait on.
  const lock = `${dir}.lock`;
  mkdirSync(dirname(dir), { recursive: true });
  for (;;) {
    if (existsSync(join(dir, 'done'))) return layout(dir);
    try {
      mkdirSync(lock);
      break;
    } catch {
      const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 5 * 60_000) rmSync(lock, { recursive: true, force: true });
      else await sleep(250);
    }
  }
  try {
    rmSync(dir, { recursive: true, force: true });
    // Sequential: two vitest runs at once on two cores only slow each other down.
    await vitestJob(dir, 'unit');
    await vitestJob(dir, 'integration');
    await pythonJob(dir, 'py-positive', ['5'], true);
    await pythonJob(dir, 'py-negative', ['-1', '0'], true);
    await pythonJob(dir, 'py-lines-only', ['5'], false);
    mkdirSync(join(dir, 'done'));
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
  return layout(dir);
}

function jobPaths(base: string, name: string): IstanbulJob {
  const root = join(base, name, 'checkout');
  const reports = join(root, 'coverage');
  return {
    root,
    lcov: join(reports, 'lcov.info'),
    cobertura: join(reports, 'cobertura-coverage.xml'),
    json: join(reports, 'coverage-final.json'),
  };
}

function pythonPaths(base: string, name: string): PythonJob {
  const root = join(base, name, 'src');
  return { root, xml: join(root, 'coverage.xml'), lcov: join(root, 'coverage.lcov') };
}
