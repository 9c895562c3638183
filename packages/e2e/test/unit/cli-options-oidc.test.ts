import { describe, expect, it } from 'vitest';
import { CliUsageError, parseCliOptions } from '../../src/cli-options.js';

const ADDRESS = ['--grpc', '127.0.0.1:50051', '--http', 'http://127.0.0.1:9090', '--token-env', 'VT'];
const ENV = { VT: `evt_${'a'.repeat(32)}` };

describe('vault-e2e TLS and OIDC of the started vault', () => {
  it('are on by default for docker, process and auto, so no case is skipped', () => {
    for (const argv of [[], ['--driver', 'docker'], ['--driver', 'process'], ['--oidc', '--tls']]) {
      expect(parseCliOptions(argv, {})).toMatchObject({ tls: true, oidc: true });
    }
  });

  it('--no-tls and --no-oidc opt out, each on its own', () => {
    expect(parseCliOptions(['--no-tls'], {})).toMatchObject({ tls: false, oidc: true });
    expect(parseCliOptions(['--no-oidc'], {})).toMatchObject({ tls: true, oidc: false });
    expect(parseCliOptions(['--no-tls', '--no-oidc'], {})).toMatchObject({ tls: false, oidc: false });
  });

  it('an address vault is taken as it is: neither is set, and asking for one says what to do', () => {
    expect(parseCliOptions(ADDRESS, ENV)).toMatchObject({ driver: 'address', tls: false, oidc: false });
    expect(parseCliOptions([...ADDRESS, '--no-tls', '--no-oidc'], ENV)).toMatchObject({ tls: false });
    expect(() => parseCliOptions(['--oidc', ...ADDRESS], ENV)).toThrow(CliUsageError);
    expect(() => parseCliOptions(['--oidc', ...ADDRESS], ENV)).toThrow(
      /--oidc applies to the docker and process drivers/,
    );
    expect(() => parseCliOptions(['--tls', ...ADDRESS], ENV)).toThrow(/give its CA with --tls-ca PATH/);
  });

  it('refuses a flag together with its opposite', () => {
    expect(() => parseCliOptions(['--tls', '--no-tls'], {})).toThrow(
      '--tls and --no-tls contradict each other; give one of them',
    );
  });
});
