import { VaultError, type VaultErrorKind } from '../errors.js';

// Why an exchange was refused. The reason is the last word of the error text (before an optional
// `. Retry after Ns`), so it lands in the audit line's `error` (and the caller's status details)
// without any JWT text; the part before ':' is the `result` label of vault_token_exchanges_total
// (a small, fixed set).

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

export interface RejectionOptions {
  /** The configured provider the token was checked against (absent for unknown_provider). */
  provider?: string;
  /** The user the token would have become, once its signature verified. */
  user?: string;
  /** Default unauthenticated; the vault's own trouble (JWKS unreachable) is unavailable. */
  kind?: VaultErrorKind;
  /** Appended as `. Retry after Ns`, the wording of the roles' rate limit, for clients that back off. */
  retryAfterSeconds?: number;
}

/** A refused exchange. `reason` is the category, optionally with `:<detail>` (a claim name, an alg). */
export class ExchangeRejected extends VaultError {
  constructor(
    readonly reason: `${RejectionCategory}` | `${RejectionCategory}:${string}`,
    options: RejectionOptions = {},
  ) {
    const retry =
      options.retryAfterSeconds === undefined ? '' : `. Retry after ${options.retryAfterSeconds}s`;
    super(
      options.kind ?? 'unauthenticated',
      options.provider === undefined
        ? `Token exchange rejected: ${reason}${retry}`
        : `Token exchange rejected by provider '${options.provider}': ${reason}${retry}`,
    );
    this.name = 'ExchangeRejected';
    if (options.user !== undefined) this.auditUser = options.user;
  }

  get category(): RejectionCategory {
    return this.reason.split(':')[0] as RejectionCategory;
  }
}

/** The reason at the end of an exchange error text (an audit `error`, a status details). */
export function rejectionReasonOf(text: string): string | undefined {
  return /^Token exchange rejected(?: by provider '[^']*')?: (\S+?)(?:\. Retry after \d+s)?$/.exec(text)?.[1];
}
