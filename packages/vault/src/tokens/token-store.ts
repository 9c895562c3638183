import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { invalidArgument, permissionDenied, rateLimited, unauthenticated } from '../errors.js';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { addDays, DEFAULT_EXPIRES_DAYS, isExpired, NEVER, utcDate } from './expiry.js';
import { parseRateLimit, type RateLimit, SlidingWindowRateLimiter } from './rate-limiter.js';
import {
  DEFAULT_RATE_LIMIT,
  DEFAULT_ROLES,
  DEFAULT_TOP_K,
  isDefaultRole,
  isValidRoleName,
  type RoleView,
  roleFieldProblem,
  type Scope,
  uniqueScopes,
} from './roles.js';
import {
  readRolesFile,
  readTokensFile,
  renderRolesYaml,
  renderTokensYaml,
  type TokenRecord,
} from './token-files.js';
import { badRequest, notFound } from './token-store-error.js';

export interface TokenStoreOptions {
  rolesFile: string;
  tokensFile: string;
  now?: () => Date;
  /** Changes within this many ms are written together (default 50). */
  persistDebounceMs?: number;
  /** A background write failed; the change stays pending and is retried on the next one. */
  onPersistError?: (error: Error) => void;
}

/** What POST /tokens and the rotate routes answer. */
export interface IssuedToken {
  user: string;
  token: string;
  role: string;
  issued_at: string;
  expires: string;
}

/** A GET /tokens row: never the token value. */
export interface TokenListing {
  user: string;
  role: string;
  top_k: number;
  rate_limit: string;
  expires: string;
}

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

interface TokenEntry {
  record: TokenRecord;
  digest: Buffer;
}

const TOKEN_PREFIX = 'evt_';
const MAX_EXPIRES_DAYS = 36_500;

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

function isValidUserName(user: unknown): user is string {
  // Users appear in URLs, YAML and log lines: printable, trimmed, bounded.
  return (
    typeof user === 'string' &&
    user.length > 0 &&
    user.length <= 128 &&
    user.trim() === user &&
    !/\p{Cc}/u.test(user)
  );
}

/**
 * Tokens, roles and per-user rate limits, in memory, persisted to roles.yml/tokens.yml.
 * Lookups go through a map keyed by SHA-256 of the token, so time spent does not depend on
 * how much of a guessed token matches. The store never logs or echoes a token value.
 */
export class TokenStore {
  private readonly roles = new Map<string, RoleView>();
  private readonly limits = new Map<string, RateLimit>();
  private readonly byUser = new Map<string, TokenEntry>();
  private readonly byDigest = new Map<string, TokenEntry>();
  private readonly limiter: SlidingWindowRateLimiter;
  private readonly dirty = { roles: false, tokens: false };
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> | undefined;
  private closed = false;

  private constructor(
    private readonly options: Required<Pick<TokenStoreOptions, 'rolesFile' | 'tokensFile' | 'now'>> & {
      persistDebounceMs: number;
      onPersistError: (error: Error) => void;
    },
  ) {
    this.limiter = new SlidingWindowRateLimiter(() => options.now().getTime());
  }

  /**
   * Reads both files; a missing file means "defaults only" and is created on the first write.
   * A corrupt file throws ConfigError (file + line) and is left untouched.
   */
  static load(opts: TokenStoreOptions): TokenStore {
    const store = new TokenStore({
      rolesFile: opts.rolesFile,
      tokensFile: opts.tokensFile,
      now: opts.now ?? (() => new Date()),
      persistDebounceMs: opts.persistDebounceMs ?? 50,
      onPersistError:
        opts.onPersistError ??
        ((error) => process.stderr.write(`runevault: could not save token state: ${error.message}\n`)),
    });
    for (const role of DEFAULT_ROLES) store.setRole(role);
    for (const role of readRolesFile(opts.rolesFile) ?? []) store.setRole(role);
    for (const record of readTokensFile(opts.tokensFile, new Set(store.roles.keys())) ?? []) {
      store.addEntry(record);
    }
    return store;
  }

  // ---- request path ----

  /** Authenticates `token` and checks `scope` and the user's rate limit, in that order. */
  authorize(token: string, scope: Scope): { user: string; role: RoleView } {
    const digest = sha256(typeof token === 'string' ? token : '');
    const entry = this.byDigest.get(digest.toString('hex'));
    if (!entry || !timingSafeEqual(entry.digest, digest))
      throw unauthenticated('Invalid authentication token');
    const { user, role: roleName, expires } = entry.record;
    if (isExpired(expires, this.today())) throw unauthenticated(`Token expired for user '${user}'`);
    const role = this.roles.get(roleName);
    if (!role?.scope.includes(scope)) {
      throw permissionDenied(`Method '${scope}' not permitted for role '${roleName}'`);
    }
    const decision = this.limiter.tryAcquire(user, this.limits.get(roleName) as RateLimit);
    if (!decision.allowed) throw rateLimited(decision.retryAfterSeconds);
    return { user, role };
  }

