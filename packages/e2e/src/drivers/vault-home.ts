// A vault install dir on this host, made before start: configs/runevault.conf, the team
// secret, optionally the FHE keys and a TLS certificate. The process driver runs the daemon
// in it; the docker driver mounts its configs/ and vault-keys/ into the container, so both
// can read the secrets back for the no-secret-leak case.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeys } from '@runevault/vault';
import { makeSelfSignedCert, type SelfSignedCert } from '@runevault/vault/tls';
import {
  KEY_ID,
  KEYS_PATH,
  type Listener,
  type OidcProviderSpec,
  renderVaultConfig,
  TEAM_SECRET_FILE,
  TLS_CERT_FILE,
  TLS_KEY_FILE,
} from './vault-config.js';

export interface VaultHomeOptions {
  /** Where the vault listens (inside its container, for docker). */
  grpc: Listener;
  http: Listener;
  tls?: boolean;
  /** Providers whose jwksFile is already the path the vault sees. */
  oidcProviders?: OidcProviderSpec[];
  configOverrides?: Record<string, unknown>;
  /** Make the FHE keys now; otherwise the vault makes them at its first start. */
  generateKeys: boolean;
  /** Default: the OS temp dir. */
  parentDir?: string;
  prefix?: string;
}

export interface VaultHome {
  dir: string;
  configsDir: string;
  configFile: string;
  keysDir: string;
  teamSecretFile: string;
  secKeyFile: string;
  tls?: SelfSignedCert;
  /** Milliseconds spent generating keys (0 when left to the vault). */
  keygenMs: number;
  remove(): Promise<void>;
}

export async function prepareVaultHome(options: VaultHomeOptions): Promise<VaultHome> {
  const dir = mkdtempSync(join(options.parentDir ?? tmpdir(), options.prefix ?? 'runevault-e2e-'));
  const configsDir = join(dir, 'configs');
  const keysDir = join(dir, KEYS_PATH);
  mkdirSync(configsDir, { mode: 0o700 });
  mkdirSync(keysDir, { mode: 0o700 });
  const teamSecretFile = join(dir, TEAM_SECRET_FILE);
  writeFileSync(teamSecretFile, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600 });

  const tls = options.tls ? await makeSelfSignedCert(configsDir) : undefined;
  const configFile = join(configsDir, 'runevault.conf');
  writeFileSync(
    configFile,
    renderVaultConfig({
      grpc: options.grpc,
      http: options.http,
      ...(tls ? { tls: { cert: TLS_CERT_FILE, key: TLS_KEY_FILE } } : {}),
      ...(options.oidcProviders ? { oidcProviders: options.oidcProviders } : {}),
      ...(options.configOverrides ? { overrides: options.configOverrides } : {}),
    }),
    { mode: 0o600 },
  );

  let keygenMs = 0;
  if (options.generateKeys) {
    const started = performance.now();
    await generateKeys(join(keysDir, KEY_ID));
    keygenMs = Math.round(performance.now() - started);
  }
  return {
    dir,
    configsDir,
    configFile,
    keysDir,
    teamSecretFile,
    secKeyFile: join(keysDir, KEY_ID, 'SecKey.json'),
    ...(tls ? { tls } : {}),
    keygenMs,
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
