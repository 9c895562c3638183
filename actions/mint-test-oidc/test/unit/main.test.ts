// run() and post() with @actions/core replaced: what they report, the order of masking, and
// that post never fails a job.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';

const calls: string[] = [];
const inputs: Record<string, string> = {};
const state: Record<string, string> = {};

vi.mock('@actions/core', () => ({
  getInput: vi.fn((name: string) => inputs[name] ?? ''),
  getState: vi.fn((name: string) => state[name] ?? ''),
  saveState: vi.fn((name: string, value: string) => {
    state[name] = value;
  }),
  setSecret: vi.fn(() => calls.push('setSecret')),
  setOutput: vi.fn((name: string) => calls.push(`setOutput ${name}`)),
  exportVariable: vi.fn(),
  setFailed: vi.fn(),
  warning: vi.fn(),
  info: vi.fn((line: string) => calls.push(`info ${line.split(':')[0]}`)),
  isDebug: vi.fn(() => false),
  startGroup: vi.fn(),
  endGroup: vi.fn(),
  getIDToken: vi.fn(),
}));

const core = await import('@actions/core');
const { run } = await import('../../src/main.js');
const { post } = await import('../../src/post.js');

const runnerTemp = mkdtempSync(join(tmpdir(), 'mint-main-'));
const env = {
  RUNNER_TEMP: runnerTemp,
  GITHUB_REPOSITORY: 'o/r',
  GITHUB_RUN_ID: '9',
  GITHUB_RUN_ATTEMPT: '2',
};
afterAll(() => rmSync(runnerTemp, { recursive: true, force: true }));

beforeEach(() => {
  vi.clearAllMocks();
  calls.length = 0;
  for (const bag of [inputs, state]) for (const name of Object.keys(bag)) delete bag[name];
});

describe('mint-test-oidc run()', () => {
  it('masks the token and negatives before any output or log line, then sets the outputs', async () => {
    inputs.negatives = 'expired,wrong-aud';
    await run({ env });
    expect(core.setFailed).not.toHaveBeenCalled();
    const firstOther = calls.findIndex((c) => c !== 'setSecret');
    expect(calls.slice(0, firstOther)).toEqual(['setSecret', 'setSecret', 'setSecret']);
    expect(vi.mocked(core.setOutput).mock.calls.map(([name]) => name)).toEqual([
      'token',
      'token-file',
      'jwks-file',
      'jwks-url',
      'issuer',
      'discovery-url',
      'namespace',
      'negatives-file',
    ]);
    expect(vi.mocked(core.setOutput).mock.calls).toContainEqual(['namespace', 'run-9-2']);
    expect(state.isPost).toBe('true');
    expect(existsSync(state.workDir ?? '')).toBe(true);
  });

  it('fails with the input problems and sets no output', async () => {
    inputs.alg = 'HS256';
    await run({ env });
    expect(core.setFailed).toHaveBeenCalledWith(
      'mint-test-oidc: input alg must be one of RS256, ES256, got "HS256"',
    );
    expect(core.setOutput).not.toHaveBeenCalled();
  });

  it('mode github without the token endpoint says to add id-token: write', async () => {
    inputs.mode = 'github';
    await run({ env });
    expect(vi.mocked(core.setFailed).mock.calls[0]?.[0]).toMatch(/permissions: id-token: write/);
    expect(core.getIDToken).not.toHaveBeenCalled();
  });
});

describe('mint-test-oidc post()', () => {
  it('removes the work dir and never fails, even when the issuer is already gone', async () => {
    const workDir = mkdtempSync(join(runnerTemp, 'mint-test-oidc-'));
    Object.assign(state, {
      workDir,
      issuerPid: '2147483646',
      issuerShutdownUrl: 'http://127.0.0.1:9/shutdown',
      issuerShutdownToken: 'x'.repeat(48),
    });
    await post();
    expect(core.setFailed).not.toHaveBeenCalled();
    expect(existsSync(workDir)).toBe(false);
    expect(vi.mocked(core.info).mock.calls.at(-1)?.[0]).toMatch(
      /^stopped the test issuer \(pid 2147483646; shutdown request failed/,
    );
  });

  it('does nothing without state', async () => {
    await post();
    expect(core.setFailed).not.toHaveBeenCalled();
    expect(core.warning).not.toHaveBeenCalled();
  });
});
