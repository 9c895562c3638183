import { describe, expect, it } from 'vitest';
import { CliUsageError, parseCliOptions } from '../../src/cli-options.js';

describe('vault-e2e --oidc', () => {
  it('is absent by default and set by --oidc (docker and process)', () => {
    expect(parseCliOptions([], {})).not.toHaveProperty('oidc');
    expect(parseCliOptions(['--oidc'], {}).oidc).toBe(true);
    expect(parseCliOptions(['--driver', 'process', '--oidc'], {}).oidc).toBe(true);
  });

  it('is refused with the address driver, saying where such tokens come from', () => {
    const argv = [
      '--oidc',
      '--grpc',
      '127.0.0.1:50051',
      '--http',
      'http://127.0.0.1:9090',
      '--token-env',
      'VT',
    ];
    expect(() => parseCliOptions(argv, { VT: `evt_${'a'.repeat(32)}` })).toThrow(CliUsageError);
    expect(() => parseCliOptions(argv, { VT: `evt_${'a'.repeat(32)}` })).toThrow(
      /--oidc applies to the docker and process drivers/,
    );
  });
});
