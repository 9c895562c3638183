// A caller's runevault.conf made fit for the container: listeners and keys.path replaced, the
// JWKS file named, the files it reads listed, paths the container cannot see refused.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  adoptGivenConfig,
  GIVEN_JWKS_FILE,
  GivenConfigError,
} from '../../../src/drivers/docker/given-config.js';

interface ConfigShape {
  server: { grpc: unknown; http: unknown };
  keys: unknown;
  oidc: { providers: Record<string, unknown>[] };
}

const options = {
  grpc: { host: '127.0.0.1', port: 41001 },
  http: { host: '127.0.0.1', port: 41002 },
  keysPath: 'vault-keys',
};

// What setup-vault writes with tls: true, plus an OIDC provider.
const SETUP_VAULT_CONFIG = `
server:
  grpc:
    host: 127.0.0.1
    port: 50051
    tls: { cert: configs/server.pem, key: configs/server.key }
  http: { host: 127.0.0.1, port: 9090 }
keys: { path: /home/runner/work/_temp/runevault/vault-keys, key_id: vault-key }
tokens:
  team_secret: 0123abcd
  roles_file: ./configs/roles.yml
audit: { mode: stdout }
oidc:
  providers:
    - { name: gh, issuer: https://issuer.test, audiences: [runevault], role: member, jwks_file: configs/jwks.json }
    - { name: web, issuer: https://web.test, audiences: [runevault], role: member, jwks_uri: https://web.test/jwks }
`;

describe('adoptGivenConfig', () => {
  it('replaces listeners and keys.path, keeps TLS, lists the files it reads, finds the inline secret', () => {
    const adopted = adoptGivenConfig(SETUP_VAULT_CONFIG, '/w/configs/runevault.conf', options);
    const document = parse(adopted.text) as ConfigShape;
    expect(adopted.text.split('\n')[0]).toBe(
      '# runevault.conf from /w/configs/runevault.conf, adapted by the runevault e2e driver',
    );
    expect(document.server.grpc).toEqual({
      host: '127.0.0.1',
      port: 41001,
      tls: { cert: 'configs/server.pem', key: 'configs/server.key' },
    });
    expect(document.server.http).toEqual({ host: '127.0.0.1', port: 41002 });
    expect(document.keys).toEqual({ path: 'vault-keys', key_id: 'vault-key' });
    expect(adopted.files).toEqual([
      'configs/server.pem',
      'configs/server.key',
      'configs/roles.yml',
      'configs/jwks.json',
    ]);
    expect(adopted.inlineTeamSecret).toBe('0123abcd');
    expect(adopted.teamSecretFile).toBeUndefined();
    expect(adopted.jwksProviders).toBe(0);
  });

  it('points the providers that read a jwks_file at the given JWKS file', () => {
    const adopted = adoptGivenConfig(SETUP_VAULT_CONFIG, 'c', { ...options, jwksFile: true });
    const providers = (parse(adopted.text) as ConfigShape).oidc.providers;
    expect(providers[0]?.jwks_file).toBe(GIVEN_JWKS_FILE);
    expect(providers[1]).toMatchObject({ jwks_uri: 'https://web.test/jwks' });
    expect(providers[1]?.jwks_file).toBeUndefined();
    expect(adopted.jwksProviders).toBe(1);
    expect(adopted.files).not.toContain('configs/jwks.json');
  });

  it('fills in what a minimal config leaves out, and applies overrides last', () => {
    const adopted = adoptGivenConfig('tokens: { team_secret_file: configs/team-secret }\n', 'c', {
      ...options,
      overrides: { audit: { mode: 'stdout' } },
    });
    expect(parse(adopted.text)).toEqual({
      tokens: { team_secret_file: 'configs/team-secret' },
      server: { grpc: { host: '127.0.0.1', port: 41001 }, http: { host: '127.0.0.1', port: 41002 } },
      keys: { path: 'vault-keys' },
      audit: { mode: 'stdout' },
    });
    expect(adopted.teamSecretFile).toBe('configs/team-secret');
    expect(adopted.files).toEqual(['configs/team-secret']);
  });

  it.each([
    [
      'server: { grpc: { tls: { cert: /etc/ssl/vault.pem, key: configs/k } } }',
      'server.grpc.tls.cert is /etc/ssl/vault.pem',
    ],
    ['tokens: { team_secret_file: ../secret }', 'tokens.team_secret_file is ../secret'],
    ['tokens: { roles_file: roles.yml }', 'tokens.roles_file is roles.yml'],
  ])('refuses a path the container cannot see: %s', (text, expected) => {
    expect(() => adoptGivenConfig(text, '/w/runevault.conf', options)).toThrow(GivenConfigError);
    expect(() => adoptGivenConfig(text, '/w/runevault.conf', options)).toThrow(
      `config /w/runevault.conf: ${expected}, which the container cannot see; put the file in the config's own configs/ folder`,
    );
  });

  it.each([
    ['server: [1, 2', 'is not valid YAML'],
    ['- a\n- b\n', 'is not a YAML mapping'],
  ])('names a file that is not a config: %s', (text, expected) => {
    expect(() => adoptGivenConfig(text, 'x.conf', options)).toThrow(`config x.conf ${expected}`);
  });
});
