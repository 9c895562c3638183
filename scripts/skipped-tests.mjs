// Which tests skipped, why, and which of those skips CI accepts. `npm test` prints the
// reasons before its closing line; under CI=true a skip that is not on ALLOWED_SKIPS fails
// the run, so a missing real component can never turn into a quietly green check.
import { relative } from 'node:path';

/**
 * The only skips CI accepts. Each names the file, words of the test's full name, and why
 * skipping there proves nothing is missing. Add to it only with such a reason.
 */
export const ALLOWED_SKIPS = [
  {
    file: 'packages/vault/test/unit/fs/atomic-write.test.ts',
    test: 'keeps the old content when the directory is read-only',
    why: 'root ignores directory permissions, and CI runs as root: the case cannot arise there',
  },
  {
    file: 'packages/vault/test/integration/admin/admin-server.test.ts',
    test: 'socket file connections from another uid',
    why: 'only root can connect as another uid (nobody); as a non-root user there is no second uid to try',
  },
  {
    file: 'packages/vault-image/test/unit/build-offline-base.test.ts',
    test: 'offline base image',
    why: 'the offline base reads the Linux loader and libraries of the host node; other systems have none',
  },
];

const SKIPPED = new Set(['skipped', 'pending', 'todo']);
const REASON_IN_TITLE = /\(skipped: (.*)\)\s*$/;

/** Every skipped test in vitest's JSON results, with its reason and whether CI allows it. */
export function skippedTests(results, rootDir, allowed = ALLOWED_SKIPS) {
  const skips = [];
  for (const file of results.testResults ?? []) {
    const path = relative(rootDir, file.name);
    for (const test of file.assertionResults ?? []) {
      if (!SKIPPED.has(test.status)) continue;
      const titled = [...(test.ancestorTitles ?? []), test.title].map((t) => REASON_IN_TITLE.exec(t ?? ''));
      const reason = titled.find(Boolean)?.[1] ?? 'its own condition (skipIf/runIf/ctx.skip)';
      const fullName = test.fullName ?? test.title;
      const allow = allowed.find((a) => a.file === path && fullName.includes(a.test));
      skips.push({ file: path, name: fullName, reason, allowedBecause: allow?.why });
    }
  }
  return skips;
}

/** Test files that failed before running a test (an import that threw, e.g. a missing engine under CI). */
export function filesThatFailedToLoad(results, rootDir) {
  return (results.testResults ?? [])
    .filter((file) => file.status === 'failed' && (file.assertionResults ?? []).length === 0)
    .map((file) => `${relative(rootDir, file.name)}: ${(file.message || 'failed to load').split('\n')[0]}`);
}

/** The skips that fail the run: under CI (CI=true or 1) every one not on the allow list. */
export function skipsRefusedUnderCi(skips, env = process.env) {
  const ci = env.CI === 'true' || env.CI === '1';
  return ci ? skips.filter((skip) => !skip.allowedBecause) : [];
}

/** Lines for the end of the run: one per reason, with how many tests and which files. */
export function describeSkips(skips) {
  const byReason = new Map();
  for (const skip of skips) {
    const entry = byReason.get(skip.reason) ?? { count: 0, files: new Set() };
    entry.count++;
    entry.files.add(skip.file);
    byReason.set(skip.reason, entry);
  }
  return [...byReason].map(
    ([reason, { count, files }]) => `skipped ${count} (${[...files].join(', ')}): ${reason}`,
  );
}
