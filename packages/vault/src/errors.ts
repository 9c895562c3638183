// Error types carry the exact user-facing message; the gRPC layer maps kind → status code
// in one table (grpc/status-map.ts), so handlers never pick codes themselves.

export type VaultErrorKind =
  | 'unauthenticated'
  | 'permission_denied'
  | 'rate_limited'
  | 'invalid_argument'
  | 'resource_exhausted'
  | 'unavailable'
  | 'unimplemented'
  | 'internal';

export class VaultError extends Error {
  /** Who the refused caller is, when the refusal itself established it (audit `user_id`). */
  auditUser?: string;

  constructor(
    readonly kind: VaultErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'VaultError';
  }
}

export const unauthenticated = (message: string) => new VaultError('unauthenticated', message);
export const permissionDenied = (message: string) => new VaultError('permission_denied', message);
export const invalidArgument = (message: string) => new VaultError('invalid_argument', message);
export const rateLimited = (retryAfterSeconds: number) =>
  new VaultError('rate_limited', `Rate limit exceeded. Retry after ${retryAfterSeconds}s`);

/** A problem with a file the operator wrote: names the file, the key (or line) and what to do. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly where: string | undefined,
    readonly problem: string,
    readonly hint?: string,
  ) {
    super(`${file}${where ? ` (${where})` : ''}: ${problem}${hint ? `; ${hint}` : ''}`);
    this.name = 'ConfigError';
  }
}
