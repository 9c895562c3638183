// `npm run check:structure` (scripts/check-structure.mjs): each seam of issue #16, planted in a
// small git repository, is reported with its rule and line; the clean shape of the same import
// is not; and this repository crosses none.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findCrossings, globToRegExp } from '../../../../scripts/check-structure.mjs';
import { IMPORT_RULES, PACKAGE_BOUNDARY_RULE } from '../../../../scripts/structure-rules.mjs';
import { REPO_ROOT } from '../support/repo-paths.js';

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

/** A git repository holding `files` (path → text), each package folder with a package.json. */
function repository(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'structure-'));
  folders.push(root);
  const packages = [
    'packages/vault',
    'packages/vault-image',
    'packages/e2e',
    'packages/coverage',
    'actions/setup-vault',
    'actions/merge-coverage',
  ];
  const all: Record<string, string> = { 'package.json': '{}', ...files };
  for (const pkg of packages) all[`${pkg}/package.json`] = '{}';
  for (const [path, text] of Object.entries(all)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  execFileSync('git', ['init', '-q'], { cwd: root });
  return root;
}

// One planted crossing per rule, and beside it the import that rule allows.
const PLANTED: Record<string, { bad: Record<string, string>; good: Record<string, string> }> = {
  'client-sdk-without-server': {
    bad: {
      'packages/vault/src/client/index.ts': "export { MAX } from '../oidc/verify-provider-jwt.js';\n",
      'packages/vault/src/oidc/verify-provider-jwt.ts': 'export const MAX = 1;\n',
    },
    good: {
      'packages/vault/src/client/index.ts': "export { MAX } from '../protocol/exchange-limits.js';\n",
      'packages/vault/src/protocol/exchange-limits.ts': 'export const MAX = 1;\n',
    },
  },
  'core-without-transport': {
    bad: {
      'packages/vault/src/oidc/token-exchange.ts':
        "import type { CallOutcome } from '../grpc/unary-call.js';\n",
      'packages/vault/src/grpc/unary-call.ts': 'export type CallOutcome = string;\n',
    },
    good: {
      'packages/vault/src/oidc/token-exchange.ts': "import type { CallOutcome } from '../call-outcome.js';\n",
      'packages/vault/src/call-outcome.ts': 'export type CallOutcome = string;\n',
    },
  },
  'vault-runtime-without-build-tooling': {
    bad: { 'packages/vault/src/image/build.ts': "import Docker from 'dockerode';\n" },
    good: { 'packages/vault-image/src/build.ts': "import Docker from 'dockerode';\n" },
  },
  'vault-below-e2e': {
    bad: {
      'packages/vault/test/support/vault-container.ts':
        "import { start } from '@runevault/e2e/drivers/docker';\n",
    },
    good: {
      'packages/e2e/test/support/vault-container.ts':
        "import { start } from '@runevault/e2e/drivers/docker';\n",
    },
  },
  'sources-without-tests': {
    bad: {
      'packages/e2e/src/driver.ts': "import { x } from '../test/support/helper.js';\n",
      'packages/e2e/test/support/helper.ts': 'export const x = 1;\n',
    },
    good: {
      'packages/e2e/test/unit/driver.test.ts': "import { x } from '../support/helper.js';\n",
      'packages/e2e/test/support/helper.ts': 'export const x = 1;\n',
    },
  },
  'scripts-through-exports': {
    bad: {
      'scripts/ci-tier.mjs': "import { run } from '../packages/e2e/test/support/job-runner.ts';\n",
      'packages/e2e/test/support/job-runner.ts': 'export const run = 1;\n',
    },
    good: { 'scripts/ci-tier.mjs': "import { run } from '@runevault/action-runner';\n" },
  },
  'tests-through-package-exports': {
    bad: {
      'packages/coverage/test/unit/x.test.ts':
        "import { runAction } from '../../../e2e/test/support/runner.js';\n",
      'packages/e2e/test/support/runner.ts': 'export const runAction = 1;\n',
    },
    good: {
      'packages/coverage/test/unit/x.test.ts':
        "import { runAction } from '@runevault/action-runner';\nimport { own } from '../support/own.js';\n",
      'packages/coverage/test/support/own.ts': 'export const own = 1;\n',
      'actions/setup-vault/test/unit/inputs.test.ts':
        "import { logSafe } from '../../../common/src/log-safe.js';\nimport { read } from '../../src/inputs.js';\n",
      'actions/common/src/log-safe.ts': 'export const logSafe = 1;\n',
      'actions/setup-vault/src/inputs.ts': 'export const read = 1;\n',
    },
  },
};

describe('check-structure', () => {
  it('has a planted crossing for every rule', () => {
    expect(Object.keys(PLANTED).sort()).toEqual(
      [...IMPORT_RULES.map((rule) => rule.name), PACKAGE_BOUNDARY_RULE.name].sort(),
    );
  });

  it.each(Object.entries(PLANTED))(
    '%s: the planted import is reported with its line; the clean one is not',
    (rule, files) => {
      const bad = findCrossings(repository(files.bad)).crossings;
      expect(bad.map((c) => c.rule)).toContain(rule);
      const crossing = bad.find((c) => c.rule === rule);
      expect(crossing?.line).toBe(1);
      expect(crossing?.why.length).toBeGreaterThan(20);
      expect(findCrossings(repository(files.good)).crossings).toEqual([]);
    },
  );

  it('finds imports on any line, re-exports and dynamic import() included', () => {
    const root = repository({
      'packages/vault/src/client/index.ts':
        "// header\nimport type { A } from './a.js';\n\nexport * from '../tokens/store.js';\nconst m = await import('jose');\n",
      'packages/vault/src/client/a.ts': 'export type A = 1;\n',
      'packages/vault/src/tokens/store.ts': 'export const s = 1;\n',
    });
    const found = findCrossings(root).crossings.map((c) => `${c.line} ${c.reached}`);
    expect(found).toEqual(['4 packages/vault/src/tokens/store.ts', '5 jose']);
  });

  it('reads globs: * is one segment, ** any, {a,b} either', () => {
    expect(globToRegExp('packages/*/src/**').test('packages/vault/src/a/b.ts')).toBe(true);
    expect(globToRegExp('packages/*/src/**').test('packages/vault/x/src/a.ts')).toBe(false);
    expect(globToRegExp('**/test/**').test('actions/x/test/unit/a.test.ts')).toBe(true);
    expect(globToRegExp('packages/vault/src/{grpc,admin}/**').test('packages/vault/src/admin/x.ts')).toBe(
      true,
    );
    expect(globToRegExp('packages/vault/src/{grpc,admin}/**').test('packages/vault/src/http/x.ts')).toBe(
      false,
    );
  });

  it('this repository crosses no seam', () => {
    const { crossings, filesChecked } = findCrossings(REPO_ROOT);
    expect(filesChecked).toBeGreaterThan(300);
    expect(crossings.map((c) => `${c.file}:${c.line} ${c.rule} ${c.reached}`)).toEqual([]);
  });
});
