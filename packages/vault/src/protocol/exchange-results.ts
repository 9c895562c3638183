// Why an exchange was refused, as the caller and the metrics see it. The reason is the last word
// of the error text (before an optional `. Retry after Ns`), so it lands in the audit line's
// `error` (and the caller's status details) without any JWT text; the part before ':' is the
// `result` label of vault_token_exchanges_total (a small, fixed set). The server writes the text
// (oidc/exchange-rejection.ts), clients parse it: both from here.

/** Every `result` label value of vault_token_exchanges_total. */
export const EXCHANGE_RESULTS = [
  'success',
  'unknown_provider',
  'token_too_large',
  'malformed',
  'alg_not_allowed',
  'unknown_kid',
  'ambiguous_kid',
  'bad_signature',
  'expired',
  'token_too_old',
  'not_yet_valid',
  'wrong_issuer',
  'wrong_audience',
  'missing_claim',
  'invalid_claim',
  'bound_claim_mismatch',
  'unknown_role',
  'jwks_unavailable',
  'replayed',
  'subject_token_limit',
  'provider_rate_limited',
  'token_pool_full',
  'error',
] as const;

export type ExchangeResult = (typeof EXCHANGE_RESULTS)[number];
export type RejectionCategory = Exclude<ExchangeResult, 'success' | 'error'>;
/** The category, optionally with `:<detail>` (a claim name, an alg). */
export type RejectionReason = `${RejectionCategory}` | `${RejectionCategory}:${string}`;

/** The error text of a refused exchange; `rejectionReasonOf` reads the reason back. */
export function exchangeRejectionText(
  reason: RejectionReason,
  provider: string | undefined,
  retryAfterSeconds: number | undefined,
): string {
  const retry = retryAfterSeconds === undefined ? '' : `. Retry after ${retryAfterSeconds}s`;
  return provider === undefined
    ? `Token exchange rejected: ${reason}${retry}`
    : `Token exchange rejected by provider '${provider}': ${reason}${retry}`;
}

/** The reason at the end of an exchange error text (an audit `error`, a status details). */
export function rejectionReasonOf(text: string): string | undefined {
  return /^Token exchange rejected(?: by provider '[^']*')?: (\S+?)(?:\. Retry after \d+s)?$/.exec(text)?.[1];
}
