import type { TokenStoreErrorKind } from '../tokens/token-store-error.js';

// The one table that turns a token store refusal into the admin socket's HTTP status, as
// grpc/status-map.ts does for the gRPC side. The codes are upstream admin_server.py's: it
// answers 400 for anything it refuses except a revoke of nobody (404), so "already exists"
// and "still in use" are 400 too, not 409.
export const HTTP_STATUS_BY_KIND: Record<TokenStoreErrorKind, 400 | 404 | 500> = {
  invalid_argument: 400,
  already_exists: 400,
  failed_precondition: 400,
  not_found: 404,
  save_failed: 500,
};
