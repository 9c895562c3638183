// The CLI's human-readable text, byte for byte what vault_admin_cli.py prints, as pure
// functions of the admin API's replies so tests can pin every line.

interface IssuedToken {
  user: string;
  token: string;
  role: string;
  expires: string;
}

const pad = (text: unknown, width: number, align: 'left' | 'right' = 'left') => {
  const s = String(text);
  return align === 'left' ? s.padEnd(width) : s.padStart(width);
};

function tokenBlock(verb: 'issued' | 'rotated', t: IssuedToken): string {
  return [
    '',
    `Token ${verb} for '${t.user}':`,
    `  Role:    ${t.role}`,
    `  Expires: ${t.expires}`,
    '',
    `  Token: ${t.token}`,
    '',
    '  WARNING: This token will NOT be shown again. Share it securely.',
  ].join('\n');
}

export const formatIssuedToken = (t: IssuedToken) => tokenBlock('issued', t);
export const formatRotatedToken = (t: IssuedToken) => tokenBlock('rotated', t);

export function formatRotateAll(result: {
  rotated: number;
  tokens: { user: string; token: string }[];
}): string {
  if (result.rotated === 0) return 'No tokens to rotate.';
  return [
    `Rotated ${result.rotated} token(s):`,
    '',
    ...result.tokens.map((t) => `  ${t.user}: ${t.token}`),
    '',
    '  WARNING: These tokens will NOT be shown again. Share them securely.',
  ].join('\n');
}

// Python: "{:<16} {:<10} {:>6} {:>10}  {:<12}"
const tokenRow = (user: unknown, role: unknown, topK: unknown, rate: unknown, expires: unknown) =>
  `${pad(user, 16)} ${pad(role, 10)} ${pad(topK, 6, 'right')} ${pad(rate, 10, 'right')}  ${pad(expires, 12)}`;

// Tokens from an OIDC exchange live in memory until an instant: the EXPIRES column shows that
// instant followed by " (ephemeral)"; issued tokens keep the upstream text exactly.
const EPHEMERAL_MARK = ' (ephemeral)';

/** A row of GET /tokens as the CLI reads it (the admin API never lists token values). */
export interface TokenListRow {
  user: string;
  role: string;
  top_k: number;
  rate_limit: string;
  expires: string;
  ephemeral?: boolean;
}

export function formatTokenList(tokens: TokenListRow[]): string {
  if (tokens.length === 0) return 'No tokens issued.';
  return [
    tokenRow('USER', 'ROLE', 'TOP_K', 'RATE', 'EXPIRES'),
    ...tokens.map((t) =>
      tokenRow(
        t.user,
        t.role,
        t.top_k,
        t.rate_limit,
        t.ephemeral ? `${t.expires}${EPHEMERAL_MARK}` : t.expires,
      ),
    ),
  ].join('\n');
}

// Python: "{:<12} {:<50} {:>6} {:>10}"
const roleRow = (name: unknown, scope: unknown, topK: unknown, rate: unknown) =>
  `${pad(name, 12)} ${pad(scope, 50)} ${pad(topK, 6, 'right')} ${pad(rate, 10, 'right')}`;

export function formatRoleList(
  roles: { name: string; scope: string[]; top_k: number; rate_limit: string }[],
): string {
  if (roles.length === 0) return 'No roles defined.';
  return [
    roleRow('ROLE', 'SCOPE', 'TOP_K', 'RATE'),
    ...roles.map((r) => roleRow(r.name, r.scope.join(','), r.top_k, r.rate_limit)),
  ].join('\n');
}

export const roleCreated = (name: string) => `Role '${name}' created.`;
export const roleUpdated = (name: string) =>
  `Role '${name}' updated. Changes take effect immediately for all tokens with this role.`;
export const roleDeleted = (name: string) => `Role '${name}' deleted.`;
