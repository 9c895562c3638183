import { createHash, randomBytes } from 'node:crypto';
import { addDays, daysBetween, NEVER, utcDate } from './expiry.js';
import { parseRateLimit, type RateLimit } from './rate-limiter.js';
import type { RoleView } from './roles.js';
import type { TokenRecord } from './token-files.js';
import { TOKEN_PREFIX } from './token-format.js';

/** An issued token (one per user, in tokens.yml) and the SHA-256 it is looked up by. */
export interface TokenEntry {
  record: TokenRecord;
  digest: Buffer;
}

/** A token from an OIDC exchange: held in memory only, dropped at expiry. */
export interface ExchangedEntry {
  user: string;
  role: string;
  expiresAtMs: number;
  digest: Buffer;
  /** Told when revoke() drops the token early (the exchange then refuses replays of its JWT). */
  onRevoke?: () => void;
}

/** The content of both files, as arrays of the (never mutated) role and token objects. */
export interface PersistedState {
  roles: readonly RoleView[];
  tokens: readonly TokenRecord[];
}

export function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/**
 * The token store's memory, shared by the modules that do its jobs (request-authorisation,
 * token-admin, role-admin, exchanged-tokens, token-persistence). Lookups go through maps keyed
 * by SHA-256 of the token, so time spent does not depend on how much of a guessed token matches.
 */
export class TokenStoreState {
  readonly roles = new Map<string, RoleView>();
  /** Each role's rate_limit, parsed once. */
  readonly limits = new Map<string, RateLimit>();
  readonly byUser = new Map<string, TokenEntry>();
  readonly byDigest = new Map<string, TokenEntry>();
  /** Tokens from OIDC exchanges by digest: never persisted, dropped at expiry. */
  readonly exchanged = new Map<string, ExchangedEntry>();
  private closed = false;

  constructor(readonly now: () => Date) {}

  today(): string {
    return utcDate(this.now());
  }

  nowMs(): number {
    return this.now().getTime();
  }

  /** After close() every change is refused. */
  close(): void {
    this.closed = true;
  }

  assertOpen(): void {
    if (this.closed) throw new Error('token store is closed');
  }

  setRole(role: RoleView): void {
    this.roles.set(role.name, role);
    this.limits.set(role.name, parseRateLimit(role.rate_limit) as RateLimit);
  }

  deleteRole(name: string): void {
    this.roles.delete(name);
    this.limits.delete(name);
  }

  addEntry(record: TokenRecord): void {
    const digest = sha256(record.token);
    const entry = { record, digest };
    this.byUser.set(record.user, entry);
    this.byDigest.set(digest.toString('hex'), entry);
  }

  removeEntry(entry: TokenEntry): void {
    this.byUser.delete(entry.record.user);
    this.byDigest.delete(entry.digest.toString('hex'));
  }

  /** A new value for an issued token; the lifetime it had runs again from today. */
  replaceToken(entry: TokenEntry): TokenRecord {
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

  /** A token value no issued or exchanged token has. */
  newToken(): string {
    for (;;) {
      const token = `${TOKEN_PREFIX}${randomBytes(16).toString('hex')}`;
      const key = sha256(token).toString('hex');
      if (!this.byDigest.has(key) && !this.exchanged.has(key)) return token;
    }
  }

  purgeExpiredExchanged(): void {
    const now = this.nowMs();
    for (const [key, entry] of this.exchanged) if (entry.expiresAtMs <= now) this.exchanged.delete(key);
  }

  /** What roles.yml and tokens.yml would hold now. */
  snapshot(): PersistedState {
    return { roles: [...this.roles.values()], tokens: [...this.byUser.values()].map((e) => e.record) };
  }

  /**
   * Back to what the files hold. Exchanged tokens are not on disk and stay as they are (a
   * revoke's drop of them stands).
   */
  restore(state: PersistedState): void {
    this.roles.clear();
    this.limits.clear();
    for (const role of state.roles) this.setRole(role);
    this.byUser.clear();
    this.byDigest.clear();
    for (const record of state.tokens) this.addEntry(record);
  }
}
