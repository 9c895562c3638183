import { quoteCallerValue } from '../log/logger.js';
import { parseRateLimit } from './rate-limiter.js';

export const SCOPES = ['get_public_key', 'decrypt_scores', 'decrypt_metadata', 'manage_tokens'] as const;
export type Scope = (typeof SCOPES)[number];

/** A role as stored in roles.yml and returned by the admin API (field names are the wire names). */
export interface RoleView {
  readonly name: string;
  readonly scope: readonly Scope[];
  readonly top_k: number;
  readonly rate_limit: string;
}

export const DEFAULT_TOP_K = 5;
export const DEFAULT_RATE_LIMIT = '30/60s';

// These two always exist: operators may retune them but never delete them.
export const DEFAULT_ROLES: readonly RoleView[] = Object.freeze([
  Object.freeze({
    name: 'admin',
    scope: Object.freeze([
      'get_public_key',
      'decrypt_scores',
      'decrypt_metadata',
      'manage_tokens',
    ] as Scope[]),
    top_k: 50,
    rate_limit: '150/60s',
  }),
  Object.freeze({
    name: 'member',
    scope: Object.freeze(['get_public_key', 'decrypt_scores', 'decrypt_metadata'] as Scope[]),
    top_k: 10,
    rate_limit: '30/60s',
  }),
]);

export function isDefaultRole(name: string): boolean {
  return DEFAULT_ROLES.some((role) => role.name === name);
}

function isScope(value: unknown): value is Scope {
  return typeof value === 'string' && (SCOPES as readonly string[]).includes(value);
}

/**
 * Why a role field is invalid, or undefined when it is fine. Shared by roles.yml loading and
 * the admin operations so both accept exactly the same values.
 */
export function roleFieldProblem(
  field: 'scope' | 'top_k' | 'rate_limit',
  value: unknown,
): string | undefined {
  switch (field) {
    case 'scope': {
      if (!Array.isArray(value)) return 'scope must be a list of scopes';
      const bad = value.find((item) => !isScope(item));
      if (bad !== undefined)
        return `Invalid scope '${quoteCallerValue(bad)}'; valid scopes: ${SCOPES.join(', ')}`;
      return undefined;
    }
    case 'top_k':
      return typeof value === 'number' && Number.isInteger(value) && value >= 1
        ? undefined
        : 'top_k must be a positive integer';
    case 'rate_limit':
      // Exactly upstream's '<max>/<window>s' (token_store.py _validate_rate_limit), in range.
      return typeof value === 'string' && /^\d+\/\d+s$/.test(value) && parseRateLimit(value)
        ? undefined
        : `Invalid rate_limit format '${quoteCallerValue(value)}'. Expected '<max>/<window>s' (e.g. '30/60s')`;
  }
}

/** Removes duplicate scopes, keeping the first occurrence's order. */
export function uniqueScopes(scopes: readonly Scope[]): Scope[] {
  return [...new Set(scopes)];
}
