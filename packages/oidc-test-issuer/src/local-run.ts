// One run of the test issuer as the mint-test-oidc action needs it: a key, optionally a
// loopback issuer process, the token, the negatives and the files a vault and later steps read.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { exportPrivateJwk, generateIssuerKey, type IssuerKey, type SigningAlg } from './issuer-key.js';
import { type IssuerProcessReady, spawnIssuerProcess, stopIssuerProcess } from './issuer-process.js';
import { writeJwksFile, writeSecretFile } from './jwks-file.js';
import { mintNegatives, type NegativePreset } from './negative-presets.js';
import { assertTestIssuerUrl } from './production-issuer.js';
import { TestIssuer } from './test-issuer.js';
import type { TokenTemplate } from './token-template.js';

/** The issuer of tokens minted without a served issuer and without an explicit one. */
export const DEFAULT_LOCAL_ISSUER = 'https://oidc.test.invalid';

export interface LocalRunOptions {
  alg: SigningAlg;
  /** '' = the served URL with serve, else DEFAULT_LOCAL_ISSUER. */
  issuer: string;
  template: TokenTemplate;
  negatives: readonly NegativePreset[];
  /** Where jwks.json, token.jwt and negatives.json go (created; secrets 0600). */
  outDir: string;
  /** Start the loopback issuer as a detached process with this command (see issuer-process.ts). */
  serve?: { command: string; args: string[]; maxLifetimeSeconds?: number; env?: NodeJS.ProcessEnv };
}

export interface ServedIssuer extends IssuerProcessReady {
  /** The bearer token of its token endpoint (ACTIONS_ID_TOKEN_REQUEST_TOKEN). */
  requestToken: string;
  /** The bearer token of POST /shutdown. */
  shutdownToken: string;
  logFile: string;
}

export interface LocalRunResult {
  issuer: string;
  kid: string;
  token: string;
  tokenFile: string;
  jwksFile: string;
  /** preset → token; empty when no preset was asked. */
  negatives: Record<string, string>;
  /** Absent when no preset was asked. */
  negativesFile?: string;
  served?: ServedIssuer;
}

export async function mintLocalRun(options: LocalRunOptions): Promise<LocalRunResult> {
  if (options.issuer) assertTestIssuerUrl(options.issuer);
  // The key leaves this process only when an issuer process needs it (over its stdin).
  const key = await generateIssuerKey(options.alg, { extractable: options.serve !== undefined });
  let served: ServedIssuer | undefined;
  if (options.serve) {
    const requestToken = randomBytes(24).toString('hex');
    const shutdownToken = randomBytes(24).toString('hex');
    const logFile = join(options.outDir, 'issuer.log');
    writeSecretFile(logFile, '');
    const ready = await spawnIssuerProcess({
      command: options.serve.command,
      args: options.serve.args,
      logFile,
      ...(options.serve.env ? { env: options.serve.env } : {}),
      config: {
        privateJwk: await exportPrivateJwk(key),
        issuer: options.issuer,
        requestToken,
        shutdownToken,
        template: options.template,
        ...(options.serve.maxLifetimeSeconds ? { maxLifetimeSeconds: options.serve.maxLifetimeSeconds } : {}),
      },
    });
    served = { ...ready, requestToken, shutdownToken, logFile };
  }
  try {
    return await mintAndWrite(options, key, served);
  } catch (error) {
    // Nothing will stop an issuer whose start is reported as failed: stop it here.
    if (served) await stopIssuerProcess(served);
    throw error;
  }
}

async function mintAndWrite(
  options: LocalRunOptions,
  key: IssuerKey,
  served: ServedIssuer | undefined,
): Promise<LocalRunResult> {
  const issuer = await TestIssuer.create({
    issuer: served?.issuer ?? (options.issuer || DEFAULT_LOCAL_ISSUER),
    key,
  });
  const token = await issuer.mint(options.template);
  const jwksFile = join(options.outDir, 'jwks.json');
  writeJwksFile(jwksFile, issuer.jwks());
  const tokenFile = join(options.outDir, 'token.jwt');
  writeSecretFile(tokenFile, token);
  const negatives = await mintNegatives(issuer, options.template, options.negatives);
  let negativesFile: string | undefined;
  if (options.negatives.length > 0) {
    negativesFile = join(options.outDir, 'negatives.json');
    writeSecretFile(negativesFile, `${JSON.stringify(negatives, null, 2)}\n`);
  }
  return {
    issuer: issuer.issuer,
    kid: key.kid,
    token,
    tokenFile,
    jwksFile,
    negatives,
    ...(negativesFile ? { negativesFile } : {}),
    ...(served ? { served } : {}),
  };
}
