// The runevault.conf a driver writes, rendered by the vault's own config writer. Every path
// in it is relative to the vault's install dir (the parent of configs/), so the same file
// works for a process on this host and inside a container whose install dir is /opt/rune-vault.
import {
  DEFAULT_KEY_ID,
  DEFAULT_KEYS_PATH,
  renderVaultConfig as renderConfigFile,
  vaultConfigDocument,
} from '@runevault/vault/config';

export interface Listener {
  host: string;
  port: number;
}

/** An OIDC provider the vault trusts (the keys are the config's, camel-cased). */
export interface OidcProviderSpec {
  name: string;
  issuer: string;
  audiences: string[];
  role: string;
  /** The JWKS file on this host; each driver makes it visible to the vault. */
  jwksFile: string;
  algorithms?: string[];
  boundClaims?: Record<string, string>;
  userClaim?: string;
  /** e.g. "15m". */
  ttl?: string;
}

export interface VaultConfigSpec {
  grpc: Listener;
  http: Listener;
  /** Certificate and key paths as the vault sees them; absent = plaintext gRPC. */
  tls?: { cert: string; key: string };
  /** Providers with jwksFile already rewritten to the path the vault sees. */
  oidcProviders?: OidcProviderSpec[];
  /** Deep-merged last: any key of the config, e.g. { audit: { alert: { window_seconds: 5 } } }. */
  overrides?: Record<string, unknown>;
}

export const TEAM_SECRET_FILE = 'configs/team-secret';
export const KEYS_PATH = DEFAULT_KEYS_PATH;
export const KEY_ID = DEFAULT_KEY_ID;
export const TLS_CERT_FILE = 'configs/server.pem';
export const TLS_KEY_FILE = 'configs/server.key';

function configOptions(spec: VaultConfigSpec) {
  const oidc = spec.oidcProviders?.length
    ? { oidc: { providers: spec.oidcProviders.map(oidcProviderEntry) } }
    : {};
  return {
    teamSecret: { file: TEAM_SECRET_FILE },
    grpc: spec.grpc,
    http: spec.http,
    ...(spec.tls ? { tls: spec.tls } : {}),
    // Audit lines on stdout, where the driver's log source (container log, log file) sees them.
    audit: { mode: 'stdout' as const },
    overrides: { ...oidc, ...spec.overrides },
    writtenBy: 'the runevault e2e driver',
  };
}

function oidcProviderEntry(provider: OidcProviderSpec): Record<string, unknown> {
  return {
    name: provider.name,
    issuer: provider.issuer,
    audiences: provider.audiences,
    jwks_file: provider.jwksFile,
    role: provider.role,
    ...(provider.algorithms ? { algorithms: provider.algorithms } : {}),
    ...(provider.boundClaims ? { bound_claims: provider.boundClaims } : {}),
    ...(provider.userClaim ? { user_claim: provider.userClaim } : {}),
    ...(provider.ttl ? { ttl: provider.ttl } : {}),
  };
}

export function vaultConfig(spec: VaultConfigSpec): Record<string, unknown> {
  return vaultConfigDocument(configOptions(spec));
}

export function renderVaultConfig(spec: VaultConfigSpec): string {
  return renderConfigFile(configOptions(spec));
}
