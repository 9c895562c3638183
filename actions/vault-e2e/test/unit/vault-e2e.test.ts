// The root action (action.yml at the repo top, bundle actions/vault-e2e): its inputs against
// the two actions it joins, and run() with @actions/core and both halves replaced.
import { join } from 'node:path';
import { REPO_ROOT, readActionMetadata } from '@runevault/action-runner';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const inputs: Record<string, string> = {};
const state: Record<string, string> = {};

vi.mock('@actions/core', () => ({
  ExitCode: { Success: 0, Failure: 1 },
  getInput: vi.fn((name: string) => inputs[name] ?? ''),
  getState: vi.fn((name: string) => state[name] ?? ''),
  saveState: vi.fn((name: string, value: string) => {
    state[name] = value;
  }),
  setSecret: vi.fn(),
  setOutput: vi.fn(),
  setFailed: vi.fn(),
  info: vi.fn(),
  error: vi.fn(),
  warning: vi.fn(),
}));

const STARTED = {
  containerId: 'c'.repeat(64),
  grpcEndpoint: '127.0.0.1:41000',
  httpEndpoint: 'http://127.0.0.1:41001',
  token: `evt_${'ef'.repeat(16)}`,
  image: 'runevault:dev',
  tlsCa: '/runner/temp/runevault-e2e-docker-x/tls-ca.pem',
};

vi.mock('@runevault/action-start-vault-container/start-vault', () => ({
  startVault: vi.fn(async () => STARTED),
}));
vi.mock('@runevault/action-start-vault-container/cleanup', () => ({
  cleanupVault: vi.fn(async () => {}),
}));
vi.mock('@runevault/action-run-e2e-suite/run-e2e-suite', async (importOriginal) => ({
  ...(await importOriginal<object>()),
  runE2eSuite: vi.fn(async () => ({
    suite: { cases: [], passed: 15, failed: 0, skipped: 1, durationMs: 900, startedAt: '' },
    junitPath: '/w/e2e-junit.xml',
    reportProblems: [],
  })),
}));

const core = await import('@actions/core');
const { startVault } = await import('@runevault/action-start-vault-container/start-vault');
const { cleanupVault } = await import('@runevault/action-start-vault-container/cleanup');
const { runE2eSuite } = await import('@runevault/action-run-e2e-suite/run-e2e-suite');
const { parseInputs, START_INPUTS } = await import('../../src/inputs.js');
const { run } = await import('../../src/main.js');

const env = { GITHUB_WORKSPACE: '/w', GITHUB_RUN_ID: '77', GITHUB_RUN_ATTEMPT: '2' };
const defaults = () =>
  Object.fromEntries(
    Object.entries(readActionMetadata(REPO_ROOT).inputs ?? {}).map(([name, spec]) => [
      name,
      String(spec?.default ?? ''),
    ]),
  );

beforeEach(() => {
  vi.clearAllMocks();
  for (const bag of [inputs, state]) for (const name of Object.keys(bag)) delete bag[name];
  Object.assign(inputs, defaults());
  process.exitCode = undefined;
});
afterEach(() => {
  process.exitCode = undefined;
});

describe('the root action.yml', () => {
  const root = readActionMetadata(REPO_ROOT);
  const start = readActionMetadata(join(REPO_ROOT, 'actions/start-vault-container'));
  const suite = readActionMetadata(join(REPO_ROOT, 'actions/run-e2e-suite'));

  it('takes each input from one of the two actions, with the same default', () => {
    for (const [name, spec] of Object.entries(root.inputs ?? {})) {
      const from = start.inputs?.[name] ?? suite.inputs?.[name];
      expect(from, `input ${name}`).toBeDefined();
      expect(spec?.default, `default of ${name}`).toEqual(from?.default);
    }
  });

  it('passes exactly its start-vault-container inputs through to that parser', () => {
    const startNames = Object.keys(root.inputs ?? {}).filter((name) => name in (start.inputs ?? {}));
    expect([...START_INPUTS].sort()).toEqual(startNames.sort());
  });

  it('runs the vault-e2e bundle as main and as post, always', () => {
    expect(root.runs).toEqual({
      using: 'node24',
      main: 'actions/vault-e2e/dist/index.js',
      post: 'actions/vault-e2e/dist/index.js',
      'post-if': 'always()',
    });
  });
});

