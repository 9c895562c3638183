// The steps of run-e2e-suite with @actions/core replaced and the vault faked: annotations,
// skips for missing access, masking of issued and negative tokens, reports.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CaseSkip, type SuiteResult, type VaultUnderTest } from '@runevault/e2e/suite';
import { parseXml } from '@runevault/e2e/test-support/parse-xml';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';

const summaryWrites: string[] = [];
let summaryFails = false;

vi.mock('@actions/core', () => {
  const summary = {
    buffer: '',
    addRaw(text: string, eol?: boolean) {
      summary.buffer += text + (eol ? '\n' : '');
      return summary;
    },
    async write() {
      if (summaryFails) throw new Error('Unable to find environment variable for $GITHUB_STEP_SUMMARY.');
      summaryWrites.push(summary.buffer);
      summary.buffer = '';
      return summary;
    },
  };
  return {
    setSecret: vi.fn(),
    info: vi.fn(),
    error: vi.fn(),
    warning: vi.fn(),
    startGroup: vi.fn(),
    endGroup: vi.fn(),
    group: vi.fn(async (_name: string, fn: () => Promise<unknown>) => fn()),
    summary,
  };
});

const fakeVault: VaultUnderTest = {
  driver: 'address',
  grpcAddress: '127.0.0.1:1',
  httpUrl: 'http://127.0.0.1:2',
  token: 'evt_suite',
  issueToken: vi.fn(async (user: string) => `evt_for_${user}`),
  createRole: vi.fn(async () => {}),
  readLogs: vi.fn(async () => 'log text'),
  knownSecrets: async () => ({ secKeyFragments: [] }),
  stop: async () => {},
};

// The runner itself is tested elsewhere; here it answers with a fixed result.
let nextSuite: SuiteResult;
vi.mock('@runevault/e2e/suite', async (importOriginal) => ({
  ...(await importOriginal<object>()),
  runCases: vi.fn(
    async (_vault: unknown, _cases: unknown, options: { onCaseDone?: (r: unknown) => void }) => {
      for (const result of nextSuite.cases) options.onCaseDone?.(result);
      return nextSuite;
    },
  ),
}));

vi.mock('../../src/vault-connection.js', async (importOriginal) => ({
  ...(await importOriginal<object>()),
  connectSuiteVault: vi.fn(async () => fakeVault),
}));

const core = await import('@actions/core');
const { runCases } = await import('@runevault/e2e/suite');
const { connectSuiteVault, withActionRules, NO_ADMIN_ACCESS, NO_LOG_ACCESS } = await import(
  '../../src/vault-connection.js'
);
const { describeFailure, readNegativeTokens, reportFailures, runE2eSuite, suiteOutputs } = await import(
  '../../src/run-e2e-suite.js'
);

const dir = mkdtempSync(join(tmpdir(), 'run-e2e-suite-steps-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeEach(() => {
  vi.clearAllMocks();
  summaryWrites.length = 0;
  summaryFails = false;
  nextSuite = SUITE;
});

const SUITE: SuiteResult = {
  cases: [
    { id: 1, name: 'health', status: 'passed', durationMs: 5 },
    {
      id: 5,
      name: 'public-key',
      status: 'failed',
      durationMs: 40,
      message: 'expected OK, got UNAUTHENTICATED',
      logExcerpt: '::error::not a command\nsecond line',
    },
    { id: 16, name: 'tls', status: 'skipped', durationMs: 0, message: 'needs tls' },
    { id: 8, name: 'audit-alert', status: 'failed', durationMs: 9, message: 'timed out after 30000 ms' },
  ],
  passed: 1,
  failed: 2,
  skipped: 1,
  durationMs: 60,
  startedAt: '2025-01-01T00:00:00.000Z',
};

describe('withActionRules', () => {
  it('masks each token it issues for a case', async () => {
    const vault = withActionRules(fakeVault, { admin: true, logs: true });
    expect(await vault.issueToken('u1', 'member')).toBe('evt_for_u1');
    expect(core.setSecret).toHaveBeenCalledWith('evt_for_u1');
    expect(await vault.readLogs()).toBe('log text');
  });

  it('turns missing admin or log access into skips that say which input gives it', async () => {
    const vault = withActionRules(fakeVault, { admin: false, logs: false });
    await expect(vault.issueToken('u', 'member')).rejects.toThrow(new CaseSkip(NO_ADMIN_ACCESS));
    await expect(
      vault.createRole({ name: 'r', scope: ['get_public_key'], topK: 1, rateLimit: '1/60s' }),
    ).rejects.toBeInstanceOf(CaseSkip);
    await expect(vault.readLogs()).rejects.toThrow(new CaseSkip(NO_LOG_ACCESS));
    expect(fakeVault.issueToken).not.toHaveBeenCalled();
    expect(NO_ADMIN_ACCESS).toMatch(/give the container input/);
    expect(NO_LOG_ACCESS).toMatch(/give the container input \(or log-file\)/);
  });
});

