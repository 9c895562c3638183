import { auditAlertCase, auditLogCase } from './audit.js';
import type { E2eCase } from './case.js';
import { decryptMetadataCase, decryptScoresCase } from './decrypt.js';
import { grpcHealthCase, reflectionCase } from './grpc-surface.js';
import { hostileInputCase } from './hostile-input.js';
import { invalidArgumentCase } from './invalid-argument.js';
import { noSecretLeakCase } from './no-secret-leak.js';
import { healthCase, metricsCase } from './observability.js';
import { oidcExchangeCase } from './oidc-exchange.js';
import { authRejectedCase, publicKeyCase } from './public-key.js';
import { rateLimitCase, scopeAndTopKCase } from './role-limits.js';
import { tlsCase } from './tls.js';

export type { E2eCase } from './case.js';

/** Every case, in id order. */
export const ALL_CASES: readonly E2eCase[] = [
  healthCase,
  metricsCase,
  reflectionCase,
  grpcHealthCase,
  publicKeyCase,
  authRejectedCase,
  auditLogCase,
  auditAlertCase,
  decryptScoresCase,
  decryptMetadataCase,
  invalidArgumentCase,
  scopeAndTopKCase,
  rateLimitCase,
  noSecretLeakCase,
  oidcExchangeCase,
  tlsCase,
  hostileInputCase,
];

export {
  auditAlertCase,
  auditLogCase,
  authRejectedCase,
  decryptMetadataCase,
  decryptScoresCase,
  grpcHealthCase,
  healthCase,
  invalidArgumentCase,
  metricsCase,
  noSecretLeakCase,
  publicKeyCase,
  rateLimitCase,
  reflectionCase,
  scopeAndTopKCase,
  tlsCase,
};
