// Tokens a verifier must refuse, one per way a JWT can be wrong. Each differs from a good
// token in exactly one respect, so a refusal can only be for that reason.
import { base64url, SignJWT } from 'jose';
import { generateIssuerKey, publicKeyPem } from './issuer-key.js';
import type { TestIssuer } from './test-issuer.js';
import type { TokenTemplate } from './token-template.js';

export const NEGATIVE_PRESETS = [
  'expired',
  'future-nbf',
  'wrong-aud',
  'wrong-iss',
  'alg-none',
  'hs256-confusion',
  'unknown-kid',
  'missing-exp',
  'oversized',
] as const;
export type NegativePreset = (typeof NEGATIVE_PRESETS)[number];

/** The reason a runevault ExchangeToken refusal names for each preset (the audit `error` ends with it). */
export const EXPECTED_VAULT_REASONS: Record<NegativePreset, string> = {
  expired: 'expired',
  'future-nbf': 'not_yet_valid',
  'wrong-aud': 'wrong_audience',
  'wrong-iss': 'wrong_issuer',
  'alg-none': 'alg_not_allowed:none',
  'hs256-confusion': 'alg_not_allowed:HS256',
  'unknown-kid': 'unknown_kid',
  'missing-exp': 'missing_claim:exp',
  oversized: 'token_too_large',
};

/** Far beyond any verifier's clock tolerance (runevault allows 60 s). */
const SKEW_SECONDS = 3600;
/** Bigger than runevault's 16 KiB limit once signed and encoded. */
const OVERSIZED_PADDING = 20 * 1024;
export const WRONG_AUDIENCE = 'https://wrong-audience.invalid';
export const WRONG_ISSUER = 'https://wrong-issuer.invalid';

export function isNegativePreset(value: string): value is NegativePreset {
  return (NEGATIVE_PRESETS as readonly string[]).includes(value);
}

export async function mintNegative(
  issuer: TestIssuer,
  template: TokenTemplate,
  preset: NegativePreset,
): Promise<string> {
  const now = issuer.nowSeconds();
  switch (preset) {
    case 'expired':
      return issuer.mint(template, {
        issuedAt: now - SKEW_SECONDS - template.lifetimeSeconds,
        expiresAt: now - SKEW_SECONDS,
      });
    case 'future-nbf':
      return issuer.mint(template, {
        issuedAt: now,
        notBefore: now + SKEW_SECONDS,
        expiresAt: now + SKEW_SECONDS + template.lifetimeSeconds,
      });
    case 'wrong-aud':
      return issuer.mint(template, { audience: WRONG_AUDIENCE });
    case 'wrong-iss':
      return issuer.mint(template, { issuer: WRONG_ISSUER });
    case 'alg-none': {
      // An unsecured JWT (RFC 7519 §6): header alg none, empty signature.
      const header = base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT' }));
      const body = base64url.encode(JSON.stringify(issuer.payload(template)));
      return `${header}.${body}.`;
    }
    case 'hs256-confusion': {
      // The classic key-confusion attack: HMAC keyed with the issuer's public key (PEM), under
      // the real kid, hoping the verifier feeds that key to HMAC.
      const secret = new TextEncoder().encode(await publicKeyPem(issuer.signingKey));
      return new SignJWT(issuer.payload(template))
        .setProtectedHeader({ alg: 'HS256', kid: issuer.signingKey.kid, typ: 'JWT' })
        .sign(secret);
    }
    case 'unknown-kid':
      return issuer.mint(template, { key: await generateIssuerKey(issuer.alg) });
    case 'missing-exp':
      return issuer.mint(template, { expiresAt: null });
    case 'oversized':
      return issuer.mint(template, { extraClaims: { padding: 'x'.repeat(OVERSIZED_PADDING) } });
  }
}

/** preset → token for each preset asked, in the order asked. */
export async function mintNegatives(
  issuer: TestIssuer,
  template: TokenTemplate,
  presets: readonly NegativePreset[] = NEGATIVE_PRESETS,
): Promise<Record<string, string>> {
  const tokens: Record<string, string> = {};
  for (const preset of presets) tokens[preset] = await mintNegative(issuer, template, preset);
  return tokens;
}

/** "expired, wrong-aud" or "all" → presets; throws naming unknown ones and the valid list. */
export function parseNegativePresets(text: string): NegativePreset[] {
  const items = text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  if (items.length === 1 && items[0] === 'all') return [...NEGATIVE_PRESETS];
  const unknown = items.filter((item) => !isNegativePreset(item));
  if (unknown.length > 0) {
    throw new Error(
      `unknown negative preset(s) ${unknown.map((u) => JSON.stringify(u)).join(', ')}; valid: ${NEGATIVE_PRESETS.join(', ')} (or all)`,
    );
  }
  return [...new Set(items as NegativePreset[])];
}
