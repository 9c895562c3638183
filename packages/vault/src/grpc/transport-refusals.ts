import * as grpc from '@grpc/grpc-js';
import { sourceIpFromPeer } from './source-ip.js';
import type { CallContext, RpcName } from './unary-call.js';

/**
 * A server interceptor that gives grpc-js's own refusals an audit line and a metric. grpc-js
 * refuses a message whose length prefix exceeds grpc.max_receive_message_length
 * (RESOURCE_EXHAUSTED) — and a few other transport faults — before a handler exists, so
 * unaryCall never sees them. The base call sends those statuses through its own
 * `sendStatus` method, not through the interceptor chain; this interceptor therefore wraps
 * that method on the call instance it is given (the base call: it is the only interceptor)
 * and records every status that leaves before a request message arrived. Checked against
 * grpc-js 1.14.7 (server-interceptors.js: handleDataFrame → this.sendStatus); the
 * integration test "request over max_request_bytes" fails if that ever changes.
 */
export function transportRefusalInterceptor(
  ctx: CallContext,
  methodsByPath: ReadonlyMap<string, RpcName>,
): grpc.ServerInterceptor {
  return (descriptor, call) => {
    const method = methodsByPath.get(descriptor.path);
    if (!method) return new grpc.ServerInterceptingCall(call);
    const started = process.hrtime.bigint();
    let messageArrived = false;
    let recorded = false;
    const sendStatus = call.sendStatus.bind(call);
    call.sendStatus = (status) => {
      if (!messageArrived && !recorded) {
        recorded = true;
        recordRefusal(ctx, method, call.getPeer(), status, started);
      }
      sendStatus(status);
    };
    return new grpc.ServerInterceptingCall(call, {
      start: (next) =>
        next({
          onReceiveMessage: (message, nextMessage) => {
            messageArrived = true;
            nextMessage(message);
          },
        }),
    });
  };
}

type StatusSent = Parameters<grpc.ServerInterceptingCallInterface['sendStatus']>[0];

function recordRefusal(ctx: CallContext, method: RpcName, peer: string, status: StatusSent, started: bigint) {
  const latencyMs = Number(process.hrtime.bigint() - started) / 1e6;
  ctx.metrics.requestsTotal.inc({ method, status: 'error' });
  ctx.metrics.requestDuration.observe({ method }, latencyMs / 1000);
  try {
    ctx.audit.record({
      user_id: '',
      method,
      top_k: null,
      result_count: 0,
      status: 'error',
      source_ip: sourceIpFromPeer(peer),
      latency_ms: latencyMs,
      // grpc-js's texts carry sizes and encodings, never the caller's bytes.
      error: `refused by the gRPC transport (${grpc.status[status.code]}): ${status.details ?? ''}`,
    });
  } catch (auditError) {
    // The refusal is already on its way; there is no answer left to withhold.
    ctx.logger.error(`audit write failed for a refused ${method}: ${(auditError as Error).message}`);
  }
}
