// run() with @actions/core replaced: what it reports, not how it logs.
import { beforeEach, describe, expect, it, vi } from 'vitest';

const calls: string[] = [];
const inputs: Record<string, string> = {};

vi.mock('@actions/core', () => ({
  getInput: vi.fn((name: string) => {
    calls.push(`getInput ${name}`);
    return inputs[name] ?? '';
  }),
  setSecret: vi.fn((value: string) => calls.push(`setSecret ${value}`)),
  setOutput: vi.fn(),
  setFailed: vi.fn(),
  warning: vi.fn(),
  info: vi.fn(),
}));

vi.mock('../../src/setup-vault.js', () => ({
  setupVault: vi.fn(async () => ({
    home: '/t/runevault',
    config: '/t/runevault/configs/runevault.conf',
    keysPath: '/t/runevault/vault-keys',
    cacheHit: false,
    version: '0.1.0',
  })),
}));

const core = await import('@actions/core');
const { setupVault } = await import('../../src/setup-vault.js');
const { run } = await import('../../src/main.js');

beforeEach(() => {
  vi.clearAllMocks();
  calls.length = 0;
  for (const name of Object.keys(inputs)) delete inputs[name];
});

describe('setup-vault run()', () => {
  it('sets every output from setupVault()', async () => {
    await run();
    expect(core.setFailed).not.toHaveBeenCalled();
    expect(vi.mocked(core.setOutput).mock.calls).toEqual([
      ['home', '/t/runevault'],
      ['config', '/t/runevault/configs/runevault.conf'],
      ['keys-path', '/t/runevault/vault-keys'],
      ['cache-hit', 'false'],
      ['version', '0.1.0'],
    ]);
  });

  it('passes the parsed inputs and the folder of the bundle', async () => {
    inputs['grpc-port'] = '6000';
    inputs.source = 'bundled';
    await run();
    const [parsed, context] = vi.mocked(setupVault).mock.calls[0] ?? [];
    expect(parsed).toMatchObject({ grpcPort: 6000, source: 'bundled', cache: true, tls: false });
    expect(context?.actionDistDir).toMatch(/actions[/\\]setup-vault[/\\]src$/);
  });

  it('masks a given team secret before reading any other input', async () => {
    inputs['team-secret'] = 's3cr3t-team-value';
    await run();
    expect(calls[0]).toBe('getInput team-secret');
    expect(calls[1]).toBe('setSecret s3cr3t-team-value');
    expect(vi.mocked(setupVault).mock.calls[0]?.[0].teamSecret).toBe('s3cr3t-team-value');
  });

  it.each([
    ['grpc-port', 'abc', 'input grpc-port must be a port number from 0 to 65535, got "abc"'],
    ['http-port', '70000', 'input http-port must be a port number from 0 to 65535, got "70000"'],
    ['tls', 'yes', 'input tls must be true or false, got "yes"'],
    ['source', 'docker', 'input source must be bundled'],
  ])('fails on %s=%s with one error line and sets no output', async (name, value, expected) => {
    inputs[name] = value;
    await run();
    expect(core.setFailed).toHaveBeenCalledTimes(1);
    const message = String(vi.mocked(core.setFailed).mock.calls[0]?.[0]);
    expect(message).toContain(expected);
    expect(message).not.toContain('\n');
    expect(setupVault).not.toHaveBeenCalled();
    expect(core.setOutput).not.toHaveBeenCalled();
  });

  it('turns an error from setupVault into setFailed with its message', async () => {
    vi.mocked(setupVault).mockRejectedValueOnce(
      new Error('openssl could not make a self-signed certificate: boom'),
    );
    await run();
    expect(core.setFailed).toHaveBeenCalledWith('openssl could not make a self-signed certificate: boom');
    expect(core.setOutput).not.toHaveBeenCalled();
  });
});
