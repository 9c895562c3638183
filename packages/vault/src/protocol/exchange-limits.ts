// Bounds of ExchangeToken that a caller can rely on: the vault's JWT verifier (oidc/) applies
// them, and clients read them from here without loading the verifier.

/** Larger subject tokens are refused before any parsing (GitHub's are ~1-2 KiB). */
export const MAX_JWT_BYTES = 16 * 1024;
/** Allowed skew between the issuer's clock and ours, for exp, nbf and iat. */
export const CLOCK_TOLERANCE_SECONDS = 60;
