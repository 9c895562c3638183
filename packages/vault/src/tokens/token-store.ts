import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { invalidArgument, permissionDenied, rateLimited, unauthenticated, VaultError } from '../errors.js';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { addDays, daysBetween, isExpired, NEVER, utcDate } from './expiry.js';
import { IncrementalTokensYaml } from './incremental-tokens-yaml.js';
import {
  MAX_ANY_USER_NAME_LENGTH,
  MAX_EXCHANGED_USER_NAME_LENGTH,
  MAX_USER_NAME_LENGTH,
  roleNameProblem,
  userNameProblem,
} from './names.js';
import { parseRateLimit, type RateLimit, SlidingWindowRateLimiter } from './rate-limiter.js';
import {
  DEFAULT_RATE_LIMIT,
  DEFAULT_ROLES,
  DEFAULT_TOP_K,
  isDefaultRole,
  type RoleView,
  roleFieldProblem,
  type Scope,
  uniqueScopes,
} from './roles.js';
import { readRolesFile, readTokensFile, renderRolesYaml, type TokenRecord } from './token-files.js';
import { badRequest, notFound, saveFailed } from './token-store-error.js';

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
  /** Told when revoke() drops the token early (the exchange then refuses replays of its JWT). */
  onRevoke?: () => void;
}

