// One signing key of a test issuer: a per-run key pair whose kid is its JWK thumbprint
// (RFC 7638), so the same public key always gets the same kid and nothing else does.
import {
  type CryptoKey,
  calculateJwkThumbprint,
  exportJWK,
  exportSPKI,
  generateKeyPair,
  importJWK,
  type JWK,
} from 'jose';

export const SIGNING_ALGS = ['RS256', 'ES256'] as const;
export type SigningAlg = (typeof SIGNING_ALGS)[number];

export interface IssuerKey {
  alg: SigningAlg;
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  /** The public half as published in the JWKS: kty + key fields, kid, alg, use. */
  publicJwk: JWK;
}

export function isSigningAlg(value: string): value is SigningAlg {
  return (SIGNING_ALGS as readonly string[]).includes(value);
}

/**
 * A fresh key pair. The private key is non-extractable unless `extractable` (needed only to
 * hand it to a separate issuer process, see issuer-process.ts).
 */
export async function generateIssuerKey(
  alg: SigningAlg,
  options: { extractable?: boolean } = {},
): Promise<IssuerKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, {
    extractable: options.extractable ?? false,
  });
  return describeKey(alg, privateKey, publicKey);
}

/** The private JWK of an extractable key (for the issuer process's stdin, never a file). */
export async function exportPrivateJwk(key: IssuerKey): Promise<JWK> {
  if (!key.privateKey.extractable) {
    throw new Error(`issuer key ${key.kid} is not extractable; generate it with { extractable: true }`);
  }
  return { ...(await exportJWK(key.privateKey)), kid: key.kid, alg: key.alg };
}

/** Rebuilds an IssuerKey from exportPrivateJwk's output; the imported private key is non-extractable. */
export async function importIssuerKey(privateJwk: JWK): Promise<IssuerKey> {
  const alg = String(privateJwk.alg ?? '');
  if (!isSigningAlg(alg)) throw new Error(`unsupported issuer key alg ${JSON.stringify(alg)}`);
  const privateKey = (await importJWK(privateJwk, alg, { extractable: false })) as CryptoKey;
  const publicFields = publicPart(privateJwk);
  const publicKey = (await importJWK(publicFields, alg, { extractable: true })) as CryptoKey;
  return describeKey(alg, privateKey, publicKey);
}

/** PEM (SPKI) of the public key: what an HMAC key-confusion attack signs with. */
export function publicKeyPem(key: IssuerKey): Promise<string> {
  return exportSPKI(key.publicKey);
}

async function describeKey(alg: SigningAlg, privateKey: CryptoKey, publicKey: CryptoKey): Promise<IssuerKey> {
  const exported = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(exported, 'sha256');
  return { alg, kid, privateKey, publicKey, publicJwk: { ...exported, kid, alg, use: 'sig' } };
}

// The public members of an RSA or EC JWK (RFC 7518 §6), dropping every private one.
function publicPart(jwk: JWK): JWK {
  if (jwk.kty === 'RSA') return { kty: 'RSA', n: jwk.n, e: jwk.e } as JWK;
  if (jwk.kty === 'EC') return { kty: 'EC', crv: jwk.crv, x: jwk.x, y: jwk.y } as JWK;
  throw new Error(`unsupported issuer key type ${JSON.stringify(jwk.kty)}`);
}
