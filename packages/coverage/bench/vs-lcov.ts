// `npm run bench:lcov -w @runevault/coverage` (also the second half of `npm run bench`):
// merge-coverage against Debian's `lcov -a` on the same two tracefiles, process against
// process, in turns (lcov, ours, lcov again without branches, ours…) for BENCH_ROUNDS rounds,
// so a change in the machine's load hits both alike. Two shapes of 800,000 instrumented lines
// per report: 120 big files and 1,200 small ones. Then the same content as Cobertura XML (lcov
// reads no Cobertura), merged by ours alone, printed beside the LCOV figure.
//
// Each process's wall time is measured here around the spawn; its peak RSS is what
// /usr/bin/time -f %M reports (the kernel's maxrss of that process). Ours runs as an esbuild
// bundle of the CLI (what a bundled action or CLI runs; no tsx; lazy imports in chunks of their
// own, as ncc splits them), writing LCOV only, as lcov -a does. `lcov -a` merges branch data only with --rc lcov_branch_coverage=1 (lcov 1.x leaves
// BRDA out by default): that run does the same work as ours and is the one compared; the
// default run is printed too. The merged totals of both are checked to agree.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { readLcovFile } from '../src/parsers/lcov.js';
import { writeCoberturaFile } from '../src/writers/cobertura-writer.js';
import { type TreeShape, writeLcovReport } from './generate-reports.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const LINES = Number(process.env.BENCH_LINES ?? 800_000);
const SHAPES: TreeShape[] = [
  { files: 120, linesPerFile: 0, totalLines: LINES },
  { files: 1200, linesPerFile: 0, totalLines: LINES },
];
const TIME = '/usr/bin/time';

interface Sample {
  ms: number;
  rssMb: number | undefined;
  /** User + system CPU time of the process (steadier than wall time on a loaded machine). */
  cpuMs: number | undefined;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};
const load = () => (loadavg()[0] ?? 0).toFixed(1);

function available(command: string, args: string[]): boolean {
  return spawnSync(command, args, { stdio: 'ignore' }).status === 0;
}