  checkTopK(role: RoleView, topK: number): void {
    if (topK > role.top_k)
      throw invalidArgument(`top_k ${topK} exceeds limit ${role.top_k} for role '${role.name}'`);
  }

  activeTokenCount(): number {
    const today = this.today();
    let count = 0;
    for (const { record } of this.byUser.values()) if (!isExpired(record.expires, today)) count++;
    return count;
  }

  // ---- admin: tokens ----

  /**
   * New `evt_` token for a user without one. `expiresDays` undefined → 90 days (the CLI's
   * default), null → never expires.
   */
  issue(user: string, role: string, expiresDays?: number | null): IssuedToken {
    this.assertOpen();
    if (!isValidUserName(user)) {
      throw badRequest('Invalid user: use 1-128 printable characters without surrounding spaces');
    }
    if (!this.roles.has(role)) throw badRequest(`Unknown role '${role}'`);
    if (this.byUser.has(user)) throw badRequest(`User '${user}' already has a token`);
    const days = expiresDays === undefined ? DEFAULT_EXPIRES_DAYS : expiresDays;
    if (days !== null && (!Number.isInteger(days) || days < 1 || days > MAX_EXPIRES_DAYS)) {
      throw badRequest(`expires_days must be an integer from 1 to ${MAX_EXPIRES_DAYS}`);
    }
    const today = this.today();
    const record: TokenRecord = {
      user,
      token: this.newToken(),
      role,
      issued_at: today,
      expires: days === null ? NEVER : addDays(today, days),
    };
    this.addEntry(record);
    this.markDirty('tokens');
    return issuedView(record, today);
  }

  revoke(user: string): { message: string } {
    this.assertOpen();
    const entry = this.byUser.get(user);
    if (!entry) throw notFound(`No token for user '${user}'`);
    this.removeEntry(entry);
    this.limiter.forget(user);
    this.markDirty('tokens');
    return { message: `Revoked token for '${user}'` };
  }

  /**
   * Replaces the user's token value. Role and expiry stay: rotation answers a leak, it does
   * not extend access. The rate-limit history stays with the user.
   */
  rotate(user: string): IssuedToken {
    this.assertOpen();
    const entry = this.byUser.get(user);
    if (!entry) throw badRequest(`No token for user '${user}'`);
    const record = this.replaceToken(entry);
    this.markDirty('tokens');
    return issuedView(record, this.today());
  }

  rotateAll(): { rotated: number; tokens: { user: string; token: string; role: string }[] } {
    this.assertOpen();
    const tokens = [...this.byUser.values()].map((entry) => {
      const { user, token, role } = this.replaceToken(entry);
      return { user, token, role };
    });
    if (tokens.length > 0) this.markDirty('tokens');
    return { rotated: tokens.length, tokens };
  }

  listTokens(): TokenListing[] {
    return [...this.byUser.values()].map(({ record }) => {
      const role = this.roles.get(record.role) as RoleView;
      return {
        user: record.user,
        role: record.role,
        top_k: role.top_k,
        rate_limit: role.rate_limit,
        expires: record.expires,
      };
    });
  }

  // ---- admin: roles ----

  listRoles(): RoleView[] {
    return [...this.roles.values()].map(copyRole);
  }

  /** Missing top_k → 5 and rate_limit → 30/60s, as in roles.yml. */
  createRole(input: RoleInput): RoleView {
    this.assertOpen();
    const { name } = input;
    if (typeof name !== 'string' || !isValidRoleName(name)) {
      throw badRequest("Invalid role name: use up to 64 letters, digits, '_', '.' or '-'");
    }
    if (this.roles.has(name)) throw badRequest(`Role '${name}' already exists`);
    const role = validRole(name, {
      scope: input.scope,
      top_k: input.top_k ?? DEFAULT_TOP_K,
      rate_limit: input.rate_limit ?? DEFAULT_RATE_LIMIT,
    });
    this.setRole(role);
    this.markDirty('roles');
    return copyRole(role);
  }

