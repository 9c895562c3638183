import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load-config.js';
import {
  renderVaultConfig,
  vaultConfigDocument,
  writeVaultConfig,
} from '../../../src/config/write-config.js';
import { useTempDir } from '../../support/temp-dir.js';

const tmp = useTempDir('write-config');
const TEAM_SECRET = 'f00dfeed'.repeat(8);

async function writeAndLoad(options: Parameters<typeof writeVaultConfig>[1]) {
  const file = join(tmp(), 'configs', 'runevault.conf');
  await writeVaultConfig(file, options);
  return { file, ...loadConfig({ configPath: file }) };
}

describe('writeVaultConfig', () => {
  it('writes a 0600 file that loadConfig reads back with the defaults spelled out', async () => {
    const home = tmp();
    const { file, config, warnings } = await writeAndLoad({ teamSecret: TEAM_SECRET });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(config.installDir).toBe(home);
    expect(config.server.grpc).toMatchObject({ host: '127.0.0.1', port: 50051, tls: { disable: true } });
    expect(config.server.http).toEqual({ host: '127.0.0.1', port: 9090 });
    expect(config.keys).toMatchObject({
      path: join(home, 'vault-keys'),
      keyId: 'vault-key',
      generateIfMissing: true,
    });
    expect(config.tokens.teamSecret).toBe(TEAM_SECRET);
    expect(config.audit.mode).toBe('stdout');
    expect(warnings).toEqual([
      'TLS is disabled: gRPC traffic (tokens, decrypted scores) travels in plaintext',
    ]);
  });

  it('resolves TLS files, ports and a team secret file against the install dir', async () => {
    const home = tmp();
    writeFileSync(join(home, 'secret'), `${TEAM_SECRET}\n`, { mode: 0o600 });
    const { config } = await writeAndLoad({
      teamSecret: { file: 'secret' },
      grpc: { host: '0.0.0.0', port: 0 },
      http: { port: 0 },
      tls: { cert: 'configs/server.pem', key: 'configs/server.key' },
      audit: { mode: 'file', path: 'logs/audit.log' },
    });
    expect(config.server.grpc).toMatchObject({
      host: '0.0.0.0',
      port: 0,
      tls: { cert: join(home, 'configs/server.pem'), key: join(home, 'configs/server.key'), disable: false },
    });
    expect(config.server.http.port).toBe(0);
    expect(config.tokens.teamSecret).toBe(TEAM_SECRET);
    expect(config.audit).toMatchObject({ mode: 'file', path: join(home, 'logs/audit.log') });
  });

  it('deep-merges overrides last', () => {
    const document = vaultConfigDocument({
      teamSecret: TEAM_SECRET,
      overrides: { server: { grpc: { port: 6000 } }, audit: { alert: { window_seconds: 5 } } },
    });
    expect(document).toMatchObject({
      server: { grpc: { host: '127.0.0.1', port: 6000, tls: { disable: true } } },
      audit: { mode: 'stdout', alert: { window_seconds: 5 } },
    });
  });

  it('renders the same bytes for the same options, quoting what YAML would misread', () => {
    const options = { teamSecret: '123e4', writtenBy: 'a test' };
    const text = renderVaultConfig(options);
    expect(renderVaultConfig(options)).toBe(text);
    expect(text.startsWith('# runevault.conf, written by a test\n')).toBe(true);
    expect(text).toContain('team_secret: "123e4"');
  });
});
