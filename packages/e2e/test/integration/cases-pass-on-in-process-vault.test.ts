import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_CASES } from '../../src/cases/index.js';
import { formatConsoleReport } from '../../src/reporters/console-reporter.js';
import { runCases } from '../../src/runner.js';
import {
  IN_PROCESS_CASES as CASES,
  IN_PROCESS_GRPC,
  type InProcessVault,
  startInProcessVault,
} from '../support/in-process-vault.js';

let vault: InProcessVault;
beforeAll(async () => {
  vault = await startInProcessVault({
    oidc: true,
    config: { server: { grpc: IN_PROCESS_GRPC } },
  });
});
afterAll(async () => {
  await vault?.stop();
});

describe('every case against a healthy in-process vault', () => {
  it('passes all but tls, which it skips on a plaintext vault', async () => {
    const result = await runCases(vault, CASES);
    process.stdout.write(formatConsoleReport(result));
    const failed = result.cases.filter((c) => c.status === 'failed').map((c) => `${c.name}: ${c.message}`);
    expect(failed).toEqual([]);
    expect(result.cases.filter((c) => c.status === 'skipped').map((c) => c.name)).toEqual(['tls']);
    expect(result.passed).toBe(ALL_CASES.length - 1);
  });

  it('a second run against the same vault passes too (names are unique per run)', async () => {
    const result = await runCases(vault, CASES, { exclude: ['tls'] });
    expect(result.cases.filter((c) => c.status !== 'passed')).toEqual([]);
  });
});
