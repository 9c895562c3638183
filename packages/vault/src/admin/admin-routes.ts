import { escapeForLogLine, quoteCallerValue } from '../log/logger.js';
import { roleFieldProblem } from '../tokens/roles.js';
import { type RoleUpdate, type TokenStore, TokenStoreError } from '../tokens/token-store.js';
import { HTTP_STATUS_BY_KIND } from './admin-status-map.js';

export interface AdminRequest {
  method: string;
  /** The URL path without its query string, still percent-encoded. */
  path: string;
  /** The parsed JSON body; undefined when the request had none (see parseJsonBody). */
  body: unknown | undefined;
}

export interface AdminResponse {
  status: number;
  body: unknown;
}

export interface AdminDeps {
  tokens: TokenStore;
  isServing: () => boolean;
}

/**
 * A body that was sent but is not JSON. The transport hands it to the router instead of
 * answering itself, so an unknown route still answers 404 whatever its body.
 */
export class MalformedJsonBody {
  constructor(readonly reason: string) {}
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Raw request bytes → what handleAdminRequest takes as `body`. */
export function parseJsonBody(bytes: Uint8Array): unknown {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return new MalformedJsonBody('body is not valid UTF-8');
  }
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    return new MalformedJsonBody((error as Error).message);
  }
}

/** Why a field's value is unusable (the text names the field), or undefined when it is fine. */
type FieldCheck = (value: unknown) => string | undefined;

interface BodySpec {
  /** Allowed fields in the order the "allowed:" hint lists them. */
  fields: Record<string, FieldCheck>;
  required: readonly string[];
  /** Upstream admin_server.py's text when a required field is absent or empty. */
  missing?: string;
}

type Fields = Record<string, unknown>;

interface Route {
  method: string;
  /** Literal segments, or ':name' for a segment captured (URL-decoded) into params. */
  pattern: readonly string[];
  /** Routes without a spec take no body. */
  body?: BodySpec;
  handle(params: Record<string, string>, body: Fields, deps: AdminDeps): AdminResponse;
}

const string =
  (field: string): FieldCheck =>
  (value) =>
    typeof value === 'string' ? undefined : `field '${field}' must be a string`;

// Role fields use the same checks as roles.yml loading, so both accept the same values; they
// also reject null, which the store would otherwise read as "use the default".
const roleField =
  (field: 'scope' | 'top_k' | 'rate_limit'): FieldCheck =>
  (value) =>
    roleFieldProblem(field, value);

const ISSUE_BODY: BodySpec = {
  fields: {
    user: string('user'),
    role: string('role'),
    // null means "never expires"; the store checks the range.
    expires_days: (value) =>
      value === null || typeof value === 'number'
        ? undefined
        : "field 'expires_days' must be an integer or null",
  },
  required: ['user', 'role'],
  missing: 'Missing required fields: user, role',
};

const CREATE_ROLE_BODY: BodySpec = {
  fields: {
    name: string('name'),
    scope: roleField('scope'),
    top_k: roleField('top_k'),
    rate_limit: roleField('rate_limit'),
  },
  // All four, as upstream's admin server (roles.yml alone fills in top_k 5 and 30/60s).
  required: ['name', 'scope', 'top_k', 'rate_limit'],
  missing: 'Missing required fields: name, scope, top_k, rate_limit',
};

const UPDATE_ROLE_BODY: BodySpec = {
  fields: { scope: roleField('scope'), top_k: roleField('top_k'), rate_limit: roleField('rate_limit') },
  required: [],
};

const ROUTES: readonly Route[] = [
  {
    method: 'GET',
    pattern: ['health'],
    handle: (_p, _b, deps) =>
      deps.isServing() ? ok({ status: 'ok' }) : { status: 503, body: { status: 'unhealthy' } },
  },
  { method: 'GET', pattern: ['tokens'], handle: (_p, _b, deps) => ok({ tokens: deps.tokens.listTokens() }) },
  {
    method: 'POST',
    pattern: ['tokens'],
    body: ISSUE_BODY,
    handle: (_p, body, deps) =>
      created(
        deps.tokens.issue(
          body.user as string,
          body.role as string,
          body.expires_days as number | null | undefined,
        ),
      ),
  },
  {
    method: 'POST',
    pattern: ['tokens', '_rotate_all'],
    handle: (_p, _b, deps) => ok(deps.tokens.rotateAll()),
  },
  {
    method: 'POST',
    pattern: ['tokens', ':user', 'rotate'],
    handle: (params, _b, deps) => ok(deps.tokens.rotate(params.user as string)),
  },
  {
    method: 'DELETE',
    pattern: ['tokens', ':user'],
    handle: (params, _b, deps) => ok(deps.tokens.revoke(params.user as string)),
  },
  { method: 'GET', pattern: ['roles'], handle: (_p, _b, deps) => ok({ roles: deps.tokens.listRoles() }) },
  {
    method: 'POST',
    pattern: ['roles'],
    body: CREATE_ROLE_BODY,
    handle: (_p, body, deps) =>
      created(
        deps.tokens.createRole({
          name: body.name as string,
          scope: body.scope as string[],
          top_k: body.top_k as number | undefined,
          rate_limit: body.rate_limit as string | undefined,
        }),
      ),
  },
  {
    method: 'PUT',
    pattern: ['roles', ':name'],
    body: UPDATE_ROLE_BODY,
    handle: (params, body, deps) => ok(deps.tokens.updateRole(params.name as string, body as RoleUpdate)),
  },
  {
    method: 'DELETE',
    pattern: ['roles', ':name'],
    handle: (params, _b, deps) => ok(deps.tokens.deleteRole(params.name as string)),
  },
];

