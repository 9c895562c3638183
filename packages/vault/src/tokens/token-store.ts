import { writeFileAtomic } from '../fs/atomic-write.js';
import { type EphemeralToken, ExchangedTokens } from './exchanged-tokens.js';
import { RequestAuthorisation } from './request-authorisation.js';
import { RoleAdmin, type RoleInput, type RoleUpdate } from './role-admin.js';
import type { RoleView, Scope } from './roles.js';
import { type IssuedToken, TokenAdmin, type TokenListing } from './token-admin.js';
import { TokenPersistence } from './token-persistence.js';
import { TokenStoreState } from './token-store-state.js';

// The token store is one object to its callers (the gRPC operations, the OIDC exchange, the
// admin API) and a front for the modules that do its jobs, each found by name:
//   request-authorisation.ts  authenticate, authorise, rate limit (the request path)
//   exchanged-tokens.ts       in-memory tokens from OIDC exchanges
//   token-admin.ts            issue, revoke, rotate, list tokens
//   role-admin.ts             list, create, update, delete roles
//   token-persistence.ts      roles.yml/tokens.yml: load, group commit, roll back
//   token-store-state.ts      the memory they share

export interface TokenStoreOptions {
  rolesFile: string;
  tokensFile: string;
  now?: () => Date;
  /**
   * Wait this long after a change before writing, so more changes share one write (default 0:
   * group commit needs no delay, changes made while a write runs share the next one).
   */
  persistDebounceMs?: number;
  /** A write failed: its changes and every later unwritten one were undone (default: stderr). */
  onPersistError?: (error: Error) => void;
  /** Replaces `path` durably (default: writeFileAtomic, 0600 in a 0700 directory). Tests count writes here. */
  writeFile?: (path: string, data: string) => Promise<void>;
  /** Something at load the operator should know about (default: a line on stderr). */
  onWarning?: (message: string) => void;
}

/**
 * Tokens, roles and per-user rate limits, in memory, persisted to roles.yml/tokens.yml; an
 * admin change is answered once it is on disk (see token-persistence.ts). The store never
 * logs or echoes a token value.
 */
export class TokenStore {
  private constructor(
    private readonly state: TokenStoreState,
    private readonly persistence: TokenPersistence,
    private readonly requests: RequestAuthorisation,
    private readonly exchanged: ExchangedTokens,
    private readonly tokenAdmin: TokenAdmin,
    private readonly roleAdmin: RoleAdmin,
  ) {}

  /**
   * Reads both files; a missing file means "defaults only" and is created on the first write.
   * A corrupt file throws ConfigError (file + line) and is left untouched.
   */
  static load(opts: TokenStoreOptions): TokenStore {
    const state = new TokenStoreState(opts.now ?? (() => new Date()));
    const persistence = new TokenPersistence(state, {
      rolesFile: opts.rolesFile,
      tokensFile: opts.tokensFile,
      persistDebounceMs: opts.persistDebounceMs ?? 0,
      onPersistError:
        opts.onPersistError ?? ((error) => process.stderr.write(`runevault: ${error.message}\n`)),
      writeFile:
        opts.writeFile ?? ((path, data) => writeFileAtomic(path, data, { mode: 0o600, dirMode: 0o700 })),
    });
    const markDirty = persistence.markDirty.bind(persistence);
    const requests = new RequestAuthorisation(state);
    const exchanged = new ExchangedTokens(state);
    const tokenAdmin = new TokenAdmin(state, exchanged, markDirty, (user) => requests.forget(user));
    const roleAdmin = new RoleAdmin(state, exchanged, markDirty);
    persistence.load(opts.onWarning ?? ((message) => process.stderr.write(`runevault: ${message}\n`)));
    return new TokenStore(state, persistence, requests, exchanged, tokenAdmin, roleAdmin);
  }

  // ---- request path (request-authorisation.ts) ----

