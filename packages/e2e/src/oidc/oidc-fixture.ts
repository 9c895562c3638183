// Where case 15's tokens come from: minted here for a vault this process starts (vault-e2e
// --oidc), or handed over by a caller that minted them (mint-test-oidc → run-e2e-suite).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  buildTokenTemplate,
  DEFAULT_LOCAL_ISSUER,
  githubContextFromEnv,
  mintNegatives,
  TestIssuer,
  writeJwksFile,
} from '@runevault/oidc-test-issuer';
import type { OidcProviderSpec } from '../drivers/vault-config.js';
import type { OidcFixture } from '../vault-under-test.js';

const LOCAL_PROVIDER = 'ci';
const LOCAL_AUDIENCE = 'runevault';
const LOCAL_ROLE = 'member';

export interface LocalOidc {
  /** The provider to configure on the vault (give it to a driver as oidcProviders). */
  provider: OidcProviderSpec;
  fixture: OidcFixture;
  /** Removes the JWKS folder. */
  dispose(): void;
}

/** A per-run test issuer, its JWKS in a temp folder, and tokens for a vault that trusts it. */
export async function localOidc(env: NodeJS.ProcessEnv = process.env): Promise<LocalOidc> {
  const dir = mkdtempSync(join(tmpdir(), 'vault-e2e-oidc-'));
  try {
    const issuer = await TestIssuer.create({ issuer: DEFAULT_LOCAL_ISSUER, alg: 'ES256' });
    const github = githubContextFromEnv(env);
    const template = buildTokenTemplate({ github, audience: LOCAL_AUDIENCE, lifetimeSeconds: 300 });
    const jwksFile = join(dir, 'jwks.json');
    writeJwksFile(jwksFile, issuer.jwks());
    const negatives = await mintNegatives(issuer, template);
    return {
      provider: {
        name: LOCAL_PROVIDER,
        issuer: issuer.issuer,
        audiences: [LOCAL_AUDIENCE],
        role: LOCAL_ROLE,
        jwksFile,
        algorithms: ['ES256'],
        boundClaims: { repository: `${github.repositoryOwner}/*` },
        ttl: '5m',
      },
      fixture: {
        provider: LOCAL_PROVIDER,
        goodToken: () => issuer.mint(template),
        negatives,
        role: LOCAL_ROLE,
      },
      dispose: () => rmSync(dir, { recursive: true, force: true }),
    };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

export interface GivenOidcTokens {
  /** The JWT to exchange (e.g. mint-test-oidc's token output). */
  token: string;
  /** preset → JWT, or the path of mint-test-oidc's negatives-file. */
  negatives?: Record<string, string> | { file: string };
  /** '' (default) = the vault's only provider. */
  provider?: string;
  role?: string;
}

/** A fixture from tokens minted elsewhere; the good token is the same one on every use. */
export function oidcFixtureFromTokens(given: GivenOidcTokens): OidcFixture {
  const negatives =
    given.negatives === undefined
      ? {}
      : 'file' in given.negatives
        ? readNegativesFile(given.negatives.file as string)
        : given.negatives;
  return {
    provider: given.provider ?? '',
    goodToken: async () => given.token,
    negatives: negatives as Record<string, string>,
    ...(given.role ? { role: given.role } : {}),
  };
}

/** mint-test-oidc's negatives-file: a JSON object of preset → JWT. Throws naming the file. */
export function readNegativesFile(file: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`negatives file ${file} is not readable JSON: ${(error as Error).message}`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new Error(`negatives file ${file} must be a JSON object of preset → token`);
  }
  for (const [preset, token] of Object.entries(parsed)) {
    if (typeof token !== 'string' || token === '') {
      throw new Error(`negatives file ${file}: the value of ${JSON.stringify(preset)} is not a token`);
    }
  }
  return parsed as Record<string, string>;
}
