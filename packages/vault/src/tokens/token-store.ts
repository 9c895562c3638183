import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { invalidArgument, permissionDenied, rateLimited, unauthenticated, VaultError } from '../errors.js';
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
  /** YYYY-MM-DD or "never"; for an ephemeral token the instant, e.g. 2026-03-20T12:15:00Z. */
  expires: string;
  /** Only on tokens issued by an OIDC exchange: held in memory, gone at expiry. */
  ephemeral?: true;
  expires_at_unix?: number;
}

/** What issueEphemeral hands back (ExchangeToken answers with it). */
export interface EphemeralToken {
  user: string;
  token: string;
  role: string;
  /** Epoch seconds; the token is refused from this second on. */
  expiresAtUnix: number;
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

interface EphemeralEntry {
  user: string;
  role: string;
  expiresAtMs: number;
  digest: Buffer;
}

const TOKEN_PREFIX = 'evt_';
const MAX_EXPIRES_DAYS = 36_500;
/** Exchanged tokens held at once; beyond it exchanges are refused until some expire. */
export const MAX_EPHEMERAL_TOKENS = 10_000;
/** Ephemeral users come from JWT claims: a bit longer than issued users, still bounded. */
const MAX_EPHEMERAL_USER_LENGTH = 256;

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
  /** Tokens from OIDC exchanges: never persisted, dropped at expiry. */
  private readonly ephemeral = new Map<string, EphemeralEntry>();
  private purgeTimer: { at: number; timer: NodeJS.Timeout } | undefined;
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
    const { user, role: roleName } = this.authenticate(digest);
    const role = this.roles.get(roleName);
    if (!role?.scope.includes(scope)) {
      throw permissionDenied(`Method '${scope}' not permitted for role '${roleName}'`);
    }
    const decision = this.limiter.tryAcquire(user, this.limits.get(roleName) as RateLimit);
    if (!decision.allowed) throw rateLimited(decision.retryAfterSeconds);
    return { user, role };
  }

  /** Who `digest` belongs to; throws unauthenticated for an unknown or expired token. */
  private authenticate(digest: Buffer): { user: string; role: string } {
    const key = digest.toString('hex');
    const entry = this.byDigest.get(key);
    if (entry && timingSafeEqual(entry.digest, digest)) {
      const { user, role, expires } = entry.record;
      if (isExpired(expires, this.today())) throw unauthenticated(`Token expired for user '${user}'`);
      return { user, role };
    }
    const exchanged = this.ephemeral.get(key);
    if (exchanged && timingSafeEqual(exchanged.digest, digest)) {
      if (exchanged.expiresAtMs <= this.nowMs()) {
        this.ephemeral.delete(key);
        throw unauthenticated(`Token expired for user '${exchanged.user}'`);
      }
      return { user: exchanged.user, role: exchanged.role };
    }
    throw unauthenticated('Invalid authentication token');
  }

  checkTopK(role: RoleView, topK: number): void {
    if (topK > role.top_k)
      throw invalidArgument(`top_k ${topK} exceeds limit ${role.top_k} for role '${role.name}'`);
  }

  activeTokenCount(): number {
    const today = this.today();
    let count = 0;
    for (const { record } of this.byUser.values()) if (!isExpired(record.expires, today)) count++;
    this.purgeExpiredEphemeral();
    return count + this.ephemeral.size;
  }

  // ---- OIDC exchange: in-memory tokens ----

  /**
   * A new `evt_` token for `user` with `role`, valid for `ttlSeconds`, held in memory only:
   * never written to tokens.yml, forgotten at expiry or shutdown. A user may hold several.
   */
  issueEphemeral(request: { user: string; role: string; ttlSeconds: number }): EphemeralToken {
    this.assertOpen();
    const { user, role, ttlSeconds } = request;
    if (
      typeof user !== 'string' ||
      user.length === 0 ||
      user.length > MAX_EPHEMERAL_USER_LENGTH ||
      /\p{Cc}/u.test(user)
    ) {
      throw invalidArgument(`Invalid user: use 1-${MAX_EPHEMERAL_USER_LENGTH} printable characters`);
    }
    if (!this.roles.has(role)) throw badRequest(`Unknown role '${role}'`);
    if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1) throw badRequest('ttl must be a positive integer');
    if (this.ephemeral.size >= MAX_EPHEMERAL_TOKENS) this.purgeExpiredEphemeral();
    if (this.ephemeral.size >= MAX_EPHEMERAL_TOKENS) {
      throw new VaultError(
        'resource_exhausted',
        `Too many exchanged tokens in use (${MAX_EPHEMERAL_TOKENS}); retry when some expire`,
      );
    }
    const token = this.newToken();
    const digest = sha256(token);
    const expiresAtMs = this.nowMs() + ttlSeconds * 1000;
    this.ephemeral.set(digest.toString('hex'), { user, role, expiresAtMs, digest });
    this.schedulePurge(expiresAtMs);
    return { user, token, role, expiresAtUnix: Math.floor(expiresAtMs / 1000) };
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

  /** Revokes the user's issued token and any token an exchange gave them. */
  revoke(user: string): { message: string } {
    this.assertOpen();
    const entry = this.byUser.get(user);
    let exchanged = 0;
    for (const [key, e] of this.ephemeral) {
      if (e.user !== user) continue;
      this.ephemeral.delete(key);
      exchanged++;
    }
    if (!entry && exchanged === 0) throw notFound(`No token for user '${user}'`);
    if (entry) {
      this.removeEntry(entry);
      this.markDirty('tokens');
    }
    this.limiter.forget(user);
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

  /** Issued tokens, then exchanged (ephemeral) ones soonest-expiring first. */
  listTokens(): TokenListing[] {
    const issued = [...this.byUser.values()].map(({ record }): TokenListing => {
      const role = this.roles.get(record.role) as RoleView;
      return {
        user: record.user,
        role: record.role,
        top_k: role.top_k,
        rate_limit: role.rate_limit,
        expires: record.expires,
      };
    });
    this.purgeExpiredEphemeral();
    const exchanged = [...this.ephemeral.values()]
      .sort((a, b) => a.expiresAtMs - b.expiresAtMs)
      .map((e): TokenListing => {
        const role = this.roles.get(e.role);
        const expiresAtUnix = Math.floor(e.expiresAtMs / 1000);
        return {
          user: e.user,
          role: e.role,
          top_k: role?.top_k ?? 0,
          rate_limit: role?.rate_limit ?? '',
          expires: new Date(expiresAtUnix * 1000).toISOString().replace('.000Z', 'Z'),
          ephemeral: true,
          expires_at_unix: expiresAtUnix,
        };
      });
    return [...issued, ...exchanged];
  }

  // ---- admin: roles ----

  hasRole(name: string): boolean {
    return this.roles.has(name);
  }

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
    this.purgeExpiredEphemeral();
    const users = [
      ...[...this.byUser.values()].filter((e) => e.record.role === name).map((e) => e.record.user),
      ...new Set([...this.ephemeral.values()].filter((e) => e.role === name).map((e) => e.user)),
    ];
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
    if (this.purgeTimer) clearTimeout(this.purgeTimer.timer);
    this.purgeTimer = undefined;
    this.ephemeral.clear();
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

  private nowMs(): number {
    return this.options.now().getTime();
  }

  private purgeExpiredEphemeral(): void {
    const now = this.nowMs();
    for (const [key, entry] of this.ephemeral) if (entry.expiresAtMs <= now) this.ephemeral.delete(key);
  }

  // One timer, armed for the earliest expiry, so expired tokens leave memory even when nobody
  // asks. authorize() checks expiry itself, so the timer only frees memory (and works with an
  // injected clock, where it may fire late or early).
  private schedulePurge(atMs: number): void {
    if (this.purgeTimer && this.purgeTimer.at <= atMs) return;
    if (this.purgeTimer) clearTimeout(this.purgeTimer.timer);
    const timer = setTimeout(
      () => {
        this.purgeTimer = undefined;
        this.purgeExpiredEphemeral();
        let next = Number.POSITIVE_INFINITY;
        for (const entry of this.ephemeral.values()) next = Math.min(next, entry.expiresAtMs);
        if (Number.isFinite(next)) this.schedulePurge(next);
      },
      Math.max(0, atMs - this.nowMs()) + 50,
    );
    timer.unref();
    this.purgeTimer = { at: atMs, timer };
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
      const key = sha256(token).toString('hex');
      if (!this.byDigest.has(key) && !this.ephemeral.has(key)) return token;
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
