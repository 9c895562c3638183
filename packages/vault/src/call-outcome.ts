/**
 * What one served call produced: the caller it established, how many results it returned, and
 * the answer. The core's operations (vault-operations.ts, oidc/token-exchange.ts) return it; a
 * transport (grpc/unary-call.ts) audits `user` and `resultCount` and sends `response`.
 */
export interface CallOutcome<T> {
  user: string;
  resultCount: number;
  response: T;
}
