#!/usr/bin/env node
// Refreshes vitest.shard-weights.json (what vitest.shards.ts splits `--shard` runs by) from the
// JSON report of a run (reporters: json, e.g. test-results/vitest.json): each test file's
// seconds, by path. Files the report does not hold keep their weight.
//
//   node scripts/shard-weights.mjs test-results/vitest.json [more.json…]
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const TARGET = join(REPO_ROOT, 'vitest.shard-weights.json');
const reports = process.argv.slice(2);
if (reports.length === 0) {
  console.error('usage: node scripts/shard-weights.mjs <vitest JSON report>…');
  process.exit(2);
}

const weights = existsSync(TARGET) ? JSON.parse(readFileSync(TARGET, 'utf8')) : {};
let updated = 0;
for (const path of reports) {
  const report = JSON.parse(readFileSync(path, 'utf8'));
  for (const file of report.testResults ?? []) {
    if (typeof file.startTime !== 'number' || typeof file.endTime !== 'number') continue;
    weights[relative(REPO_ROOT, file.name).split('\\').join('/')] =
      Math.round((file.endTime - file.startTime) / 100) / 10;
    updated++;
  }
}
const sorted = Object.fromEntries(Object.entries(weights).sort(([a], [b]) => (a < b ? -1 : 1)));
writeFileSync(`${TARGET}.tmp`, `${JSON.stringify(sorted, null, 2)}\n`);
renameSync(`${TARGET}.tmp`, TARGET);
console.log(`${TARGET}: ${updated} file(s) updated, ${Object.keys(sorted).length} in all`);
