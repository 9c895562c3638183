import type { ExchangedTokens } from './exchanged-tokens.js';
import { roleNameProblem } from './names.js';
import {
  DEFAULT_RATE_LIMIT,
  DEFAULT_TOP_K,
  isDefaultRole,
  type RoleView,
  roleFieldProblem,
  type Scope,
  uniqueScopes,
} from './roles.js';
import type { PersistedFile } from './token-persistence.js';
import { alreadyExists, failedPrecondition, invalidRequest } from './token-store-error.js';
import type { TokenStoreState } from './token-store-state.js';

export interface RoleInput {
  name: string;
  scope: readonly string[];
  top_k?: number;
  rate_limit?: string;
}

export interface RoleUpdate {
  scope?: readonly string[];
  top_k?: number;
  rate_limit?: string;
}

/** Role administration (the admin API's /roles routes): list, create, update, delete. */
export class RoleAdmin {
  constructor(
    private readonly state: TokenStoreState,
    private readonly exchanged: ExchangedTokens,
    private readonly markDirty: (file: PersistedFile) => void,
  ) {}

  hasRole(name: string): boolean {
    return this.state.roles.has(name);
  }

  listRoles(): RoleView[] {
    return [...this.state.roles.values()].map(copyRole);
  }

  /** Missing top_k → 5 and rate_limit → 30/60s, as in roles.yml. */
  createRole(input: RoleInput): RoleView {
    this.state.assertOpen();
    const { name } = input;
    const nameProblem = roleNameProblem(name);
    if (nameProblem !== undefined) throw invalidRequest(nameProblem);
    if (this.state.roles.has(name)) throw alreadyExists(`Role '${name}' already exists`);
    const role = validRole(name, {
      scope: input.scope,
      top_k: input.top_k ?? DEFAULT_TOP_K,
      rate_limit: input.rate_limit ?? DEFAULT_RATE_LIMIT,
    });
    this.state.setRole(role);
    this.markDirty('roles');
    return copyRole(role);
  }

  updateRole(name: string, update: RoleUpdate): RoleView {
    this.state.assertOpen();
    assertRoleName(name);
    // Upstream's order: an empty update is refused before the role is looked up.
    if (update.scope === undefined && update.top_k === undefined && update.rate_limit === undefined) {
      throw invalidRequest('No fields to update');
    }
    const current = this.state.roles.get(name);
    // Upstream answers 400 for a role that does not exist (not 404): the kind keeps that.
    if (!current) throw invalidRequest(`Role '${name}' does not exist`);
    const role = validRole(name, {
      scope: update.scope ?? current.scope,
      top_k: update.top_k ?? current.top_k,
      rate_limit: update.rate_limit ?? current.rate_limit,
    });
    this.state.setRole(role);
    this.markDirty('roles');
    return copyRole(role);
  }

  deleteRole(name: string): { message: string } {
    this.state.assertOpen();
    assertRoleName(name);
    if (isDefaultRole(name)) throw failedPrecondition(`Cannot delete default role '${name}'`);
    if (!this.state.roles.has(name)) throw invalidRequest(`Role '${name}' does not exist`);
    const users = [
      ...[...this.state.byUser.values()].filter((e) => e.record.role === name).map((e) => e.record.user),
      ...this.exchanged.usersWithRole(name),
    ];
    // Upstream names the first token holder it finds; so do we (issued tokens first).
    if (users.length > 0) {
      throw failedPrecondition(
        `Cannot delete role '${name}': token for user '${users[0]}' is assigned to it`,
      );
    }
    this.state.deleteRole(name);
    this.markDirty('roles');
    return { message: `Deleted role '${name}'` };
  }
}

function assertRoleName(name: string): void {
  const problem = roleNameProblem(name);
  if (problem !== undefined) throw invalidRequest(problem);
}

function copyRole(role: RoleView): RoleView {
  return { name: role.name, scope: [...role.scope], top_k: role.top_k, rate_limit: role.rate_limit };
}

function validRole(name: string, fields: { scope: unknown; top_k: unknown; rate_limit: unknown }): RoleView {
  for (const field of ['scope', 'top_k', 'rate_limit'] as const) {
    const problem = roleFieldProblem(field, fields[field]);
    if (problem) throw invalidRequest(problem);
  }
  return {
    name,
    scope: uniqueScopes(fields.scope as Scope[]),
    top_k: fields.top_k as number,
    rate_limit: fields.rate_limit as string,
  };
}
