import { readFileSync } from 'node:fs';
import { Document, isSeq } from 'yaml';
import { SchemaReader } from '../config/schema.js';
import { parseYamlSource, type YamlPath } from '../config/yaml-source.js';
import { ConfigError } from '../errors.js';
import { isIsoDate, NEVER } from './expiry.js';
import { MAX_USER_NAME_LENGTH, roleNameProblem, userNameProblem } from './names.js';
import {
  DEFAULT_RATE_LIMIT,
  DEFAULT_TOP_K,
  type RoleView,
  roleFieldProblem,
  type Scope,
  uniqueScopes,
} from './roles.js';
import { TOKEN_LENGTH } from './token-format.js';

// roles.yml and tokens.yml keep the Python vault's schemas. Reading is strict: a file we
// cannot fully understand stops start-up instead of being "repaired" by the next write.

/** One line of tokens.yml. `expires` is YYYY-MM-DD or "never". */
export interface TokenRecord {
  user: string;
  token: string;
  role: string;
  issued_at?: string;
  expires: string;
}

/** The file's text, or undefined when it does not exist yet. */
function readIfPresent(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new ConfigError(
      path,
      undefined,
      `cannot read (${code ?? String(error)})`,
      'check the path and permissions',
    );
  }
}

/** Roles defined in roles.yml (without the built-in defaults); undefined when the file is missing. */
export function readRolesFile(path: string): RoleView[] | undefined {
  const text = readIfPresent(path);
  return text === undefined ? undefined : parseRolesYaml(text, path);
}

export function parseRolesYaml(text: string, file: string): RoleView[] {
  const source = parseYamlSource(text, file);
  const reader = new SchemaReader(file, source.lineOf);
  const root = reader.mapping([], source.value, ['roles']);
  const rolesValue = root.roles;
  if (rolesValue === null || rolesValue === undefined) return [];
  if (typeof rolesValue !== 'object' || Array.isArray(rolesValue)) {
    reader.fail(
      ['roles'],
      'expected a mapping of role name to role',
      'write roles: { name: { scope: [...] } }',
    );
  }
  // In the file's order: GET /roles lists roles as created, also after a restart.
  const roles = rolesValue as Record<string, unknown>;
  const names = source.keysOf(['roles']) ?? Object.keys(roles);
  return names.map((name): RoleView => {
    const value = roles[name];
    const at: YamlPath = ['roles', name];
    // The same rule as the admin API, so a file can never hold a role the API would refuse.
    // The key may hold anything, so the error names the line, not the key path.
    const nameProblem = roleNameProblem(name);
    if (nameProblem !== undefined) {
      const line = source.lineOf(at);
      throw new ConfigError(file, line === undefined ? 'roles' : `roles, line ${line}`, nameProblem);
    }
    const entry = reader.mapping(at, value, ['scope', 'top_k', 'rate_limit']);
    const scope = entry.scope ?? [];
    const topK = entry.top_k ?? DEFAULT_TOP_K;
    const rateLimit = entry.rate_limit ?? DEFAULT_RATE_LIMIT;
    for (const [field, fieldValue] of [
      ['scope', scope],
      ['top_k', topK],
      ['rate_limit', rateLimit],
    ] as const) {
      const problem = roleFieldProblem(field, fieldValue);
      if (problem) reader.fail([...at, field], problem);
    }
    return {
      name,
      scope: uniqueScopes(scope as Scope[]),
      top_k: topK as number,
      rate_limit: rateLimit as string,
    };
  });
}

/** Tokens in tokens.yml; undefined when the file is missing. Roles must already be known. */
export function readTokensFile(path: string, roleNames: ReadonlySet<string>): TokenRecord[] | undefined {
  const text = readIfPresent(path);
  return text === undefined ? undefined : parseTokensYaml(text, path, roleNames);
}

