// run() with @actions/core and the suite replaced: what it reports, not how it logs.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SuiteOutcome } from '../../src/run-e2e-suite.js';

const calls: string[] = [];
const inputs: Record<string, string> = {};
const TOKEN = `evt_${'cd'.repeat(16)}`;

vi.mock('@actions/core', () => ({
  ExitCode: { Success: 0, Failure: 1 },
  getInput: vi.fn((name: string) => {
    calls.push(`getInput ${name}`);
    return inputs[name] ?? '';
  }),
  setSecret: vi.fn((value: string) => calls.push(`setSecret ${value}`)),
  setOutput: vi.fn(),
  setFailed: vi.fn(),
  info: vi.fn(),
  error: vi.fn(),
  warning: vi.fn(),
}));

function outcome(counts: { passed: number; failed: number; skipped: number }, problems: string[] = []) {
  return {
    suite: { cases: [], ...counts, durationMs: 1234, startedAt: '2025-01-01T00:00:00.000Z' },
    junitPath: '/w/e2e-junit.xml',
    reportProblems: problems,
  } as SuiteOutcome;
}

vi.mock('../../src/run-e2e-suite.js', async (importOriginal) => ({
  ...(await importOriginal<object>()),
  runE2eSuite: vi.fn(async () => outcome({ passed: 14, failed: 0, skipped: 1 })),
}));

const core = await import('@actions/core');
const { runE2eSuite } = await import('../../src/run-e2e-suite.js');
const { run } = await import('../../src/main.js');

beforeEach(() => {
  vi.clearAllMocks();
  calls.length = 0;
  for (const name of Object.keys(inputs)) delete inputs[name];
  Object.assign(inputs, {
    'grpc-endpoint': '127.0.0.1:50051',
    'http-endpoint': 'http://127.0.0.1:9090',
    token: TOKEN,
    cases: 'all',
  });
  process.exitCode = undefined;
});
afterEach(() => {
  process.exitCode = undefined;
});

describe('run-e2e-suite run()', () => {
  it('masks the token before reading any other input', async () => {
    inputs['oidc-token'] = 'eyJhbGciOiJSUzI1NiJ9.e30.sig';
    await run();
    expect(calls.slice(0, 4)).toEqual([
      'getInput token',
      `setSecret ${TOKEN}`,
      'getInput oidc-token',
      'setSecret eyJhbGciOiJSUzI1NiJ9.e30.sig',
    ]);
  });

  it('sets every output and passes when no case failed', async () => {
    await run();
    expect(core.setFailed).not.toHaveBeenCalled();
    expect(process.exitCode).toBeUndefined();
    expect(vi.mocked(core.setOutput).mock.calls).toEqual([
      ['passed', '14'],
      ['failed', '0'],
      ['skipped', '1'],
      ['flaky', '0'],
      ['quarantined-failed', '0'],
      ['duration-ms', '1234'],
      ['junit-path', '/w/e2e-junit.xml'],
    ]);
    expect(vi.mocked(runE2eSuite).mock.calls[0]?.[0]).toMatchObject({
      grpcEndpoint: '127.0.0.1:50051',
      token: TOKEN,
      cases: [],
      timeoutPerCaseMs: 30_000,
    });
  });

  it('fails the step after setting the outputs when a case failed, adding no error of its own', async () => {
    vi.mocked(runE2eSuite).mockResolvedValueOnce(outcome({ passed: 12, failed: 2, skipped: 1 }));
    await run();
    expect(process.exitCode).toBe(1);
    expect(core.setFailed).not.toHaveBeenCalled();
    expect(core.error).not.toHaveBeenCalled();
    expect(vi.mocked(core.setOutput).mock.calls).toContainEqual(['failed', '2']);
  });

  it('fails with one error naming a report it could not write', async () => {
    vi.mocked(runE2eSuite).mockResolvedValueOnce(
      outcome({ passed: 15, failed: 0, skipped: 0 }, ['could not write the JUnit report /ro/x.xml: EACCES']),
    );
    await run();
    expect(vi.mocked(core.setOutput).mock.calls).toContainEqual(['passed', '15']);
    expect(core.setFailed).toHaveBeenCalledWith('could not write the JUnit report /ro/x.xml: EACCES');
  });

  it('fails on bad input with one single-line error, before contacting the vault', async () => {
    inputs.cases = 'health,bogus';
    inputs['timeout-per-case'] = 'soon';
    await run();
    expect(runE2eSuite).not.toHaveBeenCalled();
    expect(core.setOutput).not.toHaveBeenCalled();
    expect(core.setFailed).toHaveBeenCalledTimes(1);
    const message = String(vi.mocked(core.setFailed).mock.calls[0]?.[0]);
    expect(message).toMatch(/^run-e2e-suite: input cases\/exclude: unknown case "bogus"; valid cases/);
    expect(message).toContain('input timeout-per-case: "soon" is not a duration');
    expect(message).not.toContain('\n');
  });

  it('turns an error of the suite (an unreachable vault) into one failure', async () => {
    vi.mocked(runE2eSuite).mockRejectedValueOnce(new Error('the vault is not reachable: check it'));
    await run();
    expect(core.setFailed).toHaveBeenCalledWith('the vault is not reachable: check it');
    expect(core.setOutput).not.toHaveBeenCalled();
  });
});

describe('run-e2e-suite run() with flaky and quarantined cases', () => {
  const flakyCase = {
    id: 5,
    name: 'public-key',
    status: 'passed',
    durationMs: 9,
    attempts: 2,
    failedAttempts: [{ message: 'blip', durationMs: 4 }],
  };
  const flakyOutcome = (failOnFlaky: boolean) =>
    ({
      ...outcome({ passed: 15, failed: 0, skipped: 1 }),
      suite: {
        cases: [flakyCase],
        passed: 15,
        failed: 0,
        skipped: 1,
        flaky: 1,
        quarantinedFailed: 2,
        durationMs: 1234,
        startedAt: '2025-01-01T00:00:00.000Z',
      },
      failOnFlaky,
    }) as SuiteOutcome;

  it('passes with a flaky case and quarantined failures, and says how many in the outputs', async () => {
    vi.mocked(runE2eSuite).mockResolvedValueOnce(flakyOutcome(false));
    await run();
    expect(process.exitCode).toBeUndefined();
    expect(vi.mocked(core.setOutput).mock.calls).toEqual(
      expect.arrayContaining([
        ['flaky', '1'],
        ['quarantined-failed', '2'],
      ]),
    );
  });

  it('fails the step on a flaky case with fail-on-flaky, saying why', async () => {
    vi.mocked(runE2eSuite).mockResolvedValueOnce(flakyOutcome(true));
    await run();
    expect(process.exitCode).toBe(1);
    expect(core.info).toHaveBeenCalledWith('1 flaky case (fail-on-flaky)');
  });

  it('hands retries, fail-on-flaky and the quarantine to the suite', async () => {
    Object.assign(inputs, { retries: '2', 'fail-on-flaky': 'true', quarantine: 'health: known' });
    await run();
    expect(vi.mocked(runE2eSuite).mock.calls[0]?.[0]).toMatchObject({
      retries: 2,
      failOnFlaky: true,
      quarantine: [{ selector: 'health', reason: 'known' }],
    });
  });
});