/** Runs a command to completion; wall time around it, peak RSS from /usr/bin/time when present. */
function measure(command: string, args: string[], dir: string): Sample {
  const rssFile = join(dir, 'maxrss');
  const timed = existsSync(TIME);
  const started = performance.now();
  const result = timed
    ? spawnSync(TIME, ['-f', '%M %U %S', '-o', rssFile, command, ...args], { encoding: 'utf8' })
    : spawnSync(command, args, { encoding: 'utf8' });
  const ms = performance.now() - started;
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(' ')} exited ${result.status}: ${result.stderr.slice(0, 400)}`);
  const [rssKb, user, system] = timed
    ? (readFileSync(rssFile, 'utf8').trim().split('\n').at(-1) ?? '').split(' ').map(Number)
    : [];
  return {
    ms,
    rssMb: rssKb === undefined ? undefined : rssKb / 1024,
    cpuMs: user === undefined || system === undefined ? undefined : (user + system) * 1000,
  };
}

/** LF/LH/BRF/BRH/FNF/FNH summed over a tracefile. */
function totals(path: string): string {
  const sums = new Map<string, number>();
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const match = /^(LF|LH|BRF|BRH|FNF|FNH):(\d+)$/.exec(line);
    if (match) sums.set(match[1] as string, (sums.get(match[1] as string) ?? 0) + Number(match[2]));
  }
  return ['LF', 'LH', 'BRF', 'BRH', 'FNF', 'FNH'].map((key) => `${key} ${sums.get(key) ?? 0}`).join(', ');
}

function describe(samples: Sample[]): string {
  const ms = samples.map((sample) => sample.ms);
  const rss = samples.flatMap((sample) => (sample.rssMb === undefined ? [] : [sample.rssMb]));
  const cpu = samples.flatMap((sample) => (sample.cpuMs === undefined ? [] : [sample.cpuMs]));
  const cpuText = cpu.length > 0 ? `, CPU median ${median(cpu).toFixed(0)} ms` : '';
  const rssText =
    rss.length > 0
      ? `, peak RSS median ${median(rss).toFixed(0)} MB (max ${Math.max(...rss).toFixed(0)})`
      : '';
  return `median ${median(ms).toFixed(0)} ms (min ${Math.min(...ms).toFixed(0)}, max ${Math.max(...ms).toFixed(0)})${cpuText}${rssText}`;
}

const dir = mkdtempSync(join(tmpdir(), 'merge-coverage-vs-lcov-'));
try {
  const cli = join(dir, 'cli', 'cli-entry.mjs');
  await build({
    entryPoints: [fileURLToPath(new URL('cli-entry.ts', import.meta.url))],
    bundle: true,
    // What is imported lazily (@actions/github, for --comment only) goes to a chunk of its own,
    // as ncc does for the action: the entry file is then only what a merge compiles and runs.
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outdir: join(dir, 'cli'),
    outExtension: { '.js': '.mjs' },
    logLevel: 'warning',
    banner: {
      js: "import { createRequire as __benchRequire } from 'node:module'; const require = __benchRequire(import.meta.url);",
    },
  });
  const lcov = available('lcov', ['--version']);
  console.log(
    `machine: ${cpus()[0]?.model ?? 'unknown'} × ${cpus().length}, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}, ${lcov ? execFileSync('lcov', ['--version'], { encoding: 'utf8' }).trim() : 'lcov missing'}; load average at start ${load()}`,
  );
  if (!lcov) console.log('lcov is not installed (apt-get install -y lcov): only merge-coverage is measured');
  if (!existsSync(TIME)) console.log(`${TIME} is missing (apt-get install -y time): no peak RSS`);

  for (const shape of SHAPES) {
    const reports = [0, 1].map((job) => join(dir, `job-${job}.info`));
    for (const [job, report] of reports.entries()) writeLcovReport(report, job, shape);
    const sizes = reports.map((report) => `${(statSync(report).size / 2 ** 20).toFixed(1)} MiB`).join(' + ');
    const out = (name: string) => join(dir, name);
    const ours = () =>
      measure(
        process.execPath,
        [cli, '--root', dir, '-o', out('ours'), '--formats', 'lcov', '--thresholds', '', ...reports],
        dir,
      );
    const lcovArgs = (branches: boolean) => [
      '-q',
      ...(branches ? ['--rc', 'lcov_branch_coverage=1'] : []),
      ...reports.flatMap((report) => ['-a', report]),
      '-o',
      out(branches ? 'lcov-branches.info' : 'lcov-default.info'),
    ];
    const samples = { ours: [] as Sample[], lcov: [] as Sample[], lcovDefault: [] as Sample[] };
    const loads: string[] = [load()];
    for (let round = 0; round < ROUNDS; round++) {
      if (lcov) samples.lcov.push(measure('lcov', lcovArgs(true), dir));
      samples.ours.push(ours());
      if (lcov) samples.lcovDefault.push(measure('lcov', lcovArgs(false), dir));
    }
    loads.push(load());
    console.log(
      `\nLCOV, ${shape.files} files, 2 × ${LINES.toLocaleString('en-US')} lines (${sizes}), ${ROUNDS} rounds in turns, load average ${loads.join(' → ')}`,
    );
    console.log(`  merge-coverage (bundled CLI, --formats lcov): ${describe(samples.ours)}`);
    if (lcov) {
      const agree = totals(out('ours/lcov.info')) === totals(out('lcov-branches.info'));
      console.log(`  lcov -a --rc lcov_branch_coverage=1:        ${describe(samples.lcov)}`);
      console.log(`  lcov -a (default: drops branch data):        ${describe(samples.lcovDefault)}`);
      const perRound = samples.ours.map((sample, round) => (samples.lcov[round]?.ms ?? 0) / sample.ms);
      const perRoundDefault = samples.ours.map(
        (sample, round) => (samples.lcovDefault[round]?.ms ?? 0) / sample.ms,
      );
      const rss = (list: Sample[]) => median(list.map((sample) => sample.rssMb ?? 0));
      const cpu = (list: Sample[]) => median(list.map((sample) => sample.cpuMs ?? 0));
      console.log(
        `  ratio lcov/ours: ${(median(samples.lcov.map((s) => s.ms)) / median(samples.ours.map((s) => s.ms))).toFixed(1)}× of medians, ${median(perRound).toFixed(1)}× median of rounds (lcov default: ${median(perRoundDefault).toFixed(1)}×); ` +
          `CPU time lcov/ours ${(cpu(samples.lcov) / cpu(samples.ours)).toFixed(1)}× (default ${(cpu(samples.lcovDefault) / cpu(samples.ours)).toFixed(1)}×); ` +
          `peak RSS ours/lcov ${(rss(samples.ours) / rss(samples.lcov)).toFixed(2)}; merged totals ${agree ? 'agree' : 'DIFFER'}: ${totals(out('ours/lcov.info'))}`,
      );
    }

    // The same content as Cobertura XML, written by our writer from the LCOV just merged.
    const xml = reports.map((report, job) => {
      const target = join(dir, `job-${job}.xml`);
      writeCoberturaFile(readLcovFile(report).files, { root: dir, timestamp: 0 }, target);
      return target;
    });
    mkdirSync(out('ours-xml'), { recursive: true });
    const xmlSamples: Sample[] = [];
    const xmlLoads = [load()];
    for (let round = 0; round < ROUNDS; round++)
      xmlSamples.push(
        measure(
          process.execPath,
          [cli, '--root', dir, '-o', out('ours-xml'), '--formats', 'lcov', '--thresholds', '', ...xml],
          dir,
        ),
      );
    xmlLoads.push(load());
    const xmlSizes = xml.map((file) => `${(statSync(file).size / 2 ** 20).toFixed(1)} MiB`).join(' + ');
    console.log(
      `  Cobertura, same content (${xmlSizes}), merge-coverage alone: ${describe(xmlSamples)}; LCOV above: ${median(samples.ours.map((s) => s.ms)).toFixed(0)} ms; load average ${xmlLoads.join(' → ')}`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
