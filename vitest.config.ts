import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { WeightedShardSequencer } from './vitest.shards.js';

const ROOT = fileURLToPath(new URL('.', import.meta.url));
// Each package's tests, each action's beside it (actions/NAME/test), and the tests of the actions
// together (actions/test).
const TEST_ROOTS = ['packages/*/test', 'actions/*/test', 'actions/test'];
const UNIT_TESTS = TEST_ROOTS.map((root) => `${root}/unit/**/*.test.ts`);
const INTEGRATION_TESTS = TEST_ROOTS.map((root) => `${root}/integration/**/*.test.ts`);

/** Test files under TEST_ROOTS/KIND whose text matches `pattern`, relative to the root. */
function testFilesMatching(kind: 'unit' | 'integration', pattern: RegExp): string[] {
  const dirs = TEST_ROOTS.flatMap((root) => {
    const [parent = '', star] = root.split('/*/');
    if (star === undefined) return [join(root, kind)];
    return readdirSync(join(ROOT, parent)).map((name) => join(parent, name, star, kind));
  });
  return dirs
    .filter((dir) => existsSync(join(ROOT, dir)))
    .flatMap((dir) =>
      readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' }).map((file) => join(dir, file)),
    )
    .filter((file) => file.endsWith('.test.ts') && pattern.test(readFileSync(join(ROOT, file), 'utf8')))
    .sort();
}

/**
 * Unit files that replace modules with vi.mock()/vi.doMock() need a module graph of their own;
 * every other unit file shares one per worker (isolate: false), which cut the unit run from
 * 47 s to 16 s here (module imports were most of it). Found by reading the files, so a new
 * mocking test is isolated without anyone having to remember it.
 */
const MOCKS_MODULES = /\bvi\.(?:do)?[mM]ock\(/;
const mockingUnitFiles = testFilesMatching('unit', MOCKS_MODULES);

// Integration files share module graphs (isolate: false below), where a module mock would leak
// into the next file: say so at once rather than let it flake.
const mockingIntegrationFiles = testFilesMatching('integration', MOCKS_MODULES);
if (mockingIntegrationFiles.length > 0) {
  throw new Error(
    `integration tests use real modules, but ${mockingIntegrationFiles.join(', ')} call vi.mock(): ` +
      'move the mocking test under test/unit/ (where such files are isolated), or inject the dependency',
  );
}

/** A project include list must not be empty (that would mean "the default globs"). */
const orNothing = (files: string[]) => (files.length > 0 ? files : ['no-such-test-file']);

// Projects: `unit` and `unit-mocks` are fast and pure (no sockets, no FHE keygen beyond tiny
// params; `--project 'unit*'` runs both); `integration` starts real gRPC/HTTP servers on
// loopback, real SEAL workers, daemons and containers.
export default defineConfig({
  test: {
    reporters: ['default', 'json'],
    // VITEST_JSON: another place, e.g. one file per shard to compare shards with an unsharded
    // run (scripts/compare-shard-results.mjs).
    outputFile: { json: process.env.VITEST_JSON || 'test-results/vitest.json' },
    // Vitest's default leaves one core idle, which on a 2-core runner halved the unit run; one
    // worker more than cores, because integration files wait on daemons and the engine as much
    // as they compute (integration 137 s with 2 workers, 131 s with 3, here).
    maxWorkers: availableParallelism() + 1,
    // --shard i/n splits by recorded duration (vitest.shards.ts), not by file count.
    sequence: { sequencer: WeightedShardSequencer },
    coverage: {
      provider: 'v8',
      reporter: ['text-summary', 'lcov', 'cobertura', 'json', 'json-summary'],
      reportsDirectory: 'coverage',
      include: ['packages/*/src/**/*.ts'],
    },
    projects: [
      {
        test: {
          name: 'unit',
          include: UNIT_TESTS,
          exclude: mockingUnitFiles,
          isolate: false,
          testTimeout: 20_000,
          // @actions/workflow-parser imports its JSON schema without `with { type: 'json' }`, which
          // Node's own loader rejects; through Vite's transform it loads.
          server: { deps: { inline: ['@actions/workflow-parser'] } },
        },
      },
      {
        test: {
          name: 'unit-mocks',
          include: orNothing(mockingUnitFiles),
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: INTEGRATION_TESTS,
          // Files share a worker's module graph (no file mocks modules); each starts its own
          // servers, daemons and containers on free ports, temp folders and run labels, so they
          // run side by side. The image they share is built once, first.
          isolate: false,
          globalSetup: ['packages/vault-image/test/support/integration-global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
