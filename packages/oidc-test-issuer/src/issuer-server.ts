// The loopback issuer over HTTP: OIDC discovery, the JWKS, and an endpoint that answers the
// way GitHub's ACTIONS_ID_TOKEN_REQUEST_URL does (bearer request token, `&audience=`,
// JSON `{"value": "<jwt>"}`), so an unmodified core.getIDToken(aud) gets a test token.
import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JSONWebKeySet } from 'jose';

export const DISCOVERY_PATH = '/.well-known/openid-configuration';
export const JWKS_PATH = '/.well-known/jwks';
export const TOKEN_PATH = '/token';
const SHUTDOWN_PATH = '/shutdown';
/** GitHub's runtime URL already has a query (api-version), so clients append `&audience=`. */
export const TOKEN_QUERY = '?api-version=2.0';

export interface IssuerEndpoints {
  /** The `issuer` of the discovery document (the tokens' iss). */
  issuer: string;
  jwks(): JSONWebKeySet;
  /** A token for `audience`, or for the default audience when the request named none. */
  mint(audience: string | undefined): Promise<string>;
  algorithms: string[];
}

export interface IssuerServerOptions {
  /** Loopback only: 127.0.0.1 (default) or ::1. */
  host?: string;
  /** 0 (default) = a free port. */
  port?: number;
  /** The bearer token the token endpoint requires (ACTIONS_ID_TOKEN_REQUEST_TOKEN). */
  requestToken: string;
  /** The bearer token POST /shutdown requires; without it there is no shutdown route. */
  shutdownToken?: string;
  /** Called with the base URL once listening: what to serve. */
  endpoints(baseUrl: string): IssuerEndpoints | Promise<IssuerEndpoints>;
  /** One line per request (method, path, status); never a token. */
  log?: (line: string) => void;
  /** Called after POST /shutdown was answered. */
  onShutdown?: () => void;
}

export interface IssuerServer {
  baseUrl: string;
  port: number;
  issuer: string;
  discoveryUrl: string;
  jwksUrl: string;
  /** What ACTIONS_ID_TOKEN_REQUEST_URL should be set to. */
  tokenRequestUrl: string;
  shutdownUrl: string;
  close(): Promise<void>;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', 'localhost']);

export async function startIssuerServer(options: IssuerServerOptions): Promise<IssuerServer> {
  const host = options.host ?? '127.0.0.1';
  if (!LOOPBACK_HOSTS.has(host)) throw new Error(`the test issuer listens on loopback only, not ${host}`);
  if (options.requestToken.length < 16) throw new Error('requestToken must be at least 16 characters');
  let endpoints: IssuerEndpoints | undefined;
  let baseUrl = '';
  const server = createServer((req, res) => {
    handle(req, res, endpoints, baseUrl, options).catch((error: Error) => {
      options.log?.(`${req.method} ${pathOf(req)} failed: ${error.message}`);
      if (!res.headersSent) send(res, 500, { message: 'internal error' });
    });
  });
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  try {
    endpoints = await options.endpoints(baseUrl);
  } catch (error) {
    await closeServer(server);
    throw error;
  }
  return {
    baseUrl,
    port,
    issuer: endpoints.issuer,
    discoveryUrl: `${baseUrl}${DISCOVERY_PATH}`,
    jwksUrl: `${baseUrl}${JWKS_PATH}`,
    tokenRequestUrl: `${baseUrl}${TOKEN_PATH}${TOKEN_QUERY}`,
    shutdownUrl: `${baseUrl}${SHUTDOWN_PATH}`,
    close: () => closeServer(server),
  };
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  endpoints: IssuerEndpoints | undefined,
  baseUrl: string,
  options: IssuerServerOptions,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://issuer.invalid');
  const status = await route(req, res, url, endpoints, baseUrl, options);
  options.log?.(`${req.method} ${url.pathname} ${status}`);
}

async function route(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  endpoints: IssuerEndpoints | undefined,
  baseUrl: string,
  options: IssuerServerOptions,
): Promise<number> {
  if (!endpoints) return send(res, 503, { message: 'starting' });
  const method = req.method ?? 'GET';
  if (method === 'GET' && url.pathname === DISCOVERY_PATH) {
    return send(res, 200, {
      issuer: endpoints.issuer,
      jwks_uri: `${baseUrl}${JWKS_PATH}`,
      subject_types_supported: ['public', 'pairwise'],
      response_types_supported: ['id_token'],
      claims_supported: ['sub', 'aud', 'exp', 'iat', 'iss', 'jti', 'nbf', 'ref', 'repository', 'namespace'],
      id_token_signing_alg_values_supported: endpoints.algorithms,
      scopes_supported: ['openid'],
    });
  }
  if (method === 'GET' && url.pathname === JWKS_PATH) return send(res, 200, endpoints.jwks());
  if (method === 'GET' && url.pathname === TOKEN_PATH) {
    if (!bearerMatches(req, options.requestToken)) {
      return send(res, 401, { message: 'a valid bearer token (ACTIONS_ID_TOKEN_REQUEST_TOKEN) is required' });
    }
    const audience = url.searchParams.get('audience');
    return send(res, 200, {
      value: await endpoints.mint(audience === null || audience === '' ? undefined : audience),
    });
  }
  if (method === 'POST' && url.pathname === SHUTDOWN_PATH && options.shutdownToken) {
    if (!bearerMatches(req, options.shutdownToken)) return send(res, 401, { message: 'unauthorized' });
    const status = send(res, 200, { message: 'stopping' });
    res.on('finish', () => options.onShutdown?.());
    return status;
  }
  return send(res, 404, { message: `no route for ${method} ${url.pathname}` });
}

function bearerMatches(req: IncomingMessage, expected: string): boolean {
  const header = req.headers.authorization ?? '';
  const match = /^Bearer (.+)$/i.exec(header);
  if (!match) return false;
  const given = Buffer.from(match[1] as string);
  const wanted = Buffer.from(expected);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

function pathOf(req: IncomingMessage): string {
  return (req.url ?? '/').split('?')[0] ?? '/';
}

function send(res: ServerResponse, status: number, body: unknown): number {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  res.end(text);
  return status;
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
