import { status } from '@grpc/grpc-js';
import type { VaultErrorKind } from '../errors.js';

// The one table that turns an error kind into a gRPC status code.
export const STATUS_BY_KIND: Record<VaultErrorKind, status> = {
  unauthenticated: status.UNAUTHENTICATED,
  permission_denied: status.PERMISSION_DENIED,
  rate_limited: status.RESOURCE_EXHAUSTED,
  invalid_argument: status.INVALID_ARGUMENT,
  resource_exhausted: status.RESOURCE_EXHAUSTED,
  unavailable: status.UNAVAILABLE,
  unimplemented: status.UNIMPLEMENTED,
  internal: status.INTERNAL,
};

/** Audit status for a failed call: refusals of the caller are "denied", the rest "error". */
export function auditStatusForKind(kind: VaultErrorKind): 'denied' | 'error' {
  return kind === 'unauthenticated' || kind === 'permission_denied' || kind === 'rate_limited'
    ? 'denied'
    : 'error';
}
