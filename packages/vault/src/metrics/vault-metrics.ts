import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

// Prometheus metrics of one vault. Each vault owns its Registry (never prom-client's global
// one), so several vaults can run in one process, e.g. in tests, without name clashes.

/** Values of the `method` label: RPC names only, never caller-supplied text. */
type VaultRpcMethod = 'GetPublicKey' | 'DecryptScores' | 'DecryptMetadata' | 'ExchangeToken';
/** Values of the `status` label, shared with the audit line's `status`. */
export type RequestStatus = 'success' | 'denied' | 'error';

const VAULT_RPC_METHODS: readonly VaultRpcMethod[] = [
  'GetPublicKey',
  'DecryptScores',
  'DecryptMetadata',
  'ExchangeToken',
];
const REQUEST_STATUSES: readonly RequestStatus[] = ['success', 'denied', 'error'];

/** 1 ms .. 10 s: metadata decryption sits at the bottom, FHE score decryption near the top. */
export const REQUEST_DURATION_BUCKETS = [
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];

export interface VaultMetrics {
  registry: Registry;
  requestsTotal: Counter<'method' | 'status'>;
  requestDuration: Histogram<'method'>;
  authFailures: Counter;
  auditAlerts: Counter;
  auditWriteFailures: Counter;
  tokensActive: Gauge;
  up: Gauge;
  tokenExchanges: Counter<'result'>;
  /** Prometheus text exposition of everything in `registry`. */
  render(): Promise<string>;
  contentType: string;
}

export function createVaultMetrics(): VaultMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];

  const requestsTotal = new Counter({
    name: 'vault_requests_total',
    help: 'RPCs served, by method and outcome (success|denied|error).',
    labelNames: ['method', 'status'] as const,
    registers,
  });
  const requestDuration = new Histogram({
    name: 'vault_request_duration_seconds',
    help: 'RPC latency in seconds, by method.',
    labelNames: ['method'] as const,
    buckets: REQUEST_DURATION_BUCKETS,
    registers,
  });
  const authFailures = new Counter({
    name: 'vault_auth_failures_total',
    help: 'Requests refused because the token was unknown or expired.',
    registers,
  });
  const auditAlerts = new Counter({
    name: 'vault_audit_alerts_total',
    help: 'AUDIT_ALERT lines raised (auth failure threshold reached by one source IP).',
    registers,
  });
  const auditWriteFailures = new Counter({
    name: 'vault_audit_write_failures_total',
    help: 'Audit records that could not be written to every sink (the request failed closed).',
    registers,
  });
  const tokensActive = new Gauge({
    name: 'vault_tokens_active',
    help: 'Tokens currently accepted (not expired), issued and exchanged.',
    registers,
  });
  const up = new Gauge({ name: 'vault_up', help: '1 while the vault is serving, else 0.', registers });
  const tokenExchanges = new Counter({
    name: 'vault_token_exchanges_total',
    help: 'OIDC token exchanges, by result.',
    labelNames: ['result'] as const,
    registers,
  });

  // Every method×status series exists from the start, so rate() and absent() work before
  // the first call of a kind.
  for (const method of VAULT_RPC_METHODS) {
    for (const status of REQUEST_STATUSES) requestsTotal.inc({ method, status }, 0);
  }
  up.set(0);

  return {
    registry,
    requestsTotal,
    requestDuration,
    authFailures,
    auditAlerts,
    auditWriteFailures,
    tokensActive,
    up,
    tokenExchanges,
    render: () => registry.metrics(),
    contentType: registry.contentType,
  };
}
