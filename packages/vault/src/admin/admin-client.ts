import http from 'node:http';

/** The admin socket cannot be reached at all; the message says what the operator should check. */
export class AdminConnectError extends Error {
  constructor(
    readonly socketPath: string,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'AdminConnectError';
  }
}

export interface AdminReply {
  status: number;
  // The CLI reads route-specific fields; the admin routes define the shapes.
  // biome-ignore lint/suspicious/noExplicitAny: the body's shape depends on the route
  body: any;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/** One request to the vault's admin API over its Unix socket; the body is sent as JSON. */
export function adminRequest(
  socketPath: string,
  method: string,
  path: string,
  body?: unknown,
  opts: { timeoutMs?: number } = {},
): Promise<AdminReply> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      outcome();
    };

    const req = http.request({
      socketPath,
      method,
      path,
      // One connection per request, closed afterwards, so a CLI process exits promptly.
      agent: false,
      headers:
        payload === undefined
          ? {}
          : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
    });
    const timer = setTimeout(() => {
      settle(() =>
        reject(new Error(`admin request ${method} ${path} on ${socketPath} timed out after ${timeoutMs} ms`)),
      );
      req.destroy();
    }, timeoutMs);

    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', (error) => settle(() => reject(error)));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const status = res.statusCode ?? 0;
        try {
          const parsed: unknown = JSON.parse(text);
          settle(() => resolve({ status, body: parsed }));
        } catch {
          settle(() =>
            reject(
              new Error(
                `admin socket ${socketPath} answered ${method} ${path} with HTTP ${status} and a body that is not JSON; is something other than the vault listening there?`,
              ),
            ),
          );
        }
      });
    });
    // An error after the reply arrived (e.g. the server closing after a 413) changes nothing.
    req.on('error', (error: NodeJS.ErrnoException) => settle(() => reject(connectError(socketPath, error))));
    req.end(payload);
  });
}

function connectError(socketPath: string, error: NodeJS.ErrnoException): Error {
  switch (error.code) {
    case 'ENOENT':
    case 'ECONNREFUSED':
      return new AdminConnectError(
        socketPath,
        error.code,
        `Cannot connect to admin socket ${socketPath}. Is the vault running?`,
      );
    case 'EACCES':
      return new AdminConnectError(
        socketPath,
        error.code,
        `Permission denied on admin socket ${socketPath}; run as the user that owns the vault`,
      );
    default:
      return error;
  }
}
