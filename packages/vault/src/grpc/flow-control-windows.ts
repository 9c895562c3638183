import type { ServerHttp2Session } from 'node:http2';
import type * as grpc from '@grpc/grpc-js';

// HTTP/2 flow-control windows for the vault's gRPC server. Node's defaults are 64 KiB per stream
// and per connection, so a 175 KB DecryptScores request (one 4096-slot block in base64) reaches
// the server in three parts, each waiting for a WINDOW_UPDATE from this process's event loop;
// under load those waits queue behind other requests and four clients on one connection share
// 64 KiB. Larger windows let a request arrive in one go (issue #19: a bare grpc-js server went
// from 1,317 to 2,746 calls/s with them, CPU per call 0.56 → 0.34 ms). They bound nothing the
// vault relies on: grpc-js reads every DATA frame as it arrives (the window is reopened at once
// whatever its size) and the receive limit (server.grpc.max_request_bytes) is what bounds a
// request's memory.
//
// grpc-js 1.14 has no server option for either window, so this sets them through two internals
// of its Server, checked against grpc-js 1.14.7: `commonServerOptions` (the options every
// http2 server it creates is made with) and `_setupHandlers` (called once per http2 server,
// before it listens, so no session can be missed). If either is missing after an upgrade the
// server runs with Node's defaults and `applied` is false; the integration test "flow-control
// windows" reads the windows off the wire and fails then.

/** Per stream: a whole single-block request (up to 3 primes: 524 KB of base64) and then some. */
export const STREAM_WINDOW_BYTES = 1024 * 1024;
/** Per connection: four such requests in flight on one connection. */
export const CONNECTION_WINDOW_BYTES = 4 * STREAM_WINDOW_BYTES;

interface GrpcServerInternals {
  commonServerOptions?: { settings?: Record<string, unknown> };
  _setupHandlers?: (
    http2Server: { on(event: 'session', listener: (s: ServerHttp2Session) => void): void },
    ...rest: unknown[]
  ) => void;
}

/** Sets the windows on every http2 server `server` creates from now on; true when it could. */
export function applyFlowControlWindows(server: grpc.Server): boolean {
  const internals = server as unknown as GrpcServerInternals;
  const setupHandlers = internals._setupHandlers;
  const options = internals.commonServerOptions;
  if (typeof setupHandlers !== 'function' || typeof options !== 'object' || options === null) return false;
  options.settings = { ...options.settings, initialWindowSize: STREAM_WINDOW_BYTES };
  internals._setupHandlers = function (this: unknown, http2Server, ...rest) {
    http2Server.on('session', widenConnectionWindow);
    return setupHandlers.call(this, http2Server, ...rest);
  };
  return true;
}

function widenConnectionWindow(session: ServerHttp2Session): void {
  try {
    session.setLocalWindowSize(CONNECTION_WINDOW_BYTES);
  } catch {
    // A session already closing refuses it; there is nothing to widen then.
  }
}
