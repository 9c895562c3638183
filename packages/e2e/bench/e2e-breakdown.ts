// `npm run bench -w @runevault/e2e`: where the time of `npm run e2e` goes, with a warm image
// cache — image build (reuse), create → healthy, token issue, each case, the 8 core cases
// alone, and the whole run. Prints medians over a few runs; asserts nothing.
import { ALL_CASES } from '../src/cases/index.js';
import { selectDriver, startSelectedDriver } from '../src/drivers/index.js';
import { runCases } from '../src/runner.js';

const RUNS = Number(process.env.E2E_BENCH_RUNS ?? 3);
const CORE = ['1', '2', '3', '4', '5', '6', '7', '8'];

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? Number.NaN;
};

async function oneRun() {
  const started = performance.now();
  const selection = await selectDriver('auto');
  const vault = await startSelectedDriver(selection, { log: () => {} });
  try {
    const all = await runCases(vault, ALL_CASES, { available: [] });
    const core = await runCases(vault, ALL_CASES, { only: CORE });
    const timings = (vault as { timings?: Record<string, number> }).timings ?? {};
    return {
      driver: selection.driver,
      timings,
      cases: Object.fromEntries(
        all.cases.map((c) => [`${String(c.id).padStart(2, '0')}-${c.name}`, c.durationMs]),
      ),
      allCasesMs: all.durationMs,
      coreCasesMs: core.durationMs,
      failed: all.failed + core.failed,
      totalMs: performance.now() - started,
    };
  } finally {
    await vault.stop();
  }
}

const runs = [];
for (let i = 0; i < RUNS; i++) runs.push(await oneRun());
const row = (name: string, values: number[], target = '') =>
  console.log(`${name.padEnd(44)} ${median(values).toFixed(0).padStart(7)} ms   ${target}`);
console.log(
  `e2e breakdown, driver ${runs[0]?.driver}, median of ${RUNS} runs (failures: ${runs.map((r) => r.failed).join(',')})`,
);
for (const key of Object.keys(runs[0]?.timings ?? {}))
  row(
    `vault: ${key}`,
    runs.map((r) => r.timings[key] ?? Number.NaN),
  );
for (const key of Object.keys(runs[0]?.cases ?? {}))
  row(
    `case ${key}`,
    runs.map((r) => r.cases[key] ?? Number.NaN),
  );
row(
  'the 8 core cases together',
  runs.map((r) => r.coreCasesMs),
  '(target ≤ 2,000)',
);
row(
  'all cases (concurrent where allowed)',
  runs.map((r) => r.allCasesMs),
);
row(
  'whole run: start → cases → stop',
  runs.map((r) => r.totalMs),
  '(target ≤ 20,000)',
);