  updateRole(name: string, update: RoleUpdate): RoleView {
    this.assertOpen();
    const current = this.roles.get(name);
    if (!current) throw notFound(`Unknown role '${name}'`);
    if (update.scope === undefined && update.top_k === undefined && update.rate_limit === undefined) {
      throw badRequest('No fields to update');
    }
    const role = validRole(name, {
      scope: update.scope ?? current.scope,
      top_k: update.top_k ?? current.top_k,
      rate_limit: update.rate_limit ?? current.rate_limit,
    });
    this.setRole(role);
    this.markDirty('roles');
    return copyRole(role);
  }

  deleteRole(name: string): { message: string } {
    this.assertOpen();
    if (!this.roles.has(name)) throw notFound(`Unknown role '${name}'`);
    if (isDefaultRole(name)) throw badRequest(`Cannot delete default role '${name}'`);
    const users = [...this.byUser.values()].filter((e) => e.record.role === name).map((e) => e.record.user);
    if (users.length > 0) {
      throw badRequest(`Role '${name}' is in use by ${users.length} token(s): ${users.join(', ')}`);
    }
    this.roles.delete(name);
    this.limits.delete(name);
    this.markDirty('roles');
    return { message: `Deleted role '${name}'` };
  }

  // ---- persistence ----

  /** Writes pending changes now and waits for them (and any write already running). */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    await this.persist();
  }

  /** Flushes and stops: later admin operations throw. */
  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
  }

  private markDirty(which: 'roles' | 'tokens'): void {
    this.dirty[which] = true;
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.persist().catch((error: Error) => this.options.onPersistError(error));
    }, this.options.persistDebounceMs);
  }

  private async persist(): Promise<void> {
    // One write at a time; changes made meanwhile are picked up by the next round.
    while (this.writing) await this.writing.catch(() => {});
    if (!this.dirty.roles && !this.dirty.tokens) return;
    this.writing = this.writeDirty();
    try {
      await this.writing;
    } finally {
      this.writing = undefined;
    }
  }

  private async writeDirty(): Promise<void> {
    const targets = [
      ['roles', this.options.rolesFile, () => renderRolesYaml([...this.roles.values()])],
      [
        'tokens',
        this.options.tokensFile,
        () => renderTokensYaml([...this.byUser.values()].map((e) => e.record)),
      ],
    ] as const;
    for (const [which, file, render] of targets) {
      if (!this.dirty[which]) continue;
      this.dirty[which] = false;
      try {
        await writeFileAtomic(file, render(), { mode: 0o600, dirMode: 0o700 });
      } catch (error) {
        this.dirty[which] = true;
        throw error;
      }
    }
  }

  // ---- internals ----

  private today(): string {
    return utcDate(this.options.now());
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('token store is closed');
  }

  private setRole(role: RoleView): void {
    this.roles.set(role.name, role);
    this.limits.set(role.name, parseRateLimit(role.rate_limit) as RateLimit);
  }

  private addEntry(record: TokenRecord): void {
    const digest = sha256(record.token);
    const entry = { record, digest };
    this.byUser.set(record.user, entry);
    this.byDigest.set(digest.toString('hex'), entry);
  }

  private removeEntry(entry: TokenEntry): void {
    this.byUser.delete(entry.record.user);
    this.byDigest.delete(entry.digest.toString('hex'));
  }

  private replaceToken(entry: TokenEntry): TokenRecord {
    this.byDigest.delete(entry.digest.toString('hex'));
    const record: TokenRecord = { ...entry.record, token: this.newToken(), issued_at: this.today() };
    this.addEntry(record);
    return record;
  }

  private newToken(): string {
    for (;;) {
      const token = `${TOKEN_PREFIX}${randomBytes(16).toString('hex')}`;
      if (!this.byDigest.has(sha256(token).toString('hex'))) return token;
    }
  }
}

function issuedView(record: TokenRecord, today: string): IssuedToken {
  return {
    user: record.user,
    token: record.token,
    role: record.role,
    issued_at: record.issued_at ?? today,
    expires: record.expires,
  };
}

function copyRole(role: RoleView): RoleView {
  return { name: role.name, scope: [...role.scope], top_k: role.top_k, rate_limit: role.rate_limit };
}

function validRole(name: string, fields: { scope: unknown; top_k: unknown; rate_limit: unknown }): RoleView {
  for (const field of ['scope', 'top_k', 'rate_limit'] as const) {
    const problem = roleFieldProblem(field, fields[field]);
    if (problem) throw badRequest(problem);
  }
  return {
    name,
    scope: uniqueScopes(fields.scope as Scope[]),
    top_k: fields.top_k as number,
    rate_limit: fields.rate_limit as string,
  };
}

export type { RoleView, Scope } from './roles.js';
export { TokenStoreError } from './token-store-error.js';
