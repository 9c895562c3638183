// Verifies one OIDC JWT against one configured provider; every refusal is an ExchangeRejected
// with a distinct reason. Pure apart from the key lookup, so tests call it directly.
import { decodeProtectedHeader, type JWTPayload, jwtVerify } from 'jose';
import type { OidcProviderConfig } from '../config/types.js';
import { CLOCK_TOLERANCE_SECONDS, MAX_JWT_BYTES } from '../protocol/exchange-limits.js';
import { MAX_EXCHANGED_USER_NAME_LENGTH, userNameProblem } from '../tokens/names.js';
import { firstBoundClaimMismatch } from './claim-glob.js';
import { ExchangeRejected } from './exchange-rejection.js';
import { JwksUnavailable, type ProviderKeySource } from './provider-keys.js';

/** Claims every accepted token carries, whatever the provider binds. */
const REQUIRED_CLAIMS = ['exp', 'iat', 'sub'] as const;
/** The longest user name an exchange produces: `oidc:<provider>:<claim>`. */
const MAX_EXCHANGED_USER_LENGTH = MAX_EXCHANGED_USER_NAME_LENGTH;

// Never accepted, whatever a config says: unsigned tokens, and HMAC, whose "key" a verifier
// holding only public keys would have to take from the token's own world (key confusion).
const NEVER_ALLOWED = /^(none|HS\d+)$/i;
// Named in the reason only when it is a registered JWS alg, so the audit line never carries
// arbitrary header text.
const KNOWN_ALGS = new Set([
  'none',
  'HS256',
  'HS384',
  'HS512',
  'RS256',
  'RS384',
  'RS512',
  'ES256',
  'ES384',
  'ES512',
  'ES256K',
  'PS256',
  'PS384',
  'PS512',
  'EdDSA',
  'Ed25519',
]);
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
// Claims jose names in its errors: only these may appear in a reason.
const TIME_AND_CORE_CLAIMS = new Set(['iss', 'aud', 'sub', 'exp', 'iat', 'nbf', 'jti']);

export interface VerifiedToken {
  claims: JWTPayload;
  /** `oidc:<provider>:<user_claim value>`. */
  user: string;
}

export async function verifyProviderJwt(
  jwt: string,
  provider: OidcProviderConfig,
  keys: ProviderKeySource,
  now: Date,
): Promise<VerifiedToken> {
  const reject = (reason: ConstructorParameters<typeof ExchangeRejected>[0], user?: string) =>
    new ExchangeRejected(reason, { provider: provider.name, ...(user !== undefined ? { user } : {}) });

  if (typeof jwt !== 'string' || jwt === '') throw reject('malformed');
  if (jwt.length > MAX_JWT_BYTES || Buffer.byteLength(jwt, 'utf8') > MAX_JWT_BYTES) {
    throw reject('token_too_large');
  }
  if (!COMPACT_JWS.test(jwt)) throw reject('malformed');

  let alg: unknown;
  try {
    alg = decodeProtectedHeader(jwt).alg;
  } catch {
    throw reject('malformed');
  }
  if (typeof alg !== 'string') throw reject('malformed');
  if (NEVER_ALLOWED.test(alg) || !provider.algorithms.includes(alg)) {
    throw reject(KNOWN_ALGS.has(alg) ? `alg_not_allowed:${alg}` : 'alg_not_allowed');
  }

  let claims: JWTPayload;
  try {
    ({ payload: claims } = await jwtVerify(jwt, keys.lookup, {
      algorithms: provider.algorithms,
      issuer: provider.issuer,
      audience: provider.audiences,
      requiredClaims: [...REQUIRED_CLAIMS],
      maxTokenAge: provider.maxTokenAgeSeconds,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      currentDate: now,
    }));
  } catch (error) {
    if (error instanceof JwksUnavailable) {
      throw new ExchangeRejected('jwks_unavailable', { provider: provider.name, kind: 'unavailable' });
    }
    throw reject(reasonForJoseError(error));
  }

  const userValue = claims[provider.userClaim];
  const user = `oidc:${provider.name}:${String(userValue)}`;
  if (userValue === undefined) throw reject(`missing_claim:${provider.userClaim}`);
  // The derived user obeys the rule for every user name (names.ts): a claim with a bidi
  // override or a zero-width space must not become a user that poses as another.
  if (
    (typeof userValue !== 'string' && typeof userValue !== 'number') ||
    String(userValue) === '' ||
    userNameProblem(user, MAX_EXCHANGED_USER_LENGTH) !== undefined
  ) {
    throw reject(`invalid_claim:${provider.userClaim}`);
  }
  // The signature verified, so the user is known: audit it even when a bound claim refuses.
  const mismatch = firstBoundClaimMismatch(claims, provider.boundClaims);
  if (mismatch !== undefined) throw reject(`bound_claim_mismatch:${mismatch}`, user);
  return { claims, user };
}

type Reason = ConstructorParameters<typeof ExchangeRejected>[0];

function reasonForJoseError(error: unknown): Reason {
  const { code, claim, reason } = (error ?? {}) as { code?: string; claim?: string; reason?: string };
  const named = (prefix: 'missing_claim' | 'invalid_claim'): Reason =>
    claim && TIME_AND_CORE_CLAIMS.has(claim) ? `${prefix}:${claim}` : prefix;
  switch (code) {
    case 'ERR_JWT_EXPIRED':
      return claim === 'iat' ? 'token_too_old' : 'expired';
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
      if (reason === 'missing') return named('missing_claim');
      if (reason === 'invalid') return named('invalid_claim');
      if (claim === 'iss') return 'wrong_issuer';
      if (claim === 'aud') return 'wrong_audience';
      // nbf in the future, or iat in the future (beyond the clock tolerance).
      if (claim === 'nbf' || claim === 'iat') return 'not_yet_valid';
      return named('invalid_claim');
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
      return 'alg_not_allowed';
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return 'bad_signature';
    case 'ERR_JWKS_NO_MATCHING_KEY':
      return 'unknown_kid';
    case 'ERR_JWKS_MULTIPLE_MATCHING_KEYS':
      return 'ambiguous_kid';
    default:
      // JWSInvalid, JWTInvalid, JOSENotSupported, and TypeErrors from undecodable parts.
      return 'malformed';
  }
}
