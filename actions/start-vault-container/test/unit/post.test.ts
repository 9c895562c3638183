// Post of start-vault-container with @actions/core and the driver replaced: when it prints
// logs, that every cleanup failure is a warning, and that it gives up at its deadline.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const savedState: Record<string, string> = {};
const log: string[] = [];

vi.mock('@actions/core', () => ({
  getState: vi.fn((name: string) => savedState[name] ?? ''),
  setFailed: vi.fn(),
  warning: vi.fn((message: string) => log.push(`warning ${message}`)),
  info: vi.fn((message: string) => log.push(`info ${message}`)),
  group: vi.fn(async (name: string, fn: () => Promise<unknown>) => {
    log.push(`group ${name}`);
    return fn();
  }),
}));

const docker = { getContainer: vi.fn((id: string) => ({ id })) };
vi.mock('@runevault/e2e/drivers/docker', () => ({
  checkDockerEngine: vi.fn(async () => ({ ok: true, docker, version: 'test' })),
  containerLogs: vi.fn(async () => 'line 1\nline 2\n'),
  lastLines: (text: string) => text.trimEnd(),
  REPO_LABEL: 'io.runevault.ci.repo',
  RUN_LABEL: 'io.runevault.ci.run',
  removeContainer: vi.fn(async () => 'removed'),
  sweepLabelledContainers: vi.fn(async () => []),
}));

const core = await import('@actions/core');
const driver = await import('@runevault/e2e/drivers/docker');
const { cleanupVault, LOG_LINES, POST_DEADLINE_MS, shouldPrintLogs, SWEEP_OLDER_THAN_MS } = await import(
  '../../src/cleanup.js'
);

const env = { GITHUB_REPOSITORY: 'runevault/runevault' };

beforeEach(() => {
  vi.clearAllMocks();
  log.length = 0;
  for (const name of Object.keys(savedState)) delete savedState[name];
  Object.assign(savedState, {
    isPost: 'true',
    containerId: 'c0ffee0123456789',
    runLabel: 'run-1',
    homeDir: '/nonexistent/runevault-e2e-docker-x',
    cleanup: 'true',
    logsOn: 'failure',
  });
});
afterEach(() => vi.useRealTimers());

describe('shouldPrintLogs', () => {
  it.each([
    ['never', true, { RUNNER_DEBUG: '1', RUNEVAULT_JOB_STATUS: 'failure' }, false],
    ['always', false, {}, true],
    ['failure', false, {}, false],
    ['failure', true, {}, true],
    ['failure', false, { RUNEVAULT_JOB_STATUS: 'failure' }, true],
    ['failure', false, { RUNEVAULT_JOB_STATUS: 'cancelled' }, true],
    ['failure', false, { RUNEVAULT_JOB_STATUS: 'success' }, false],
    ['failure', false, { RUNNER_DEBUG: '1' }, true],
  ] as const)('logs-on %s, main failed %s, env %o → %s', (logsOn, mainFailed, given, expected) => {
    expect(shouldPrintLogs(logsOn, mainFailed, given)).toBe(expected);
  });
});

describe('cleanupVault', () => {
  it('stops and removes the container, removes the folder, sweeps this repository only', async () => {
    expect(await cleanupVault(env)).toBe('done');
    expect(driver.removeContainer).toHaveBeenCalledWith(docker, 'c0ffee0123456789', { stopTimeoutSec: 10 });
    expect(driver.sweepLabelledContainers).toHaveBeenCalledWith({
      docker,
      olderThanMs: SWEEP_OLDER_THAN_MS,
      label: 'io.runevault.ci.repo=runevault/runevault',
    });
    expect(SWEEP_OLDER_THAN_MS).toBe(6 * 3600 * 1000);
    expect(driver.containerLogs).not.toHaveBeenCalled();
    expect(core.warning).not.toHaveBeenCalled();
    expect(log).toContain('info container c0ffee012345 stopped and removed');
  });

  it('prints the last 2,000 log lines in a group when main failed', async () => {
    savedState.mainFailed = 'true';
    await cleanupVault(env);
    expect(driver.containerLogs).toHaveBeenCalledWith({ id: 'c0ffee0123456789' }, { tail: LOG_LINES });
    expect(LOG_LINES).toBe(2_000);
    expect(log.slice(0, 2)).toEqual(['group Container logs (last 2000 lines)', 'info line 1\nline 2']);
  });

  it('turns every cleanup failure into a warning and goes on with the rest', async () => {
    savedState.logsOn = 'always';
    vi.mocked(driver.containerLogs).mockRejectedValueOnce(new Error('logs broke'));
    vi.mocked(driver.removeContainer).mockRejectedValueOnce(new Error('(HTTP code 500) server error'));
    vi.mocked(driver.sweepLabelledContainers).mockRejectedValueOnce(new Error('list failed'));
    await cleanupVault(env);
    expect(vi.mocked(core.warning).mock.calls.map((call) => call[0])).toEqual([
      'reading the container logs failed: logs broke',
      'removing container c0ffee012345 failed: (HTTP code 500) server error',
      'sweeping old containers failed: list failed',
    ]);
    expect(core.setFailed).not.toHaveBeenCalled();
  });

  it('warns about the container it cannot reach when no engine answers', async () => {
    vi.mocked(driver.checkDockerEngine).mockResolvedValueOnce({
      ok: false,
      reason: 'no Docker engine answers',
    });
    await cleanupVault(env);
    expect(core.warning).toHaveBeenCalledWith(
      'cannot clean up container c0ffee012345: no Docker engine answers',
    );
    expect(driver.removeContainer).not.toHaveBeenCalled();
  });

  it('leaves the container when cleanup is false, and still sweeps', async () => {
    savedState.cleanup = 'false';
    await cleanupVault(env);
    expect(driver.removeContainer).not.toHaveBeenCalled();
    expect(driver.sweepLabelledContainers).toHaveBeenCalledTimes(1);
  });

  it('gives up with a warning after 60 s', async () => {
    vi.useFakeTimers();
    vi.mocked(driver.removeContainer).mockReturnValueOnce(new Promise(() => {}));
    const done = cleanupVault(env);
    await vi.advanceTimersByTimeAsync(POST_DEADLINE_MS);
    expect(await done).toBe('late');
    expect(POST_DEADLINE_MS).toBe(60_000);
    expect(core.warning).toHaveBeenCalledWith(
      "cleanup did not finish within 60 s; anything left carries the label io.runevault.ci.run=run-1 and a later run's sweep removes it",
    );
  });
});