export function parseTokensYaml(text: string, file: string, roleNames: ReadonlySet<string>): TokenRecord[] {
  const source = parseYamlSource(text, file);
  const reader = new SchemaReader(file, source.lineOf);
  const root = reader.mapping([], source.value, ['tokens']);
  const byUser = new Map<string, number>();
  const byToken = new Map<string, number>();
  return reader.list(['tokens'], root.tokens).map((item, index): TokenRecord => {
    const at: YamlPath = ['tokens', index];
    const entry = reader.mapping(at, item, ['user', 'token', 'role', 'issued_at', 'created', 'expires']);

    const user = reader.string(at, entry, 'user') ?? reader.fail([...at, 'user'], 'required');
    const userProblem = userNameProblem(user, MAX_USER_NAME_LENGTH);
    if (userProblem !== undefined) reader.fail([...at, 'user'], userProblem);
    const firstForUser = byUser.get(user);
    if (firstForUser !== undefined) {
      reader.fail(
        [...at, 'user'],
        `duplicate user '${user}' (also tokens[${firstForUser}])`,
        'keep one token per user',
      );
    }
    byUser.set(user, index);

    const token =
      reader.string(at, entry, 'token', { secret: true }) ?? reader.fail([...at, 'token'], 'required');
    // Never echo the token: only its length and shape.
    if (token.length !== TOKEN_LENGTH || /[\s\p{Cc}]/u.test(token)) {
      reader.fail(
        [...at, 'token'],
        `token must be ${TOKEN_LENGTH} characters without whitespace (got ${token.length})`,
        `re-issue the token for '${user}'`,
      );
    }
    const firstForToken = byToken.get(token);
    if (firstForToken !== undefined) {
      reader.fail(
        [...at, 'token'],
        `duplicate token (same value as tokens[${firstForToken}])`,
        'rotate one of them',
      );
    }
    byToken.set(token, index);

    const role = reader.string(at, entry, 'role') ?? reader.fail([...at, 'role'], 'required');
    const roleProblem = roleNameProblem(role);
    if (roleProblem !== undefined) reader.fail([...at, 'role'], roleProblem);
    if (!roleNames.has(role)) {
      reader.fail(
        [...at, 'role'],
        `unknown role '${role}'`,
        `define it in roles.yml or use one of: ${[...roleNames].join(', ')}`,
      );
    }

    // `created` is what older vaults wrote; `issued_at` wins when both are present.
    const issuedAt =
      reader.nonEmptyString(at, entry, 'issued_at') ?? reader.nonEmptyString(at, entry, 'created');

    const rawExpires = reader.string(at, entry, 'expires');
    const expires = rawExpires === undefined || rawExpires === '' ? NEVER : rawExpires;
    if (expires !== NEVER && !isIsoDate(expires)) {
      reader.fail([...at, 'expires'], `expected YYYY-MM-DD or "never", got ${JSON.stringify(expires)}`);
    }

    const record: TokenRecord = { user, token, role, expires };
    if (issuedAt !== undefined) record.issued_at = issuedAt;
    return record;
  });
}

const HEADER =
  ' Written by runevault. While the daemon runs, change it with `runevault role ...`: hand edits are overwritten.';
// Every string is double-quoted so YAML 1.1 readers (PyYAML) never turn a date or "no" into
// another type.
const STRINGIFY = { defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN', lineWidth: 0 } as const;

export function renderRolesYaml(roles: readonly RoleView[]): string {
  // A Map keeps the roles' order; a plain object would put integer-like names first.
  const data = {
    roles: new Map(
      roles.map((role) => [
        role.name,
        { scope: [...role.scope], top_k: role.top_k, rate_limit: role.rate_limit },
      ]),
    ),
  };
  const doc = new Document(data);
  doc.commentBefore = HEADER;
  for (const role of roles) {
    const scope = doc.getIn(['roles', role.name, 'scope'], true);
    if (isSeq(scope)) scope.flow = true;
  }
  return doc.toString(STRINGIFY);
}

export function renderTokensYaml(tokens: readonly TokenRecord[]): string {
  const data = {
    tokens: tokens.map((record) => ({
      user: record.user,
      token: record.token,
      role: record.role,
      ...(record.issued_at === undefined ? {} : { issued_at: record.issued_at }),
      expires: record.expires,
    })),
  };
  const doc = new Document(data);
  doc.commentBefore = HEADER.replace('role', 'token');
  return doc.toString(STRINGIFY);
}
