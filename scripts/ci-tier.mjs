#!/usr/bin/env node
// `npm run ci:tier1|ci:tier2|ci:tier3`: runs on this machine what a CI tier runs, read from the
// workflow files themselves (the jobs whose name says "(tier N"), step by step, printing each
// step and its wall time, then a table. `run:` steps go through bash, `uses: ./actions/*` through
// the action harness, third-party steps (checkout, setup-node, upload-artifact) are logged no-ops.
//
//   node scripts/ci-tier.mjs 1|2|3 [--install] [--parallel] [--job ID…] [--shard I/N]
//
// --job ID runs only that job of the tier (repeatable).
// --shard I/N (tier 2) runs the I-th of N shards of the integration tests, as the I-th runner of
// ci.yml's integration-tests matrix does (its TEST_SHARD), with the changes job it needs.
// --parallel starts every job whose needs are met at once, as CI does (output prefixed [job]);
// by default jobs run one after another.
// Locally `npm ci` is skipped (it would replace the node_modules this checkout shares; --install
// runs it), and so is setup-vault's install. Tiers 2 and 3 first make sure a Docker engine
// answers (scripts/ensure-docker.sh), as GitHub's runners have one.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { tsImport } from 'tsx/esm/api';
import { parse } from 'yaml';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const WORKFLOW_OF_TIER = {
  1: '.github/workflows/ci.yml',
  2: '.github/workflows/ci.yml',
  3: '.github/workflows/e2e.yml',
};

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    install: { type: 'boolean' },
    parallel: { type: 'boolean' },
    job: { type: 'string', multiple: true },
    shard: { type: 'string' },
  },
});
const tier = Number(positionals[0]);
const workflowPath = WORKFLOW_OF_TIER[tier];
if (!workflowPath) {
  console.error('usage: node scripts/ci-tier.mjs 1|2|3 [--install] [--parallel] [--job ID…]');
  process.exit(2);
}

/** Job ids whose name says "(tier N" (e.g. "lint (tier 1)", "changes (tier 2 gate)"), in file order. */
function jobsOfTier(workflowText, n) {
  const jobs = parse(workflowText).jobs ?? {};
  return Object.entries(jobs)
    .filter(([, job]) => new RegExp(`\\(tier ${n}\\b`).test(job?.name ?? ''))
    .map(([id]) => id);
}

/** `I/N` with 1 ≤ I ≤ N, as vitest's --shard takes it. */
function parseShard(text) {
  const match = /^(\d+)\/(\d+)$/.exec(text);
  const [index, count] = match ? [Number(match[1]), Number(match[2])] : [0, 0];
  if (!match || index < 1 || index > count) {
    console.error(`--shard ${JSON.stringify(text)} is not I/N with 1 <= I <= N (e.g. --shard 2/3)`);
    process.exit(2);
  }
  return `${index}/${count}`;
}
const shard = values.shard === undefined ? undefined : parseShard(values.shard);
if (shard && tier !== 2) {
  console.error('--shard splits the integration tests: use it with tier 2');
  process.exit(2);
}

const tierJobs = jobsOfTier(readFileSync(join(REPO_ROOT, workflowPath), 'utf8'), tier);
const unknown = (values.job ?? []).filter((id) => !tierJobs.includes(id));
if (unknown.length > 0) {
  console.error(`tier ${tier} has no job ${unknown.join(', ')}; its jobs: ${tierJobs.join(', ')}`);
  process.exit(2);
}
const jobs = values.job
  ? tierJobs.filter((id) => values.job.includes(id))
  : shard
    ? tierJobs.filter((id) => id === 'changes' || id === 'integration-tests')
    : tierJobs;
const started = performance.now();
const log = (line) => console.log(line);
log(`ci:tier${tier}: ${workflowPath} jobs ${jobs.join(', ')}${shard ? `, integration shard ${shard}` : ''}`);

const localSteps = [];
if (tier >= 2) {
  const t0 = performance.now();
  const docker = spawnSync('bash', ['scripts/ensure-docker.sh'], { cwd: REPO_ROOT, encoding: 'utf8' });
  const ms = performance.now() - t0;
  log(
    `  ${(docker.stdout ?? '').trim() || 'docker: ensure-docker.sh printed nothing'} (${(ms / 1000).toFixed(1)} s)`,
  );
  localSteps.push({ name: 'docker engine (local only)', ms });
}

const { runWorkflowJobs } = await tsImport('@runevault/action-runner/jobs', import.meta.url);
const reports = await runWorkflowJobs({
  workflow: workflowPath,
  jobs,
  repoRoot: REPO_ROOT,
  eventName: tier === 3 ? 'workflow_dispatch' : 'push',
  parallel: values.parallel ?? false,
  log,
  // Wins over the job's own env (where TEST_SHARD is empty without a matrix).
  env: shard ? { TEST_SHARD: shard } : {},
  skipRun: (run) =>
    !values.install && /^npm ci\b/.test(run)
      ? 'npm ci skipped locally: node_modules is shared (--install runs it)'
      : undefined,
  inputOverrides: values.install ? {} : { './actions/setup-vault': { install: 'false' } },
});
const wallMs = performance.now() - started;

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
log('');
log(
  `tier ${tier} (${workflowPath}), jobs ${values.parallel ? 'in parallel where needs allow' : 'one after another'}:`,
);
for (const step of localSteps) log(`  ${step.name.padEnd(40)} ${'local'.padEnd(8)} ${seconds(step.ms)}`);
for (const report of reports) {
  log(`  ${report.id.padEnd(40)} ${report.result.padEnd(8)} ${seconds(report.ms)}`);
  for (const step of report.steps)
    log(
      `    ${step.name.slice(0, 50).padEnd(50)} ${step.outcome.padEnd(8)} ${seconds(step.ms)}${step.note ? `  (${step.note})` : ''}`,
    );
}
const failed = reports.filter((report) => report.result === 'failure');
log(
  `ci:tier${tier}: ${failed.length === 0 ? 'passed' : `failed (${failed.map((r) => r.id).join(', ')})`} in ${seconds(wallMs)} wall`,
);
process.exitCode = failed.length === 0 ? 0 : 1;
