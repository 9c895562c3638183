import { defineConfig } from 'vitest/config';

// Two projects: `unit` is fast and pure (no sockets, no FHE keygen beyond tiny params);
// `integration` starts real gRPC/HTTP servers on loopback and real SEAL workers.
export default defineConfig({
  test: {
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
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
          include: ['packages/*/test/unit/**/*.test.ts'],
          testTimeout: 20_000,
          // @actions/workflow-parser imports its JSON schema without `with { type: 'json' }`, which
          // Node's own loader rejects; through Vite's transform it loads.
          server: { deps: { inline: ['@actions/workflow-parser'] } },
        },
      },
      {
        test: {
          name: 'integration',
          include: ['packages/*/test/integration/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // Servers bind real ports and SEAL workers are CPU heavy: keep files sequential on 2 cores.
          fileParallelism: false,
        },
      },
    ],
  },
});
