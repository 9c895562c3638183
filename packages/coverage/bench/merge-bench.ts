// `npm run bench -w @runevault/coverage`: merges two generated reports of 100,000 instrumented
// lines each, LCOV and then Cobertura, in a fresh process per run (peak RSS = that process's
// maxRSS), and prints the median time of mergeCoverage() (find, read, merge, write all four
// formats) and the peak RSS. Targets: ≤ 1 s median, ≤ 300 MB peak RSS.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { writeCoberturaReport, writeLcovReport } from './generate-reports.js';

const run = promisify(execFile);
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const SHAPE = { files: 500, linesPerFile: 200 };
const MERGE_ONCE = fileURLToPath(new URL('merge-once.ts', import.meta.url));
const TSX = fileURLToPath(new URL('../../../node_modules/tsx/dist/cli.mjs', import.meta.url));

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
};

const dir = mkdtempSync(join(tmpdir(), 'merge-coverage-bench-'));
try {
  const cases = [
    {
      name: 'LCOV',
      files: [0, 1].map((job) => {
        const file = join(dir, `job-${job}.info`);
        return { file, lines: writeLcovReport(file, job, SHAPE) };
      }),
    },
    {
      name: 'Cobertura (coverage.py)',
      files: [0, 1].map((job) => {
        const file = join(dir, `job-${job}.xml`);
        return { file, lines: writeCoberturaReport(file, job, SHAPE) };
      }),
    },
  ];
  console.log(
    `machine: ${cpus()[0]?.model ?? 'unknown'} × ${cpus().length}, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}; load average at start ${loadavg()[0]?.toFixed(1)}`,
  );
  for (const { name, files } of cases) {
    const sizes = files.map(({ file }) => `${(statSync(file).size / 2 ** 20).toFixed(1)} MiB`).join(' + ');
    const samples: { ms: number; cpuMs: number; maxRssKb: number; wallMs: number }[] = [];
    let last = '';
    for (let index = 0; index < RUNS; index++) {
      const started = performance.now();
      const { stdout } = await run(process.execPath, [
        TSX,
        MERGE_ONCE,
        join(dir, `out-${index}`),
        '/ci/job-0/checkout',
        ...files.map(({ file }) => file),
      ]);
      const wallMs = performance.now() - started;
      last = stdout.trim().split('\n').at(-1) ?? '';
      samples.push({ ...JSON.parse(last), wallMs });
      rmSync(join(dir, `out-${index}`), { recursive: true, force: true });
    }
    const loadNow = loadavg()[0]?.toFixed(1);
    const result = JSON.parse(last);
    console.log(
      `${name}: 2 × ${files[0]?.lines.toLocaleString('en-US')} instrumented lines (${sizes}) → ${result.lines.total.toLocaleString('en-US')} merged lines, ${result.files} files`,
    );
    console.log(
      `  mergeCoverage median ${median(samples.map((s) => s.ms)).toFixed(0)} ms (min ${Math.min(...samples.map((s) => s.ms)).toFixed(0)}, max ${Math.max(...samples.map((s) => s.ms)).toFixed(0)}) over ${RUNS} runs (CPU time median ${median(samples.map((s) => s.cpuMs)).toFixed(0)} ms); ` +
        `peak RSS median ${(median(samples.map((s) => s.maxRssKb)) / 1024).toFixed(0)} MB (max ${(Math.max(...samples.map((s) => s.maxRssKb)) / 1024).toFixed(0)} MB); ` +
        `whole process (node + tsx start) median ${median(samples.map((s) => s.wallMs)).toFixed(0)} ms; load average ${loadNow}`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