describe('vault-e2e parseInputs', () => {
  it('parses both halves with the action defaults', async () => {
    const parsed = await parseInputs((name) => inputs[name] ?? '', env);
    expect(parsed.start).toMatchObject({
      // No image: the vault start-vault-container carries.
      image: '',
      imageGiven: false,
      network: 'host',
      healthTimeoutMs: 120_000,
      issueToken: { user: 'ci', role: 'member' },
      name: 'vault-ci-77-2',
      cleanup: true,
      logsOn: 'failure',
    });
    expect(parsed.suite).toMatchObject({
      cases: [],
      timeoutPerCaseMs: 30_000,
      junitPath: '/w/e2e-junit.xml',
      summary: true,
    });
  });

  it('reports the problems of both halves in one error', async () => {
    Object.assign(inputs, { network: 'overlay', cases: 'nope' });
    await expect(parseInputs((name) => inputs[name] ?? '', env)).rejects.toThrow(
      /^vault-e2e: input network must be host or bridge.*; input cases\/exclude: unknown case "nope"/,
    );
  });
});

describe('vault-e2e run()', () => {
  it('starts the vault, runs the suite against its container, and sets every output', async () => {
    await run();
    expect(state.isPost).toBe('true');
    expect(startVault).toHaveBeenCalledTimes(1);
    expect(vi.mocked(runE2eSuite).mock.calls[0]?.[0]).toMatchObject({
      grpcEndpoint: STARTED.grpcEndpoint,
      httpEndpoint: STARTED.httpEndpoint,
      token: STARTED.token,
      container: STARTED.containerId,
      // The CA of the vault it started (tls: true), so the tls case runs.
      tlsCa: STARTED.tlsCa,
      logFile: undefined,
      adminSocket: undefined,
    });
    expect(Object.fromEntries(vi.mocked(core.setOutput).mock.calls)).toEqual({
      'container-id': STARTED.containerId,
      'grpc-endpoint': STARTED.grpcEndpoint,
      'http-endpoint': STARTED.httpEndpoint,
      image: STARTED.image,
      'tls-ca': STARTED.tlsCa,
      passed: '15',
      failed: '0',
      skipped: '1',
      flaky: '0',
      'quarantined-failed': '0',
      'duration-ms': '900',
      'junit-path': '/w/e2e-junit.xml',
    });
    expect(core.setFailed).not.toHaveBeenCalled();
    expect(state.mainFailed).toBeUndefined();
  });

  it('marks main failed when a case failed, so post prints the container logs', async () => {
    vi.mocked(runE2eSuite).mockResolvedValueOnce({
      suite: { cases: [], passed: 14, failed: 1, skipped: 1, durationMs: 900, startedAt: '' },
      junitPath: '/w/e2e-junit.xml',
      reportProblems: [],
    });
    await run();
    expect(process.exitCode).toBe(1);
    expect(state.mainFailed).toBe('true');
    expect(core.setFailed).not.toHaveBeenCalled();
  });

  it('fails with one error and starts nothing on bad input', async () => {
    inputs['timeout-per-case'] = 'forever';
    await run();
    expect(startVault).not.toHaveBeenCalled();
    expect(core.setFailed).toHaveBeenCalledTimes(1);
    expect(String(vi.mocked(core.setFailed).mock.calls[0]?.[0])).toMatch(
      /^vault-e2e: input timeout-per-case: "forever" is not a duration/,
    );
    expect(state.mainFailed).toBe('true');
  });

  it('as post, tears down and turns a cleanup error into a warning', async () => {
    state.isPost = 'true';
    vi.mocked(cleanupVault).mockRejectedValueOnce(new Error('engine gone'));
    await run();
    expect(startVault).not.toHaveBeenCalled();
    expect(cleanupVault).toHaveBeenCalledTimes(1);
    expect(core.warning).toHaveBeenCalledWith('cleanup failed: engine gone');
    expect(core.setFailed).not.toHaveBeenCalled();
  });
});
