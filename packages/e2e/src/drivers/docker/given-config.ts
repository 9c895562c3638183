// A runevault.conf the caller wrote (setup-vault's, or their own), made fit for the container:
// the listeners become the driver's (so the ports are known and loopback-only), the keys are
// where the driver copies them, a given JWKS file replaces the providers' jwks_file, and the
// files it names relative to its install dir are listed so the driver can bring them along.
import { deepMerge, isMapping } from '@runevault/vault/config';
import { parse, stringify } from 'yaml';
import type { Listener } from '../vault-config.js';

/** Where a given JWKS file goes, relative to the install dir (the container's /opt/rune-vault). */
export const GIVEN_JWKS_FILE = 'configs/oidc-jwks.json';
/** The only folder besides vault-keys/ that is copied from the host folder into the container. */
const COPIED_CONFIGS = 'configs/';

export interface AdoptConfigOptions {
  grpc: Listener;
  http: Listener;
  /** keys.path as the container sees it. */
  keysPath: string;
  /** Set: every provider that reads a jwks_file reads GIVEN_JWKS_FILE instead. */
  jwksFile?: boolean;
  /** Deep-merged last. */
  overrides?: Record<string, unknown>;
}

export interface AdoptedConfig {
  text: string;
  /** Paths relative to the install dir (all under configs/) of files the config reads. */
  files: string[];
  /** tokens.team_secret when the config holds it inline. */
  inlineTeamSecret?: string;
  /** tokens.team_secret_file (relative) when the config names one. */
  teamSecretFile?: string;
  /** How many OIDC providers read GIVEN_JWKS_FILE. */
  jwksProviders: number;
}

export class GivenConfigError extends Error {}

/** `source` names the file in messages. */
export function adoptGivenConfig(text: string, source: string, options: AdoptConfigOptions): AdoptedConfig {
  let document: unknown;
  try {
    document = parse(text);
  } catch (error) {
    throw new GivenConfigError(
      `config ${source} is not valid YAML: ${(error as Error).message.split('\n')[0]}`,
    );
  }
  if (!isMapping(document)) throw new GivenConfigError(`config ${source} is not a YAML mapping`);

  const server = mapping(document, 'server');
  const grpc = mapping(server, 'grpc');
  Object.assign(grpc, { host: options.grpc.host, port: options.grpc.port });
  Object.assign(mapping(server, 'http'), { host: options.http.host, port: options.http.port });
  mapping(document, 'keys').path = options.keysPath;

  let jwksProviders = 0;
  const providers = mapping(document, 'oidc', false)?.providers;
  if (options.jwksFile && Array.isArray(providers)) {
    for (const provider of providers) {
      if (isMapping(provider) && provider.jwks_uri === undefined) {
        provider.jwks_file = GIVEN_JWKS_FILE;
        jwksProviders += 1;
      }
    }
  }

  const merged = options.overrides ? deepMerge(document, options.overrides) : document;
  const tokens = mapping(merged, 'tokens', false);
  const tls = mapping(mapping(merged, 'server'), 'grpc').tls;
  const named: [string, unknown][] = [
    ['server.grpc.tls.cert', isMapping(tls) ? tls.cert : undefined],
    ['server.grpc.tls.key', isMapping(tls) ? tls.key : undefined],
    ['tokens.team_secret_file', tokens?.team_secret_file],
    ['tokens.roles_file', tokens?.roles_file],
    ['tokens.tokens_file', tokens?.tokens_file],
    ...(Array.isArray(providers) ? providers : []).map((provider, index): [string, unknown] => [
      `oidc.providers[${index}].jwks_file`,
      isMapping(provider) ? provider.jwks_file : undefined,
    ]),
  ];
  const files: string[] = [];
  for (const [key, value] of named) {
    if (typeof value !== 'string' || value === '' || value === GIVEN_JWKS_FILE) continue;
    const path = value.replace(/^\.\//, '');
    if (path.startsWith('/') || path.split('/').includes('..') || !path.startsWith(COPIED_CONFIGS)) {
      throw new GivenConfigError(
        `config ${source}: ${key} is ${value}, which the container cannot see; ` +
          `put the file in the config's own configs/ folder and name it ${COPIED_CONFIGS}<file>`,
      );
    }
    files.push(path);
  }

  const inline = tokens?.team_secret;
  const secretFile = tokens?.team_secret_file;
  return {
    text: `# runevault.conf from ${source}, adapted by the runevault e2e driver\n${stringify(merged, { lineWidth: 0 })}`,
    files,
    ...(typeof inline === 'string' && inline !== '' ? { inlineTeamSecret: inline } : {}),
    ...(typeof secretFile === 'string' && secretFile !== ''
      ? { teamSecretFile: secretFile.replace(/^\.\//, '') }
      : {}),
    jwksProviders,
  };
}

/** The mapping under `key`, made when missing (unless `create` is false). */
function mapping(parent: Record<string, unknown>, key: string, create?: true): Record<string, unknown>;
function mapping(
  parent: Record<string, unknown>,
  key: string,
  create: false,
): Record<string, unknown> | undefined;
function mapping(parent: Record<string, unknown>, key: string, create = true) {
  const value = parent[key];
  if (isMapping(value)) return value;
  if (!create) return undefined;
  const made: Record<string, unknown> = {};
  parent[key] = made;
  return made;
}