const TOKEN_PREFIX = 'evt_';
const MAX_EXPIRES_DAYS = 36_500;
/** Exchanged tokens held at once; beyond it exchanges are refused until some expire. */
export const MAX_EPHEMERAL_TOKENS = 10_000;

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
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
  /** Groups not yet on disk, oldest first; the writer works on [0]. */
  private readonly commitQueue: CommitGroup[] = [];
  /** What roles.yml and tokens.yml hold: a failed write rolls memory back to it. */
  private committed: PersistedState = { roles: [], tokens: [] };
  /** Bumped by every persisted change, so commitChange() can tell whether its change wrote. */
  private changeCount = 0;
  private writing = false;
  private writeTimer: NodeJS.Timeout | undefined;
  private readonly tokensYaml = new IncrementalTokensYaml();
  private closed = false;

  private constructor(
    private readonly options: Required<Pick<TokenStoreOptions, 'rolesFile' | 'tokensFile' | 'now'>> & {
      persistDebounceMs: number;
      onPersistError: (error: Error) => void;
      writeFile: (path: string, data: string) => Promise<void>;
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
      persistDebounceMs: opts.persistDebounceMs ?? 0,
      onPersistError:
        opts.onPersistError ?? ((error) => process.stderr.write(`runevault: ${error.message}\n`)),
      writeFile:
        opts.writeFile ?? ((path, data) => writeFileAtomic(path, data, { mode: 0o600, dirMode: 0o700 })),
    });
    for (const role of DEFAULT_ROLES) store.setRole(role);
    for (const role of readRolesFile(opts.rolesFile) ?? []) store.setRole(role);
    const records = readTokensFile(opts.tokensFile, new Set(store.roles.keys()));
    for (const record of records ?? []) store.addEntry(record);
    // A missing file is a fresh vault; an existing empty one is more likely a mistake.
    if (records?.length === 0) {
      const warn = opts.onWarning ?? ((message) => process.stderr.write(`runevault: ${message}\n`));
      warn(emptyTokensFileWarning(opts.tokensFile));
    }
    store.committed = store.snapshot();
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
   * never written to tokens.yml, forgotten at expiry or shutdown. A user may hold several
   * (the exchange caps how many). `onRevoke` runs if revoke() drops this token.
   */
  issueEphemeral(request: {
    user: string;
    role: string;
    ttlSeconds: number;
    onRevoke?: () => void;
  }): EphemeralToken {
    this.assertOpen();
    const { user, role, ttlSeconds, onRevoke } = request;
    // Ephemeral users come from JWT claims: a longer bound than issued users, same rule.
    const userProblem = userNameProblem(user, MAX_EXCHANGED_USER_NAME_LENGTH);
    if (userProblem !== undefined) throw invalidArgument(userProblem);
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
    this.ephemeral.set(digest.toString('hex'), {
      user,
      role,
      expiresAtMs,
      digest,
      ...(onRevoke ? { onRevoke } : {}),
    });
    this.schedulePurge(expiresAtMs);
    return { user, token, role, expiresAtUnix: Math.floor(expiresAtMs / 1000) };
  }

  // ---- admin: tokens ----

  /**
   * New `evt_` token for a user without one. `expiresDays` undefined or null → never expires
   * (upstream token_store.py add_token: no --expires means no expiry).
   */
  issue(user: string, role: string, expiresDays?: number | null): IssuedToken {
    this.assertOpen();
    const nameProblem = userNameProblem(user, MAX_USER_NAME_LENGTH) ?? roleNameProblem(role);
    if (nameProblem !== undefined) throw badRequest(nameProblem);
    if (!this.roles.has(role)) throw badRequest(`Role '${role}' does not exist`);
    if (this.byUser.has(user)) throw badRequest(`Token already exists for user '${user}'`);
    const days = expiresDays ?? null;
    if (days !== null && (!Number.isInteger(days) || days < 0 || days > MAX_EXPIRES_DAYS)) {
      throw badRequest(`expires_days must be an integer from 0 to ${MAX_EXPIRES_DAYS}`);
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
    assertUserName(user);
    const entry = this.byUser.get(user);
    let exchanged = 0;
    for (const [key, e] of this.ephemeral) {
      if (e.user !== user) continue;
      this.ephemeral.delete(key);
      e.onRevoke?.();
      exchanged++;
    }
    if (!entry && exchanged === 0) throw notFound(`No token found for user '${user}'`);
    if (entry) {
      this.removeEntry(entry);
      this.markDirty('tokens');
    }
    this.limiter.forget(user);
    return { message: `Revoked token for '${user}'` };
  }

  /**
   * Replaces the user's token value, keeping its role and the length of its lifetime from
   * today, as upstream token_store.py rotate_token does (a 90-day token rotated is good for
   * 90 days from today; a never-expiring one stays so). The rate-limit history stays.
   */
  rotate(user: string): IssuedToken {
    this.assertOpen();
    assertUserName(user);
    const entry = this.byUser.get(user);
    if (!entry) throw badRequest(`No token found for user '${user}'`);
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
    const nameProblem = roleNameProblem(name);
    if (nameProblem !== undefined) throw badRequest(nameProblem);
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
    assertRoleName(name);
    // Upstream's order: an empty update is refused before the role is looked up.
    if (update.scope === undefined && update.top_k === undefined && update.rate_limit === undefined) {
      throw badRequest('No fields to update');
    }
    const current = this.roles.get(name);
    if (!current) throw badRequest(`Role '${name}' does not exist`);
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
    assertRoleName(name);
    if (isDefaultRole(name)) throw badRequest(`Cannot delete default role '${name}'`);
    if (!this.roles.has(name)) throw badRequest(`Role '${name}' does not exist`);
    this.purgeExpiredEphemeral();
    const users = [
      ...[...this.byUser.values()].filter((e) => e.record.role === name).map((e) => e.record.user),
      ...new Set([...this.ephemeral.values()].filter((e) => e.role === name).map((e) => e.user)),
    ];
    // Upstream names the first token holder it finds; so do we (issued tokens first).
    if (users.length > 0) {
      throw badRequest(`Cannot delete role '${name}': token for user '${users[0]}' is assigned to it`);
    }
    this.roles.delete(name);
    this.limits.delete(name);
    this.markDirty('roles');
    return { message: `Deleted role '${name}'` };
  }

  // ---- persistence ----
  //
  // Group commit, so an answer means the change is on disk: a change is applied in memory and
  // joins the open group for its file; one writer writes the groups in order, each with one
  // atomic write, so changes made while a write runs share the next one. A group holds changes
  // to one file only, so the two files on disk always show a state the store was in (a token
  // never names a role roles.yml lacks). A failed write rolls memory back to what the files
  // hold and fails every change not yet written: whoever was told "failed" sees no effect.

  /**
   * Resolves once every change made so far is on disk. Rejects with a TokenStoreError (500)
   * when one of their writes failed; those changes, and all later unwritten ones, are undone.
   */
  commit(): Promise<void> {
    const last = this.commitQueue.at(-1);
    if (!last) return Promise.resolve();
    // Someone waits: skip any configured delay.
    this.startWriting();
    return last.done;
  }

  /**
   * Runs a synchronous change (e.g. `() => store.issue(...)`) and resolves with its result
   * once that change is on disk; a call that changed no file (a read, a refusal) at once.
   */
  async commitChange<T>(change: () => T): Promise<T> {
    const before = this.changeCount;
    const result = change();
    if (this.changeCount !== before) await this.commit();
    return result;
  }

  /** The same as commit(). */
  flush(): Promise<void> {
    return this.commit();
  }

  /** Writes what is pending and stops: later admin operations throw. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.purgeTimer) clearTimeout(this.purgeTimer.timer);
    this.purgeTimer = undefined;
    this.ephemeral.clear();
    await this.commit();
  }

  private markDirty(file: PersistedFile): void {
    this.changeCount++;
    const open = this.commitQueue.at(-1);
    if (open && open.snapshot === undefined) {
      if (open.file === file) return;
      // This change did not touch the open group's file, so that file's state is final.
      open.snapshot = this.snapshot();
    }
    this.commitQueue.push(newCommitGroup(file));
    this.scheduleWrite();
  }

  private scheduleWrite(): void {
    if (this.writing || this.writeTimer) return;
    const delay = this.options.persistDebounceMs;
    // A microtask, not at once: changes made in the same synchronous run share the write.
    if (delay <= 0) queueMicrotask(() => this.startWriting());
    else this.writeTimer = setTimeout(() => this.startWriting(), delay);
  }

  private startWriting(): void {
    if (this.writeTimer) clearTimeout(this.writeTimer);
    this.writeTimer = undefined;
    if (this.writing || this.commitQueue.length === 0) return;
    this.writing = true;
    void this.writeQueue();
  }

  private async writeQueue(): Promise<void> {
    try {
      for (let group = this.commitQueue[0]; group; group = this.commitQueue[0]) {
        group.snapshot ??= this.snapshot();
        const { file, snapshot } = group;
        const path = this.pathOf(file);
        try {
          await this.options.writeFile(
            path,
            file === 'roles' ? renderRolesYaml(snapshot.roles) : this.tokensYaml.render(snapshot.tokens),
          );
        } catch (error) {
          this.rollBack(
            saveFailed(
              `could not save ${path}: ${writeFailureReason(error)}; the change was not applied (fix the cause, then retry)`,
            ),
          );
          return;
        }
        this.commitQueue.shift();
        this.committed =
          file === 'roles'
            ? { roles: snapshot.roles, tokens: this.committed.tokens }
            : { roles: this.committed.roles, tokens: snapshot.tokens };
        group.resolve();
      }
    } finally {
      this.writing = false;
    }
  }

  // Restores what the files hold. Exchanged tokens are not on disk and stay as they are (a
  // revoke's drop of them stands); rate-limit history stays too.
  private rollBack(failure: Error): void {
    const failed = this.commitQueue.splice(0);
    this.roles.clear();
    this.limits.clear();
    for (const role of this.committed.roles) this.setRole(role);
    this.byUser.clear();
    this.byDigest.clear();
    for (const record of this.committed.tokens) this.addEntry(record);
    this.options.onPersistError(failure);
    for (const group of failed) group.reject(failure);
  }

  private snapshot(): PersistedState {
    return { roles: [...this.roles.values()], tokens: [...this.byUser.values()].map((e) => e.record) };
  }

  private pathOf(file: PersistedFile): string {
    return file === 'roles' ? this.options.rolesFile : this.options.tokensFile;
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
    const today = this.today();
    const { expires, issued_at: issuedAt } = entry.record;
    // Without an issue date (older files) the lifetime is unknown: the expiry stays as it was.
    const renewed =
      expires !== NEVER && issuedAt !== undefined ? addDays(today, daysBetween(issuedAt, expires)) : expires;
    const record: TokenRecord = {
      ...entry.record,
      token: this.newToken(),
      issued_at: today,
      expires: renewed,
    };
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

export function emptyTokensFileWarning(tokensFile: string): string {
  return `tokens.yml at ${tokensFile} holds no tokens; every request will be refused until you issue one with \`runevault token issue\``;
}

// A looked-up name that breaks the rule can exist nowhere: refuse it with the rule's text
// (which never echoes it) rather than "No token for user '<raw text>'".
function assertUserName(user: string): void {
  const problem = userNameProblem(user, MAX_ANY_USER_NAME_LENGTH);
  if (problem !== undefined) throw badRequest(problem);
}

function assertRoleName(name: string): void {
  const problem = roleNameProblem(name);
  if (problem !== undefined) throw badRequest(problem);
}

type PersistedFile = 'roles' | 'tokens';

/** The content of both files, as arrays of the (never mutated) role and token objects. */
interface PersistedState {
  roles: readonly RoleView[];
  tokens: readonly TokenRecord[];
}

/** Changes to one file that one write puts on disk. */
interface CommitGroup {
  file: PersistedFile;
  /** Set when the group closes: when a change to the other file arrives, or its write starts. */
  snapshot?: PersistedState;
  done: Promise<void>;
  resolve(): void;
  reject(error: Error): void;
}

function newCommitGroup(file: PersistedFile): CommitGroup {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const done = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // Nobody may be waiting (a change made without commit()); onPersistError reports it then.
  done.catch(() => {});
  return { file, done, resolve, reject };
}

// Node's fs messages end in ", <syscall> '<temp path>'"; the temp file's name helps nobody.
function writeFailureReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/, \w+(?: '[^']*'(?: -> '[^']*')?)?$/, '');
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
