import type * as grpc from '@grpc/grpc-js';
import type { AuditLog } from '../audit/audit-log.js';
import type { CallOutcome } from '../call-outcome.js';
import { VaultError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import type { VaultMetrics } from '../metrics/vault-metrics.js';
import { sourceIpFromPeer } from './source-ip.js';
import { auditStatusForKind, STATUS_BY_KIND } from './status-map.js';

export type RpcName = 'GetPublicKey' | 'DecryptScores' | 'DecryptMetadata' | 'ExchangeToken';

export interface CallContext {
  audit: AuditLog;
  metrics: VaultMetrics;
  logger: Logger;
  inFlight: InFlightCalls;
}

/** Counts calls being served so shutdown can wait for them to drain. */
export class InFlightCalls {
  private count = 0;
  private waiters: (() => void)[] = [];
  get size() {
    return this.count;
  }
  enter() {
    this.count++;
  }
  leave() {
    this.count--;
    if (this.count === 0) for (const w of this.waiters.splice(0)) w();
  }
  drained(): Promise<void> {
    return this.count === 0 ? Promise.resolve() : new Promise((resolve) => this.waiters.push(resolve));
  }
}

/**
 * Wraps one RPC: validation + work, then exactly one audit line, metrics, and the reply.
 * The audit line is written before the reply; if it cannot be written the caller gets an
 * error instead of the result (fail closed).
 */
export function unaryCall<Req, Res>(
  ctx: CallContext,
  method: RpcName,
  run: (request: Req) => CallOutcome<Res> | Promise<CallOutcome<Res>>,
  topKOf: (request: Req) => number | null = () => null,
): grpc.handleUnaryCall<Req, Res> {
  return async (call, callback) => {
    ctx.inFlight.enter();
    const started = process.hrtime.bigint();
    const sourceIp = sourceIpFromPeer(call.getPeer());
    const request = call.request;
    let outcome: CallOutcome<Res> | undefined;
    let failure: VaultError | undefined;
    try {
      outcome = await run(request);
    } catch (error) {
      failure = toVaultError(error, ctx.logger, method);
    }
    const latencyMs = Number(process.hrtime.bigint() - started) / 1e6;
    const status = failure ? auditStatusForKind(failure.kind) : 'success';
    try {
      if (failure?.kind === 'unauthenticated') {
        ctx.metrics.authFailures.inc();
        ctx.audit.recordAuthFailure(sourceIp);
      }
      ctx.audit.record({
        user_id: outcome?.user ?? userFromError(failure),
        method,
        top_k: safeTopK(topKOf, request),
        result_count: outcome?.resultCount ?? 0,
        status,
        source_ip: sourceIp,
        latency_ms: latencyMs,
        ...(failure ? { error: failure.message } : {}),
      });
    } catch (auditError) {
      ctx.logger.error(`audit write failed; refusing ${method}: ${(auditError as Error).message}`);
      outcome = undefined;
      failure = new VaultError('unavailable', 'Audit log unavailable; request refused');
    }
    ctx.metrics.requestsTotal.inc({ method, status: failure ? auditStatusForKind(failure.kind) : 'success' });
    ctx.metrics.requestDuration.observe({ method }, latencyMs / 1000);
    try {
      if (failure) callback({ code: STATUS_BY_KIND[failure.kind], details: failure.message });
      else callback(null, outcome?.response);
    } finally {
      ctx.inFlight.leave();
    }
  };
}

function toVaultError(error: unknown, logger: Logger, method: RpcName): VaultError {
  if (error instanceof VaultError) return error;
  // Unknown failures are logged (redacted) for the operator; the caller gets a generic text.
  logger.error(
    `${method} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  );
  return new VaultError('internal', 'Internal error');
}

// "Token expired for user 'u'" knows who called; so does an exchange refused after the JWT's
// signature verified (the error carries the user it would have become).
function userFromError(error: VaultError | undefined): string {
  if (error?.auditUser !== undefined) return error.auditUser;
  const match = error && /^Token expired for user '(.*)'$/.exec(error.message);
  return match?.[1] ?? '';
}

function safeTopK<Req>(topKOf: (request: Req) => number | null, request: Req): number | null {
  try {
    return topKOf(request);
  } catch {
    return null;
  }
}