  /** Authenticates `token` and checks `scope` and the user's rate limit, in that order. */
  authorize(token: string, scope: Scope): { user: string; role: RoleView } {
    return this.requests.authorize(token, scope);
  }

  checkTopK(role: RoleView, topK: number): void {
    this.requests.checkTopK(role, topK);
  }

  activeTokenCount(): number {
    return this.requests.activeTokenCount();
  }

  // ---- OIDC exchange: in-memory tokens (exchanged-tokens.ts) ----

  /**
   * A new `evt_` token for `user` with `role`, valid for `ttlSeconds`, held in memory only:
   * never written to tokens.yml, forgotten at expiry or shutdown. A user may hold several
   * (the exchange caps how many). `onRevoke` runs if revoke() drops this token.
   */
  issueEphemeral(request: {
    user: string;
    role: string;
    ttlSeconds: number;
    onRevoke?: () => void;
  }): EphemeralToken {
    return this.exchanged.issue(request);
  }

  // ---- admin: tokens (token-admin.ts) ----

  /**
   * New `evt_` token for a user without one. `expiresDays` undefined or null → never expires
   * (upstream token_store.py add_token: no --expires means no expiry).
   */
  issue(user: string, role: string, expiresDays?: number | null): IssuedToken {
    return this.tokenAdmin.issue(user, role, expiresDays);
  }

  /** Revokes the user's issued token and any token an exchange gave them. */
  revoke(user: string): { message: string } {
    return this.tokenAdmin.revoke(user);
  }

  /** A new value for the user's token, its lifetime running again from today. */
  rotate(user: string): IssuedToken {
    return this.tokenAdmin.rotate(user);
  }

  rotateAll(): { rotated: number; tokens: { user: string; token: string; role: string }[] } {
    return this.tokenAdmin.rotateAll();
  }

  /** Issued tokens, then exchanged (ephemeral) ones soonest-expiring first. */
  listTokens(): TokenListing[] {
    return this.tokenAdmin.listTokens();
  }

  // ---- admin: roles (role-admin.ts) ----

  hasRole(name: string): boolean {
    return this.roleAdmin.hasRole(name);
  }

  listRoles(): RoleView[] {
    return this.roleAdmin.listRoles();
  }

  /** Missing top_k → 5 and rate_limit → 30/60s, as in roles.yml. */
  createRole(input: RoleInput): RoleView {
    return this.roleAdmin.createRole(input);
  }

  updateRole(name: string, update: RoleUpdate): RoleView {
    return this.roleAdmin.updateRole(name, update);
  }

  deleteRole(name: string): { message: string } {
    return this.roleAdmin.deleteRole(name);
  }

  // ---- persistence (token-persistence.ts) ----

  /**
   * Resolves once every change made so far is on disk. Rejects with a TokenStoreError (kind
   * save_failed) when one of their writes failed; those changes, and all later unwritten ones,
   * are undone.
   */
  commit(): Promise<void> {
    return this.persistence.commit();
  }

  /**
   * Runs a synchronous change (e.g. `() => store.issue(...)`) and resolves with its result
   * once that change is on disk; a call that changed no file (a read, a refusal) at once.
   */
  commitChange<T>(change: () => T): Promise<T> {
    return this.persistence.commitChange(change);
  }

  /** The same as commit(). */
  flush(): Promise<void> {
    return this.persistence.commit();
  }

  /** Writes what is pending and stops: later admin operations throw. */
  async close(): Promise<void> {
    this.state.close();
    this.exchanged.clear();
    await this.persistence.commit();
  }
}

export type { EphemeralToken } from './exchanged-tokens.js';
export { MAX_EPHEMERAL_TOKENS } from './exchanged-tokens.js';
export type { RoleInput, RoleUpdate } from './role-admin.js';
export type { RoleView, Scope } from './roles.js';
export type { IssuedToken, TokenListing } from './token-admin.js';
export { TokenStoreError } from './token-store-error.js';
