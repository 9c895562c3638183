import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@runevault/vault';
import { afterEach, describe, expect, it } from 'vitest';
import { renderVaultConfig, vaultConfig } from '../../../src/drivers/vault-config.js';
import { prepareVaultHome, type VaultHome } from '../../../src/drivers/vault-home.js';

const listeners = { grpc: { host: '127.0.0.1', port: 41001 }, http: { host: '127.0.0.1', port: 41002 } };

describe('vaultConfig', () => {
  it('plaintext gRPC, audit on stdout, paths relative to the install dir', () => {
    expect(vaultConfig(listeners)).toEqual({
      server: {
        grpc: { host: '127.0.0.1', port: 41001, tls: { disable: true } },
        http: { host: '127.0.0.1', port: 41002 },
      },
      keys: { path: 'vault-keys', key_id: 'vault-key', generate_if_missing: true },
      tokens: { team_secret_file: 'configs/team-secret' },
      audit: { mode: 'stdout' },
    });
  });

  it('TLS cert and key when given', () => {
    const config = vaultConfig({
      ...listeners,
      tls: { cert: 'configs/server.pem', key: 'configs/server.key' },
    });
    expect(config.server).toMatchObject({
      grpc: { tls: { cert: 'configs/server.pem', key: 'configs/server.key' } },
    });
  });

  it('OIDC providers in the config file keys', () => {
    const config = vaultConfig({
      ...listeners,
      oidcProviders: [
        {
          name: 'gha',
          issuer: 'https://issuer.test',
          audiences: ['runevault'],
          role: 'member',
          jwksFile: '/opt/rune-vault/oidc/0-jwks.json',
          boundClaims: { repository: 'o/r' },
          ttl: '5m',
        },
      ],
    });
    expect(config.oidc).toEqual({
      providers: [
        {
          name: 'gha',
          issuer: 'https://issuer.test',
          audiences: ['runevault'],
          jwks_file: '/opt/rune-vault/oidc/0-jwks.json',
          role: 'member',
          bound_claims: { repository: 'o/r' },
          ttl: '5m',
        },
      ],
    });
  });

  it('overrides merge into mappings and replace anything else', () => {
    const config = vaultConfig({
      ...listeners,
      overrides: { audit: { alert: { window_seconds: 5 } }, bogus: 1 },
    });
    expect(config.audit).toEqual({ mode: 'stdout', alert: { window_seconds: 5 } });
    expect(config.bogus).toBe(1);
    const replaced = vaultConfig({ ...listeners, overrides: { server: { grpc: { port: 1 } } } });
    expect(replaced.server).toMatchObject({ grpc: { host: '127.0.0.1', port: 1, tls: { disable: true } } });
  });
});

describe('prepareVaultHome', () => {
  let home: VaultHome | undefined;
  afterEach(async () => {
    await home?.remove();
    home = undefined;
  });

  it('writes a config the vault loader accepts, with a 0600 team secret it reads', async () => {
    home = await prepareVaultHome({ ...listeners });
    expect(renderVaultConfig(listeners).split('\n')[0]).toBe(
      '# runevault.conf, written by the runevault e2e driver',
    );
    const { config, warnings } = loadConfig({ configPath: home.configFile });
    expect(config.installDir).toBe(home.dir);
    expect(config.server.grpc).toMatchObject({ host: '127.0.0.1', port: 41001, tls: { disable: true } });
    expect(config.server.http).toEqual({ host: '127.0.0.1', port: 41002 });
    expect(config.keys.path).toBe(home.keysDir);
    expect(config.audit.mode).toBe('stdout');
    expect(config.tokens.teamSecret).toMatch(/^[0-9a-f]{64}$/);
    expect(statSync(home.teamSecretFile).mode & 0o777).toBe(0o600);
    // Only the expected TLS warning: no loose-mode warnings for the files we wrote.
    expect(warnings.filter((w) => !w.startsWith('TLS is disabled'))).toEqual([]);
    expect(existsSync(home.secKeyFile)).toBe(false);
    expect(home.keygenMs).toBe(0);
  });

  it('a config override the loader rejects shows up as the loader error', async () => {
    home = await prepareVaultHome({
      ...listeners,
      configOverrides: { bogus_key: true },
    });
    expect(() => loadConfig({ configPath: home?.configFile })).toThrow(/bogus_key.*unknown key/);
  });

  it('tls on a given plaintext config: the config names the certificate made for the run', async () => {
    // A given install dir with TLS off and a stale server.pem beside it, which must not win.
    const given = mkdtempSync(join(tmpdir(), 'e2e-given-'));
    try {
      mkdirSync(join(given, 'configs'));
      writeFileSync(join(given, 'configs', 'server.pem'), 'not the run certificate\n');
      writeFileSync(join(given, 'configs', 'team-secret'), `${'ab'.repeat(32)}\n`, { mode: 0o600 });
      const configFile = join(given, 'configs', 'runevault.conf');
      writeFileSync(
        configFile,
        [
          'server:',
          '  grpc: { host: 0.0.0.0, port: 50051, tls: { disable: true } }',
          '  http: { host: 0.0.0.0, port: 9090 }',
          'keys: { path: vault-keys, key_id: vault-key, generate_if_missing: true }',
          'tokens: { team_secret_file: configs/team-secret }',
          '',
        ].join('\n'),
        { mode: 0o600 },
      );
      home = await prepareVaultHome({ ...listeners, configFile, tls: true });
      const { config } = loadConfig({ configPath: home.configFile });
      expect(config.server.grpc.tls).toEqual({
        cert: join(home.dir, 'configs', 'server.pem'),
        key: join(home.dir, 'configs', 'server.key'),
        disable: false,
      });
      expect(home.tls?.pem.toString()).toMatch(/^-----BEGIN CERTIFICATE-----/);
      expect(readFileSync(join(home.dir, 'configs', 'server.pem'))).toEqual(home.tls?.pem);
    } finally {
      rmSync(given, { recursive: true, force: true });
    }
  });
});
