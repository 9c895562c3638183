// How drivers ask a vault's admin API for tokens and roles: through `runevault` inside the
// container (docker, address with a container), or over the admin socket on this host
// (process, address).
// adminRequest is not exported by @runevault/vault yet, hence the path into its sources.
import { adminRequest } from '@runevault/vault/admin';
import type { RoleSpec } from '../vault-under-test.js';

export function tokenIssueArgs(user: string, role: string): string[] {
  return ['token', 'issue', '--user', user, '--role', role, '--json'];
}

export function roleCreateArgs(role: RoleSpec): string[] {
  return [
    'role',
    'create',
    '--name',
    role.name,
    '--scope',
    role.scope.join(','),
    '--top-k',
    String(role.topK),
    '--rate-limit',
    role.rateLimit,
  ];
}

/** The token out of `runevault token issue --json` output. */
export function parseIssuedToken(stdout: string): string {
  let token: unknown;
  try {
    token = (JSON.parse(stdout) as { token?: unknown }).token;
  } catch {
    token = undefined;
  }
  if (typeof token !== 'string' || token === '') {
    // The output is the CLI's own text, never the token we could not find.
    throw new Error(
      `runevault token issue --json printed no token: ${stdout.trim().slice(0, 200) || '(nothing)'}`,
    );
  }
  return token;
}

/** Runs `runevault <args>` with the vault's admin rights; rejects on a non-zero exit. */
export type AdminCli = (args: string[]) => Promise<{ stdout: string }>;

export async function issueTokenViaCli(cli: AdminCli, user: string, role: string): Promise<string> {
  return parseIssuedToken((await cli(tokenIssueArgs(user, role))).stdout);
}

export async function createRoleViaCli(cli: AdminCli, role: RoleSpec): Promise<void> {
  await cli(roleCreateArgs(role));
}

export async function issueTokenViaSocket(socket: string, user: string, role: string): Promise<string> {
  const reply = await adminRequest(socket, 'POST', '/tokens', { user, role });
  const token = (reply.body as { token?: unknown } | undefined)?.token;
  if (reply.status !== 201 || typeof token !== 'string') {
    throw new Error(
      `admin socket ${socket}: POST /tokens for user '${user}' role '${role}' answered ${reply.status}: ${errorOf(reply.body)}`,
    );
  }
  return token;
}

export async function createRoleViaSocket(socket: string, role: RoleSpec): Promise<void> {
  const reply = await adminRequest(socket, 'POST', '/roles', {
    name: role.name,
    scope: role.scope,
    top_k: role.topK,
    rate_limit: role.rateLimit,
  });
  if (reply.status !== 201) {
    throw new Error(
      `admin socket ${socket}: POST /roles '${role.name}' answered ${reply.status}: ${errorOf(reply.body)}`,
    );
  }
}

function errorOf(body: unknown): string {
  const error = (body as { error?: unknown } | undefined)?.error;
  return typeof error === 'string' ? error : JSON.stringify(body);
}