/**
 * The admin API as a function of the request: route, validate the body, call the token store.
 * A change is answered once it is on disk; a failed write answers 500 and the change is undone.
 * Rejections by the store become their kind's status (admin-status-map.ts) and
 * `{"error": message}`; any other error is a bug and is thrown for the transport to answer 500.
 */
export async function handleAdminRequest(req: AdminRequest, deps: AdminDeps): Promise<AdminResponse> {
  const match = matchRoute(req.method, req.path);
  if (match === undefined) return fail(404, `No route for ${req.method} ${escapeForLogLine(req.path)}`);
  if ('error' in match) return fail(400, match.error);
  const { route, params } = match;

  let fields: Fields = {};
  if (route.body) {
    const checked = checkBody(route.body, req.body);
    if (typeof checked === 'string') return fail(400, checked);
    fields = checked;
  } else if (!isEmptyBody(req.body)) {
    return fail(400, `${req.method} ${escapeForLogLine(req.path)} takes no request body`);
  }

  try {
    return await deps.tokens.commitChange(() => route.handle(params, fields, deps));
  } catch (error) {
    if (error instanceof TokenStoreError) return fail(HTTP_STATUS_BY_KIND[error.kind], error.message);
    throw error;
  }
}

function matchRoute(
  method: string,
  path: string,
): { route: Route; params: Record<string, string> } | { error: string } | undefined {
  if (!path.startsWith('/')) return undefined;
  // Like upstream, '/tokens/' is '/tokens'; '/tokens//rotate' still matches nothing.
  const segments = (path.replace(/\/+$/, '') || '/').slice(1).split('/');
  for (const route of ROUTES) {
    if (route.method !== method || route.pattern.length !== segments.length) continue;
    const params: Record<string, string> = {};
    const matched = route.pattern.every((part, i) => {
      const segment = segments[i] as string;
      if (!part.startsWith(':')) return part === segment;
      if (segment === '') return false;
      params[part.slice(1)] = segment;
      return true;
    });
    if (!matched) continue;
    // Decode only captured segments, so '/tokens/%5Frotate_all' cannot reach rotate-all.
    for (const [name, raw] of Object.entries(params)) {
      try {
        params[name] = decodeURIComponent(raw);
      } catch {
        // Also what a lone surrogate (%ED%A0%80) or other invalid UTF-8 gets: no user can hold it.
        return { error: `invalid percent-encoding in path segment '${escapeForLogLine(raw)}'` };
      }
    }
    return { route, params };
  }
  return undefined;
}

// `{}` counts as empty: a client that always sends a JSON object should not be refused.
function isEmptyBody(body: unknown): boolean {
  return body === undefined || (isPlainObject(body) && Object.keys(body).length === 0);
}

function checkBody(spec: BodySpec, body: unknown): Fields | string {
  if (body instanceof MalformedJsonBody) return `invalid JSON body: ${body.reason}`;
  const fields = body === undefined ? {} : body;
  if (!isPlainObject(fields)) return 'request body must be a JSON object';
  const allowed = Object.keys(spec.fields);
  for (const key of Object.keys(fields)) {
    if (!Object.hasOwn(spec.fields, key))
      return `unknown field '${quoteCallerValue(key)}'; allowed: ${allowed.join(', ')}`;
  }
  for (const key of spec.required) {
    // Upstream tests `not value`: an empty string or list counts as missing too.
    if (isAbsentOrEmpty(fields[key])) return spec.missing ?? `missing required field '${key}'`;
  }
  for (const [key, value] of Object.entries(fields)) {
    const problem = (spec.fields[key] as FieldCheck)(value);
    if (problem) return problem;
  }
  return fields;
}

function isAbsentOrEmpty(value: unknown): boolean {
  return (
    value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)
  );
}

function isPlainObject(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const ok = (body: unknown): AdminResponse => ({ status: 200, body });
const created = (body: unknown): AdminResponse => ({ status: 201, body });
const fail = (status: number, error: string): AdminResponse => ({ status, body: { error } });
