// A vault install dir on this host, made before start: configs/runevault.conf (generated, or
// adapted from a given one), the team secret, optionally the FHE keys (made now or copied from
// a given folder) and a TLS certificate. The process driver runs the daemon in it; the docker
// driver copies its configs/ and vault-keys/ into the container (docker/vault-install-files.ts)
// and reads back from there what the vault made at first start. The folder stays this user's,
// 0700: nothing in it is chowned or opened up, and the caller's own files stay as they were.
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { makeSelfSignedCert, type SelfSignedCert } from '@runevault/vault/tls';
import { adoptGivenConfig, GIVEN_JWKS_FILE } from './docker/given-config.js';
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
  /**
   * Makes the FHE keys now (e.g. generateKeys of @runevault/vault, passed in so that tools
   * which never make keys here do not load SEAL); absent: the vault makes them at first start.
   */
  generateKeys?: (keyDir: string) => Promise<unknown>;
  /** A runevault.conf to start from instead of a generated one (see docker/given-config.ts). */
  configFile?: string;
  /** A folder of FHE keys to copy in: a keys.path folder (holding vault-key/) or a key folder. */
  keysDir?: string;
  /** A JWKS file for the given config's providers that read a jwks_file. */
  oidcJwksFile?: string;
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
  /** How many OIDC providers of a given config read the given JWKS file. */
  jwksProviders: number;
  remove(): Promise<void>;
}

export async function prepareVaultHome(options: VaultHomeOptions): Promise<VaultHome> {
  const dir = mkdtempSync(join(options.parentDir ?? tmpdir(), options.prefix ?? 'runevault-e2e-'));
  const remove = () => rm(dir, { recursive: true, force: true });
  try {
    return await fillVaultHome(dir, options, remove);
  } catch (error) {
    await remove();
    throw error;
  }
}

async function fillVaultHome(
  dir: string,
  options: VaultHomeOptions,
  remove: () => Promise<void>,
): Promise<VaultHome> {
  const configsDir = join(dir, 'configs');
  const keysDir = join(dir, KEYS_PATH);
  mkdirSync(configsDir, { mode: 0o700 });
  mkdirSync(keysDir, { mode: 0o700 });
  let teamSecretFile = join(dir, TEAM_SECRET_FILE);
  const teamSecret = randomBytes(32).toString('hex');

  if (options.oidcJwksFile) {
    cpSync(options.oidcJwksFile, join(dir, GIVEN_JWKS_FILE));
  }
  const tls = options.tls ? await makeSelfSignedCert(configsDir) : undefined;
  const configFile = join(configsDir, 'runevault.conf');
  let jwksProviders = 0;
  if (options.configFile) {
    const overrides = tls ? withMadeTls(options.configOverrides) : options.configOverrides;
    const adopted = adoptGivenConfig(readFileSync(options.configFile, 'utf8'), options.configFile, {
      grpc: options.grpc,
      http: options.http,
      keysPath: KEYS_PATH,
      jwksFile: options.oidcJwksFile !== undefined,
      ...(overrides ? { overrides } : {}),
    });
    const sourceDir = installDirFor(options.configFile);
    // The certificate made for this run is the one the config now names: never overwritten.
    const made = tls ? [TLS_CERT_FILE, TLS_KEY_FILE] : [];
    for (const file of adopted.files.filter((f) => !made.includes(f))) {
      if (existsSync(join(sourceDir, file))) cpSync(join(sourceDir, file), join(dir, file));
    }
    jwksProviders = adopted.jwksProviders;
    writeFileSync(configFile, adopted.text, { mode: 0o600 });
    if (adopted.teamSecretFile) teamSecretFile = join(dir, adopted.teamSecretFile);
    // Kept at the usual place too, so knownSecrets() finds an inline secret.
    else writeFileSync(teamSecretFile, `${adopted.inlineTeamSecret ?? ''}\n`, { mode: 0o600 });
  } else {
    writeFileSync(teamSecretFile, `${teamSecret}\n`, { mode: 0o600 });
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
  }

  let keygenMs = 0;
  if (options.keysDir) {
    // A key folder itself (EncKey.json inside) goes under the key id the config names.
    const isKeyFolder = existsSync(join(options.keysDir, 'EncKey.json'));
    cpSync(options.keysDir, isKeyFolder ? join(keysDir, KEY_ID) : keysDir, { recursive: true });
  } else if (options.generateKeys) {
    const started = performance.now();
    await options.generateKeys(join(keysDir, KEY_ID));
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
    jwksProviders,
    remove,
  };
}

/** `overrides` with server.grpc.tls set to the certificate made here (a given config's TLS is replaced). */
function withMadeTls(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const server = (overrides.server ?? {}) as Record<string, unknown>;
  const grpc = (server.grpc ?? {}) as Record<string, unknown>;
  const tls = { cert: TLS_CERT_FILE, key: TLS_KEY_FILE, disable: false };
  return { ...overrides, server: { ...server, grpc: { ...grpc, tls } } };
}

/** The vault's rule (config/load-config.ts): the parent of configs/, else the file's own folder. */
function installDirFor(configFile: string): string {
  const folder = dirname(configFile);
  return basename(folder) === 'configs' ? dirname(folder) : folder;
}
