#!/usr/bin/env node
// `npm test`: every vitest project with coverage, then the one closing line CI reads
// ("N passed, N failed"), computed from vitest's JSON results rather than its console text.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { describeSkips, filesThatFailedToLoad, skippedTests, skipsRefusedUnderCi } from './skipped-tests.mjs';

const args = process.argv.slice(2);
// The container tests live in the integration project: set up a Docker engine first (install,
// start) so one command works on a fresh machine. ensure-docker never fails; its one line is
// handed to the tests, which skip with it when no engine answers.
const projects = args.flatMap((arg, i) =>
  arg.startsWith('--project=') ? [arg.slice(10)] : args[i - 1] === '--project' ? [arg] : [],
);
if (projects.length === 0 || projects.some((name) => name.startsWith('integration'))) {
  const ensure = spawnSync('bash', ['scripts/ensure-docker.sh'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line =
    (ensure.stdout ?? '').trim() || `docker: ensure-docker.sh printed nothing (exit ${ensure.status})`;
  console.log(line);
  process.env.RUNEVAULT_DOCKER_STATUS = line;
}

// Non-npm test tools (python3-coverage for the merge-coverage fixtures).
const tools = spawnSync('bash', ['scripts/ensure-test-tools.sh'], {
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'inherit'],
});
console.log((tools.stdout ?? '').trim());

const resultsFile = 'test-results/vitest.json';
rmSync(resultsFile, { force: true });
const run = spawnSync('npx', ['vitest', 'run', '--coverage', ...args], { stdio: 'inherit' });

if (!existsSync(resultsFile)) {
  console.error(`vitest wrote no results to ${resultsFile} (exit ${run.status}); see the output above`);
  console.log('0 passed, 1 failed');
  process.exit(run.status || 1);
}
const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
const passed = results.numPassedTests ?? 0;
// A container left behind by any test is a failure of the suite as a whole (issue: "after
// the whole test suite, no labelled container remains").
const leftovers = spawnSync(process.execPath, ['scripts/leftover-containers.mjs'], { stdio: 'inherit' });
// A file that fails to load counts as a failure even though it ran no test (vitest's JSON has
// no count of such files: they are the failed files without a single test result).
const loadFailures = filesThatFailedToLoad(results, process.cwd());
let failed = (results.numFailedTests ?? 0) + loadFailures.length + (leftovers.status === 1 ? 1 : 0);
const skipped = (results.numPendingTests ?? 0) + (results.numTodoTests ?? 0);
// Say why each skip happened; under CI only the skips on ALLOWED_SKIPS pass (each that is not
// counts as a failure, named here).
for (const line of loadFailures) console.log(`failed to load: ${line}`);
const skips = skippedTests(results, process.cwd());
for (const line of describeSkips(skips)) console.log(line);
const refusedSkips = skipsRefusedUnderCi(skips);
for (const skip of refusedSkips) {
  console.log(`not allowed under CI (scripts/skipped-tests.mjs ALLOWED_SKIPS): ${skip.file} › ${skip.name}`);
}
failed += refusedSkips.length;
const exitCode = run.status === 0 && failed === 0 && passed > 0 ? 0 : run.status || 1;
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(exitCode);
