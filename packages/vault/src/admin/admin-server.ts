import { chmodSync, lstatSync, mkdirSync, type Stats, statSync, unlinkSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { dirname } from 'node:path';
import type { Logger } from '../log/logger.js';
import type { TokenStore } from '../tokens/token-store.js';
import { type AdminResponse, handleAdminRequest, parseJsonBody } from './admin-routes.js';

/** Admin bodies are a few hundred bytes; anything near this is a mistake or an attack. */
export const MAX_ADMIN_BODY_BYTES = 64 * 1024;

const SOCKET_MODE = 0o600;
const PROBE_TIMEOUT_MS = 1_000;
const DRAIN_TIMEOUT_MS = 5_000;
/**
 * Pending connections the kernel queues. Node's default (511) is too few for a script that
 * fires a thousand requests at once: a Unix socket refuses the rest with EAGAIN at once
 * instead of retrying as TCP does. The kernel caps it at net.core.somaxconn.
 */
const LISTEN_BACKLOG = 4096;

export interface AdminServerOptions {
  socketPath: string;
  tokens: TokenStore;
  isServing: () => boolean;
  logger: Logger;
  /** Called after a token or role change succeeded (the vault refreshes its tokens gauge). */
  onTokensChanged?: () => void;
}

export interface RunningAdminServer {
  socketPath: string;
  /** Stops accepting, waits for in-flight requests (forcing them after 5 s) and removes the socket. */
  close(): Promise<void>;
}

/**
 * The admin API over HTTP on a Unix socket. Access control is the socket's mode (0600): only
 * the vault's user (and root) can connect, so requests carry no token.
 */
export async function startAdminServer(opts: AdminServerOptions): Promise<RunningAdminServer> {
  const { socketPath, logger } = opts;
  mkdirSync(dirname(socketPath), { recursive: true, mode: 0o700 });
  await removeStaleSocket(socketPath, logger);

  const server = http.createServer((req, res) => {
    serveRequest(req, res, opts).catch((error: Error) => {
      logger.error(`admin ${req.method} ${pathOf(req)}: ${error.message}`);
      res.destroy();
    });
  });
  // A stalled client must not pin a connection (or shutdown) for Node's 5-minute default.
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;

  await listenOwnerOnly(server, socketPath);
  let socketStats: Stats;
  try {
    socketStats = lockDownSocket(socketPath);
  } catch (error) {
    await closeServer(server);
    throw error;
  }
  logger.info(`admin API listening on ${socketPath}`);

  let closing: Promise<void> | undefined;
  return {
    socketPath,
    close: () => {
      closing ??= closeServer(server).then(() => removeOwnSocket(socketPath, socketStats));
      return closing;
    },
  };
}

async function serveRequest(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  opts: AdminServerOptions,
): Promise<void> {
  const method = req.method ?? 'GET';
  const path = pathOf(req);
  let bytes: Buffer | undefined;
  try {
    bytes = await readBodyWithin(req, MAX_ADMIN_BODY_BYTES);
  } catch (error) {
    opts.logger.warn(`admin ${method} ${path}: ${(error as Error).message}`);
    return;
  }

  let response: AdminResponse;
  if (bytes === undefined) {
    response = { status: 413, body: { error: `request body exceeds ${MAX_ADMIN_BODY_BYTES} bytes` } };
    // Close once the answer is out: the rest of the body is never read.
    res.setHeader('connection', 'close');
    res.once('finish', () => req.socket.destroy());
  } else {
    try {
      response = await handleAdminRequest(
        { method, path, body: parseJsonBody(bytes) },
        { tokens: opts.tokens, isServing: opts.isServing },
      );
    } catch (error) {
      opts.logger.error(`admin ${method} ${path} failed: ${(error as Error).message}`);
      response = { status: 500, body: { error: 'internal error; see the vault log' } };
    }
  }
  sendJson(res, response);
  // Never bodies: issue and rotate answers hold token values.
  opts.logger.info(`admin ${method} ${path} → ${response.status}`);

  const changed = method !== 'GET' && response.status >= 200 && response.status < 300;
  if (changed && opts.onTokensChanged) {
    try {
      opts.onTokensChanged();
    } catch (error) {
      opts.logger.warn(`admin ${method} ${path}: onTokensChanged failed: ${(error as Error).message}`);
    }
  }
}

/** The body, or undefined as soon as it is known to exceed `limit` (reading stops there). */
function readBodyWithin(req: http.IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        req.pause();
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
    // After 'end' this is a no-op; before it, the client went away mid-body.
    req.once('close', () => reject(new Error('client closed the connection before the body ended')));
  });
}

