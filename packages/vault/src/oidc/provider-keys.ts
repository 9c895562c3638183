// Where a provider's verification keys come from: a JWKS file (re-read when it changes, so a
// rotation is one atomic file replace) or a JWKS URL behind jose's remote set (a short cache;
// an unknown kid refetches at most once per cooldown).
import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import {
  type CompactJWSHeaderParameters,
  type CryptoKey,
  createLocalJWKSet,
  createRemoteJWKSet,
  type FlattenedJWSInput,
  type JSONWebKeySet,
  type LocalJWKSet,
} from 'jose';
import type { OidcProviderConfig } from '../config/types.js';

type KeyLookup = (header: CompactJWSHeaderParameters, token: FlattenedJWSInput) => Promise<CryptoKey>;

/** The key set could not be read or fetched: the vault's trouble, not the token's. */
export class JwksUnavailable extends Error {
  override name = 'JwksUnavailable';
}

export interface JwksCacheOptions {
  /** A fetched JWKS is used this long before it is fetched again (default 60 s). */
  cacheMaxAgeMs?: number;
  /** After a fetch, an unknown kid waits this long before the next one (default 5 s). */
  cooldownMs?: number;
  /** One fetch may take this long (default 5 s). */
  timeoutMs?: number;
}

const DEFAULT_JWKS_CACHE: Required<JwksCacheOptions> = {
  cacheMaxAgeMs: 60_000,
  cooldownMs: 5_000,
  timeoutMs: 5_000,
};

export interface ProviderKeySource {
  lookup: KeyLookup;
  /** "JWKS file /path" or "JWKS URL https://…", for operator messages. */
  description: string;
  /** Loads the keys once (at start), so a broken source is reported before the first exchange. */
  check(): Promise<void>;
}

// jose's errors that describe the token (no key for its kid/alg), as opposed to the source.
const TOKEN_SIDE_CODES = new Set([
  'ERR_JWKS_NO_MATCHING_KEY',
  'ERR_JWKS_MULTIPLE_MATCHING_KEYS',
  'ERR_JOSE_NOT_SUPPORTED',
]);

function isTokenSideError(error: unknown): boolean {
  return TOKEN_SIDE_CODES.has((error as { code?: string })?.code ?? '');
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function providerKeySource(
  provider: Pick<OidcProviderConfig, 'jwksFile' | 'jwksUri'>,
  cache: JwksCacheOptions = {},
): ProviderKeySource {
  if (provider.jwksFile !== undefined) return jwksFileSource(provider.jwksFile);
  if (provider.jwksUri !== undefined) return jwksUriSource(provider.jwksUri, cache);
  throw new Error('an oidc provider needs jwks_file or jwks_uri');
}

function jwksFileSource(path: string): ProviderKeySource {
  const description = `JWKS file ${path}`;
  let loaded: { stamp: string; set: LocalJWKSet } | undefined;
  const current = async (): Promise<LocalJWKSet> => {
    let stamp: string;
    try {
      const stat = statSync(path);
      stamp = `${stat.ino}:${stat.size}:${stat.mtimeMs}`;
    } catch (error) {
      throw new JwksUnavailable(`cannot read ${description}: ${messageOf(error)}`);
    }
    if (loaded?.stamp === stamp) return loaded.set;
    try {
      const set = createLocalJWKSet(JSON.parse(await readFile(path, 'utf8')) as JSONWebKeySet);
      loaded = { stamp, set };
      return set;
    } catch (error) {
      throw new JwksUnavailable(`${description} is not a JSON Web Key Set: ${messageOf(error)}`);
    }
  };
  return {
    description,
    lookup: async (header, token) => (await current())(header, token),
    check: async () => {
      await current();
    },
  };
}

function jwksUriSource(uri: string, cache: JwksCacheOptions): ProviderKeySource {
  const description = `JWKS URL ${uri}`;
  const options = { ...DEFAULT_JWKS_CACHE, ...cache };
  const remote = createRemoteJWKSet(new URL(uri), {
    cacheMaxAge: options.cacheMaxAgeMs,
    cooldownDuration: options.cooldownMs,
    timeoutDuration: options.timeoutMs,
  });
  return {
    description,
    lookup: async (header, token) => {
      try {
        return await remote(header, token);
      } catch (error) {
        if (isTokenSideError(error)) throw error;
        throw new JwksUnavailable(`cannot fetch ${description}: ${messageOf(error)}`);
      }
    },
    check: async () => {
      try {
        await remote.reload();
      } catch (error) {
        throw new JwksUnavailable(`cannot fetch ${description}: ${messageOf(error)}`);
      }
    },
  };
}