describe('reportFailures', () => {
  it('puts one error annotation on each failed case, titled with the case, after a details group', () => {
    reportFailures(SUITE);
    expect(vi.mocked(core.error).mock.calls).toEqual([
      ['expected OK, got UNAUTHENTICATED', { title: '05-public-key' }],
      ['timed out after 30000 ms', { title: '08-audit-alert' }],
    ]);
    expect(core.startGroup).toHaveBeenCalledWith('Failure details (2)');
    expect(core.endGroup).toHaveBeenCalledTimes(1);
  });

  it('says nothing when every case passed', () => {
    reportFailures({ ...SUITE, cases: [SUITE.cases[0] as SuiteResult['cases'][0]], failed: 0 });
    expect(core.error).not.toHaveBeenCalled();
    expect(core.startGroup).not.toHaveBeenCalled();
  });

  it('prefixes every vault log line, so none can act as a workflow command', () => {
    const text = describeFailure(SUITE.cases[1] as SuiteResult['cases'][0]);
    expect(text.split('\n')).toEqual([
      '05-public-key: expected OK, got UNAUTHENTICATED',
      '  vault log excerpt:',
      '  | ::error::not a command',
      '  | second line',
    ]);
  });
});

describe('runE2eSuite', () => {
  const base = {
    grpcEndpoint: '127.0.0.1:1',
    httpEndpoint: 'http://127.0.0.1:2',
    token: 'evt_suite',
    container: undefined,
    logFile: undefined,
    adminSocket: undefined,
    cases: ['health'],
    exclude: [],
    timeoutPerCaseMs: 5_000,
    tlsCa: undefined,
    summary: true,
    oidcToken: undefined,
    oidcNegativeTokensFile: undefined,
  };

  it('runs the selected cases, logs each as it finishes, writes JUnit and the summary table', async () => {
    const junitPath = join(dir, 'nested/e2e-junit.xml');
    const result = await runE2eSuite({ ...base, junitPath });
    expect(connectSuiteVault).toHaveBeenCalledTimes(1);
    expect(vi.mocked(runCases).mock.calls[0]?.[2]).toMatchObject({
      only: ['health'],
      exclude: [],
      timeoutPerCaseMs: 5_000,
    });
    const lines = vi.mocked(core.info).mock.calls.map(([line]) => line);
    expect(lines).toEqual(
      expect.arrayContaining(['✓ 01-health  5 ms', '1 passed, 2 failed, 1 skipped in 0.1 s']),
    );
    expect(core.error).toHaveBeenCalledTimes(2);
    expect(result.suite).toBe(SUITE);
    expect(result.reportProblems).toEqual([]);
    const suite = parseXml(readFileSync(junitPath, 'utf8'));
    expect(suite.attributes).toMatchObject({ tests: '4', failures: '2', skipped: '1' });
    expect(summaryWrites).toHaveLength(1);
    expect(summaryWrites[0]).toMatch(/^### runevault e2e\n\n\| \| case \| ms \| detail \|/);
    expect(summaryWrites[0]).toContain('| ❌ | 05-public-key | 40 | expected OK, got UNAUTHENTICATED |');
    expect(suiteOutputs(result)).toEqual({
      passed: '1',
      failed: '2',
      skipped: '1',
      flaky: '0',
      'quarantined-failed': '0',
      'duration-ms': '60',
      'junit-path': junitPath,
    });
  });

  it('warns instead of failing when there is no summary file, and reports an unwritable JUnit path', async () => {
    summaryFails = true;
    writeFileSync(join(dir, 'a-file'), '');
    const result = await runE2eSuite({ ...base, junitPath: join(dir, 'a-file/e2e.xml') });
    expect(core.warning).toHaveBeenCalledWith(
      'the job summary was not written: Unable to find environment variable for $GITHUB_STEP_SUMMARY.',
    );
    expect(result.reportProblems).toEqual([
      expect.stringMatching(/^could not write the JUnit report .*a-file\/e2e\.xml: /),
    ]);
  });

  it('writes no summary when summary is false', async () => {
    await runE2eSuite({ ...base, summary: false, junitPath: join(dir, 'no-summary.xml') });
    expect(summaryWrites).toEqual([]);
  });

  it('gives case 15 its fixture from oidc-token and the negatives file, masking each token', async () => {
    const negatives = join(dir, 'negatives.json');
    writeFileSync(negatives, JSON.stringify({ expired: 'eyJ.exp.sig', 'wrong-aud': 'eyJ.aud.sig' }));
    await runE2eSuite({
      ...base,
      junitPath: join(dir, 'o.xml'),
      oidcToken: 'eyJ.tok.sig',
      oidcNegativeTokensFile: negatives,
    });
    expect(core.setSecret).toHaveBeenCalledWith('eyJ.exp.sig');
    expect(core.setSecret).toHaveBeenCalledWith('eyJ.aud.sig');
    const fixture = vi.mocked(connectSuiteVault).mock.calls[0]?.[1];
    expect(fixture).toMatchObject({
      provider: '',
      negatives: { expired: 'eyJ.exp.sig', 'wrong-aud': 'eyJ.aud.sig' },
    });
    expect(await fixture?.goodToken()).toBe('eyJ.tok.sig');
  });

  it('gives no fixture (case 15 is skipped) without oidc-token', async () => {
    await runE2eSuite({ ...base, junitPath: join(dir, 'no-oidc.xml') });
    expect(vi.mocked(connectSuiteVault).mock.calls[0]?.[1]).toBeUndefined();
  });
});

describe('readNegativeTokens', () => {
  it('refuses a file that is not a JSON object of strings, without quoting its text', async () => {
    const write = (name: string, text: string) => {
      writeFileSync(join(dir, name), text);
      return join(dir, name);
    };
    await expect(readNegativeTokens(write('bad.json', 'eyJsecret-looking'))).rejects.toThrow(
      /is not JSON \(mint-test-oidc's negatives-file is\)$/,
    );
    await expect(readNegativeTokens(write('bad.json', 'eyJsecret-looking'))).rejects.not.toThrow(/eyJ/);
    await expect(readNegativeTokens(write('list.json', '["a"]'))).rejects.toThrow(/must hold a JSON object/);
    await expect(readNegativeTokens(write('num.json', '{"expired": 5}'))).rejects.toThrow(
      /the value of "expired" is not a token string/,
    );
    await expect(readNegativeTokens(write('empty.json', '{"expired": ""}'))).rejects.toThrow(
      /the value of "expired" is not a token string/,
    );
    expect(core.setSecret).not.toHaveBeenCalled();
  });
});

describe('run-e2e-suite with retries and a quarantine', () => {
  const FLAKY_SUITE: SuiteResult = {
    cases: [
      {
        id: 5,
        name: 'public-key',
        status: 'passed',
        durationMs: 40,
        attempts: 2,
        failedAttempts: [{ message: 'expected OK, got UNAVAILABLE', durationMs: 20 }],
      },
      {
        id: 8,
        name: 'audit-alert',
        status: 'failed',
        durationMs: 9,
        message: 'late',
        quarantine: 'slow shipper',
      },
    ],
    passed: 1,
    failed: 0,
    skipped: 0,
    flaky: 1,
    quarantinedFailed: 1,
    durationMs: 60,
    startedAt: '2025-01-01T00:00:00.000Z',
  };

  it('warns on the flaky case and the quarantined failure, after their details', () => {
    reportFailures(FLAKY_SUITE);
    expect(core.error).not.toHaveBeenCalled();
    expect(vi.mocked(core.warning).mock.calls).toEqual([
      [
        'passed on attempt 2 of 2\nattempt 1: expected OK, got UNAVAILABLE',
        { title: '05-public-key is flaky' },
      ],
      [
        'quarantined: slow shipper; does not fail the step. late',
        { title: '08-audit-alert failed (quarantined)' },
      ],
    ]);
    expect(core.startGroup).toHaveBeenCalledWith('Failure details (1 failed, 1 flaky)');
  });

  it('passes retries and the quarantine to the runner and logs each rerun', async () => {
    nextSuite = FLAKY_SUITE;
    const quarantine = [{ selector: 'audit-alert', reason: 'slow shipper' }];
    await runE2eSuite({
      grpcEndpoint: '127.0.0.1:1',
      httpEndpoint: 'http://127.0.0.1:2',
      token: 'evt_suite',
      container: undefined,
      logFile: undefined,
      adminSocket: undefined,
      cases: [],
      exclude: [],
      timeoutPerCaseMs: 5_000,
      tlsCa: undefined,
      summary: false,
      oidcToken: undefined,
      oidcNegativeTokensFile: undefined,
      junitPath: join(dir, 'retries.xml'),
      retries: 2,
      quarantine,
    });
    const options = vi.mocked(runCases).mock.calls[0]?.[2];
    expect(options).toMatchObject({ retries: 2, quarantine });
    options?.onRetry?.({ id: 5, name: 'public-key', deadlineMs: 1, run: async () => {} }, 1, {
      message: 'boom\n::error::x',
      durationMs: 1,
    });
    expect(core.info).toHaveBeenCalledWith(
      '↻ 05-public-key failed attempt 1 of 3, running it again: boom\\n::error::x',
    );
    expect(core.info).toHaveBeenCalledWith(
      'quarantined (runs; its failure does not fail the step): audit-alert: slow shipper',
    );
  });
});
