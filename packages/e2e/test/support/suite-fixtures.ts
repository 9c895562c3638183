import type { CaseResult, SuiteResult } from '../../src/runner.js';
import type { VaultUnderTest } from '../../src/vault-under-test.js';

/** A VaultUnderTest with no vault behind it, for runner tests: logs and secrets are given. */
export function stubVault(over: Partial<VaultUnderTest> = {}): VaultUnderTest {
  return {
    driver: 'address',
    grpcAddress: '127.0.0.1:1',
    httpUrl: 'http://127.0.0.1:1',
    token: `evt_${'1'.repeat(32)}`,
    issueToken: async () => `evt_${'2'.repeat(32)}`,
    createRole: async () => {},
    readLogs: async () => '',
    knownSecrets: async () => ({ secKeyFragments: [] }),
    stop: async () => {},
    ...over,
  };
}

export function suiteOf(cases: CaseResult[], over: Partial<SuiteResult> = {}): SuiteResult {
  const count = (s: CaseResult['status']) => cases.filter((c) => c.status === s).length;
  return {
    cases,
    passed: count('passed'),
    failed: count('failed'),
    skipped: count('skipped'),
    durationMs: 1234,
    startedAt: '2026-03-20T10:00:00.000Z',
    ...over,
  };
}

export const SAMPLE_SUITE = suiteOf([
  { id: 1, name: 'health', status: 'passed', durationMs: 12 },
  {
    id: 5,
    name: 'public-key',
    status: 'failed',
    durationMs: 340,
    message: 'expected a key bundle, got UNAUTHENTICATED: Invalid authentication token',
    logExcerpt: 'line one\nline two',
  },
  { id: 16, name: 'tls', status: 'skipped', durationMs: 0, message: 'needs tls: plaintext' },
]);
