// The store's own refusals carry a kind; each transport picks its answer from the kind in one
// table (admin/admin-status-map.ts for the admin socket), so the core knows no status codes.

export type TokenStoreErrorKind =
  /** The request itself is unusable: a bad name or field, a role that does not exist. */
  | 'invalid_argument'
  /** What the request would create exists already. */
  | 'already_exists'
  /** The store's state forbids it: a default role, a role tokens still use. */
  | 'failed_precondition'
  /** What the request names to act on does not exist. */
  | 'not_found'
  /** tokens.yml or roles.yml could not be written; the change was undone. */
  | 'save_failed';

/** A rejected admin operation. `message` is the exact `{"error": …}` text of the Python admin server. */
export class TokenStoreError extends Error {
  constructor(
    readonly kind: TokenStoreErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'TokenStoreError';
  }
}

export const invalidRequest = (message: string) => new TokenStoreError('invalid_argument', message);
export const alreadyExists = (message: string) => new TokenStoreError('already_exists', message);
export const failedPrecondition = (message: string) => new TokenStoreError('failed_precondition', message);
export const notFound = (message: string) => new TokenStoreError('not_found', message);
export const saveFailed = (message: string) => new TokenStoreError('save_failed', message);
