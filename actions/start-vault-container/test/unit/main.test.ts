// run() of start-vault-container with @actions/core and the Docker half replaced: which step
// runs (the saved isPost flag), what it reports, what state it leaves for post.
import { beforeEach, describe, expect, it, vi } from 'vitest';

const calls: string[] = [];
const inputs: Record<string, string> = {};
const savedState: Record<string, string> = {};

vi.mock('@actions/core', () => ({
  getInput: vi.fn((name: string) => inputs[name] ?? ''),
  getState: vi.fn((name: string) => savedState[name] ?? ''),
  saveState: vi.fn((name: string, value: string) => {
    calls.push(`saveState ${name}=${value}`);
    savedState[name] = value;
  }),
  setSecret: vi.fn((value: string) => calls.push(`setSecret ${value}`)),
  setOutput: vi.fn((name: string) => calls.push(`setOutput ${name}`)),
  exportVariable: vi.fn((name: string) => calls.push(`exportVariable ${name}`)),
  setFailed: vi.fn(),
  warning: vi.fn(),
  info: vi.fn(),
  startGroup: vi.fn(),
  endGroup: vi.fn(),
  group: vi.fn(async (_name: string, fn: () => Promise<unknown>) => fn()),
}));

vi.mock('../../src/start-vault.js', () => ({
  startVault: vi.fn(async () => ({
    containerId: 'c0ffee',
    grpcEndpoint: '127.0.0.1:41001',
    httpEndpoint: 'http://127.0.0.1:41002',
    token: 'evt_0123456789abcdef0123456789abcdef',
    image: 'runevault:dev',
    imageDigest: 'sha256:abababababababababababababababababababababababababababababababab',
    tlsCa: '',
  })),
}));

vi.mock('../../src/cleanup.js', () => ({
  cleanupVault: vi.fn(async () => 'done'),
}));

const core = await import('@actions/core');
const { startVault } = await import('../../src/start-vault.js');
const { cleanupVault } = await import('../../src/cleanup.js');
const { run } = await import('../../src/main.js');

beforeEach(() => {
  vi.clearAllMocks();
  calls.length = 0;
  for (const record of [inputs, savedState]) for (const name of Object.keys(record)) delete record[name];
});

describe('start-vault-container run() as main', () => {
  it('saves the post flag first, then the cleanup settings, then sets every output', async () => {
    inputs.name = 'vault-ci-test';
    inputs['logs-on'] = 'always';
    await run();
    expect(core.setFailed).not.toHaveBeenCalled();
    expect(calls[0]).toBe('saveState isPost=true');
    expect(savedState).toMatchObject({ cleanup: 'true', logsOn: 'always' });
    expect(savedState).not.toHaveProperty('containerName');
    expect(vi.mocked(core.setOutput).mock.calls).toEqual([
      ['container-id', 'c0ffee'],
      ['grpc-endpoint', '127.0.0.1:41001'],
      ['http-endpoint', 'http://127.0.0.1:41002'],
      ['token', 'evt_0123456789abcdef0123456789abcdef'],
      ['image', 'runevault:dev'],
      ['image-digest', 'sha256:abababababababababababababababababababababababababababababababab'],
      ['tls-ca', ''],
    ]);
    expect(core.exportVariable).not.toHaveBeenCalled();
    expect(cleanupVault).not.toHaveBeenCalled();
  });

  it('with tls, outputs the CA and exports it for run-e2e-suite', async () => {
    vi.mocked(startVault).mockResolvedValueOnce({
      containerId: 'c0ffee',
      grpcEndpoint: '127.0.0.1:41001',
      httpEndpoint: 'http://127.0.0.1:41002',
      token: '',
      image: 'runevault:dev',
      imageDigest: 'sha256:abababababababababababababababababababababababababababababababab',
      tlsCa: '/runner/temp/runevault-e2e-docker-x/tls-ca.pem',
    });
    inputs.tls = 'true';
    await run();
    expect(core.setFailed).not.toHaveBeenCalled();
    expect(vi.mocked(startVault).mock.calls[0]?.[0]).toMatchObject({ tls: true });
    expect(core.setOutput).toHaveBeenCalledWith('tls-ca', '/runner/temp/runevault-e2e-docker-x/tls-ca.pem');
    expect(core.exportVariable).toHaveBeenCalledWith(
      'RUNEVAULT_TLS_CA',
      '/runner/temp/runevault-e2e-docker-x/tls-ca.pem',
    );
  });

  it('passes the parsed inputs to startVault', async () => {
    inputs['issue-token'] = 'robot:admin';
    inputs['health-timeout'] = '30s';
    inputs.network = 'bridge';
    await run();
    expect(vi.mocked(startVault).mock.calls[0]?.[0]).toMatchObject({
      issueToken: { user: 'robot', role: 'admin' },
      healthTimeoutMs: 30_000,
      network: 'bridge',
    });
  });

  it.each([
    ['network', 'overlay', 'input network must be host or bridge'],
    ['grpc-port', 'abc', 'input grpc-port must be a port number'],
    ['health-timeout', 'later', 'input health-timeout must be a duration'],
  ])(
    'fails on %s=%s with one error line, records the failure, and starts nothing',
    async (name, value, expected) => {
      inputs[name] = value;
      await run();
      expect(core.setFailed).toHaveBeenCalledTimes(1);
      const message = String(vi.mocked(core.setFailed).mock.calls[0]?.[0]);
      expect(message).toContain(expected);
      expect(message).not.toContain('\n');
      expect(startVault).not.toHaveBeenCalled();
      expect(core.setOutput).not.toHaveBeenCalled();
      expect(savedState).toMatchObject({ isPost: 'true', mainFailed: 'true' });
    },
  );

  it('turns an error of startVault into setFailed with its message and a recorded failure', async () => {
    vi.mocked(startVault).mockRejectedValueOnce(new Error('no Docker engine answers at unix:///nope.sock'));
    await run();
    expect(core.setFailed).toHaveBeenCalledWith('no Docker engine answers at unix:///nope.sock');
    expect(core.setOutput).not.toHaveBeenCalled();
    expect(savedState.mainFailed).toBe('true');
  });
});

describe('start-vault-container run() as post', () => {
  it('cleans up when main saved the flag, and never fails the job', async () => {
    savedState.isPost = 'true';
    await run();
    expect(cleanupVault).toHaveBeenCalledTimes(1);
    expect(startVault).not.toHaveBeenCalled();
    expect(core.saveState).not.toHaveBeenCalled();

    vi.mocked(cleanupVault).mockRejectedValueOnce(new Error('engine went away'));
    await run();
    expect(core.setFailed).not.toHaveBeenCalled();
    expect(core.warning).toHaveBeenCalledWith('cleanup failed: engine went away');
  });
});
