import { VaultError, type VaultErrorKind } from '../errors.js';
import {
  exchangeRejectionText,
  type RejectionCategory,
  type RejectionReason,
} from '../protocol/exchange-results.js';

// A refused exchange as the server raises it; its text and the result labels are the
// protocol's (protocol/exchange-results.ts), which clients read without this module.

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
    readonly reason: RejectionReason,
    options: RejectionOptions = {},
  ) {
    super(
      options.kind ?? 'unauthenticated',
      exchangeRejectionText(reason, options.provider, options.retryAfterSeconds),
    );
    this.name = 'ExchangeRejected';
    if (options.user !== undefined) this.auditUser = options.user;
  }

  get category(): RejectionCategory {
    return this.reason.split(':')[0] as RejectionCategory;
  }
}