function pathOf(req: http.IncomingMessage): string {
  return (req.url ?? '/').split('?')[0] as string;
}

function sendJson(res: http.ServerResponse, { status, body }: AdminResponse): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

/**
 * A socket left by a vault that died is removed (with a warning); a socket something still
 * answers on, or a file that is not a socket, is never touched.
 */
async function removeStaleSocket(socketPath: string, logger: Logger): Promise<void> {
  let stats: Stats;
  try {
    stats = lstatSync(socketPath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (!stats.isSocket()) {
    throw new Error(
      `admin socket path ${socketPath} exists and is not a socket; move the file away or set server.admin.socket to another path`,
    );
  }
  if (await acceptsConnections(socketPath)) {
    throw new Error(`admin socket ${socketPath} is in use by a running vault`);
  }
  logger.warn(`removing stale admin socket ${socketPath} (nothing accepts connections on it)`);
  unlinkSync(socketPath);
}

/** True when something accepts a connection; false only when the socket is certainly dead. */
function acceptsConnections(socketPath: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(socketPath);
    const done = (live: boolean) => {
      socket.destroy();
      resolve(live);
    };
    // A listener with a full backlog is slow, not dead: keep its socket.
    socket.setTimeout(PROBE_TIMEOUT_MS, () => done(true));
    socket.once('connect', () => done(true));
    socket.once('error', (error: NodeJS.ErrnoException) => {
      socket.destroy();
      if (error.code === 'ECONNREFUSED' || error.code === 'ENOENT') resolve(false);
      else reject(new Error(`cannot check admin socket ${socketPath}: ${error.message}`));
    });
  });
}

/**
 * Binds with umask 0077 so the socket is never reachable by others, not even between bind and
 * chmod. The bind happens synchronously inside listen(), so the umask is restored before any
 * other JavaScript runs.
 */
function listenOwnerOnly(server: http.Server, socketPath: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    const previous = process.umask(0o077);
    try {
      server.listen({ path: socketPath, backlog: LISTEN_BACKLOG }, () => {
        server.off('error', reject);
        resolve();
      });
    } finally {
      process.umask(previous);
    }
  });
}

/** chmod 0600 regardless of umask and fail unless the result is checked to be a 0600 socket. */
function lockDownSocket(socketPath: string): Stats {
  chmodSync(socketPath, SOCKET_MODE);
  const stats = statSync(socketPath);
  const mode = stats.mode & 0o777;
  if (!stats.isSocket() || mode !== SOCKET_MODE) {
    throw new Error(
      `admin socket ${socketPath} has mode ${mode.toString(8).padStart(4, '0')} after chmod; expected 0600`,
    );
  }
  return stats;
}

function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve, reject) => {
    const force = setTimeout(() => server.closeAllConnections(), DRAIN_TIMEOUT_MS);
    server.close((error) => {
      clearTimeout(force);
      if (error) reject(error);
      else resolve();
    });
    server.closeIdleConnections();
  });
}

/** Unlinks the socket unless it is gone or has been replaced by someone else's since we bound it. */
function removeOwnSocket(socketPath: string, ours: Stats): void {
  try {
    const current = lstatSync(socketPath);
    if (current.ino === ours.ino && current.dev === ours.dev) unlinkSync(socketPath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
