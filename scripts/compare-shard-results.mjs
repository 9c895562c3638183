#!/usr/bin/env node
// Do the shards of a test run pass the same tests as the run unsharded? Reads vitest JSON
// reports (reporters: json) — one of an unsharded run, one per shard — and compares the set of
// passed test ids (file relative to the repository, then the test's full name) of the unsharded
// run with the union of the shards'. Also says when a test ran in two shards (it must not).
//
//   node scripts/compare-shard-results.mjs --unsharded all.json shard-1.json shard-2.json …
//
// Exit 0 when the sets are equal, 1 when they differ (each difference listed), 2 on bad usage.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { unsharded: { type: 'string' } },
});
if (!values.unsharded || positionals.length === 0) {
  console.error('usage: node scripts/compare-shard-results.mjs --unsharded all.json shard-1.json …');
  process.exit(2);
}

/** Test id → status, for every test of a vitest JSON report. */
function testsOf(path) {
  let report;
  try {
    report = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    console.error(`cannot read the vitest JSON report ${path}: ${error.message}`);
    process.exit(2);
  }
  const tests = new Map();
  for (const file of report.testResults ?? []) {
    const name = relative(REPO_ROOT, file.name);
    for (const test of file.assertionResults ?? []) tests.set(`${name} > ${test.fullName}`, test.status);
  }
  return tests;
}

const passed = (tests) => new Set([...tests].filter(([, status]) => status === 'passed').map(([id]) => id));
const unsharded = testsOf(values.unsharded);
const shards = positionals.map((path) => ({ path, tests: testsOf(path) }));
const union = new Set();
const seenIn = new Map();
for (const { path, tests } of shards)
  for (const id of tests.keys()) seenIn.set(id, [...(seenIn.get(id) ?? []), path]);
for (const { tests } of shards) for (const id of passed(tests)) union.add(id);
const expected = passed(unsharded);
const onlyUnsharded = [...expected].filter((id) => !union.has(id)).sort();
const onlyShards = [...union].filter((id) => !expected.has(id)).sort();
const twice = [...seenIn].filter(([, paths]) => paths.length > 1);

for (const { path, tests } of shards)
  console.log(`${path}: ${tests.size} tests, ${passed(tests).size} passed`);
console.log(`${values.unsharded} (unsharded): ${unsharded.size} tests, ${expected.size} passed`);
console.log(`union of the shards: ${union.size} passed`);
for (const id of onlyUnsharded)
  console.log(`  passed unsharded only: ${id} (in the shards: ${shardStatus(id)})`);
for (const id of onlyShards)
  console.log(`  passed in a shard only: ${id} (unsharded: ${unsharded.get(id) ?? 'absent'})`);
for (const [id, paths] of twice) console.log(`  in more than one shard: ${id} (${paths.join(', ')})`);
const same = onlyUnsharded.length === 0 && onlyShards.length === 0 && twice.length === 0;
console.log(same ? 'same tests passed sharded as unsharded' : 'DIFFERENT: see above');
process.exitCode = same ? 0 : 1;

function shardStatus(id) {
  const statuses = shards.flatMap(({ tests }) => (tests.has(id) ? [tests.get(id)] : []));
  return statuses.length === 0 ? 'absent' : statuses.join(', ');
}
