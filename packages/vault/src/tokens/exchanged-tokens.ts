import { invalidArgument, VaultError } from '../errors.js';
import { MAX_EXCHANGED_USER_NAME_LENGTH, userNameProblem } from './names.js';
import { invalidRequest } from './token-store-error.js';
import { sha256, type TokenStoreState } from './token-store-state.js';

/** Exchanged tokens held at once; beyond it exchanges are refused until some expire. */
export const MAX_EPHEMERAL_TOKENS = 10_000;

/** What issueEphemeral hands back (ExchangeToken answers with it). */
export interface EphemeralToken {
  user: string;
  token: string;
  role: string;
  /** Epoch seconds; the token is refused from this second on. */
  expiresAtUnix: number;
}

/** A GET /tokens row of an exchanged token (token-admin.ts lists issued ones first). */
export interface ExchangedListing {
  user: string;
  role: string;
  top_k: number;
  rate_limit: string;
  expires: string;
  ephemeral: true;
  expires_at_unix: number;
}

/**
 * Tokens issued by an OIDC exchange: held in memory only, never written to tokens.yml,
 * forgotten at expiry or shutdown.
 */
export class ExchangedTokens {
  private purgeTimer: { at: number; timer: NodeJS.Timeout } | undefined;

  constructor(private readonly state: TokenStoreState) {}

  /**
   * A new `evt_` token for `user` with `role`, valid for `ttlSeconds`. A user may hold several
   * (the exchange caps how many). `onRevoke` runs if revoke() drops this token.
   */
  issue(request: { user: string; role: string; ttlSeconds: number; onRevoke?: () => void }): EphemeralToken {
    this.state.assertOpen();
    const { user, role, ttlSeconds, onRevoke } = request;
    // Ephemeral users come from JWT claims: a longer bound than issued users, same rule.
    const userProblem = userNameProblem(user, MAX_EXCHANGED_USER_NAME_LENGTH);
    if (userProblem !== undefined) throw invalidArgument(userProblem);
    if (!this.state.roles.has(role)) throw invalidRequest(`Unknown role '${role}'`);
    if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1)
      throw invalidRequest('ttl must be a positive integer');
    const exchanged = this.state.exchanged;
    if (exchanged.size >= MAX_EPHEMERAL_TOKENS) this.state.purgeExpiredExchanged();
    if (exchanged.size >= MAX_EPHEMERAL_TOKENS) {
      throw new VaultError(
        'resource_exhausted',
        `Too many exchanged tokens in use (${MAX_EPHEMERAL_TOKENS}); retry when some expire`,
      );
    }
    const token = this.state.newToken();
    const digest = sha256(token);
    const expiresAtMs = this.state.nowMs() + ttlSeconds * 1000;
    exchanged.set(digest.toString('hex'), {
      user,
      role,
      expiresAtMs,
      digest,
      ...(onRevoke ? { onRevoke } : {}),
    });
    this.schedulePurge(expiresAtMs);
    return { user, token, role, expiresAtUnix: Math.floor(expiresAtMs / 1000) };
  }

  /** Drops every token an exchange gave `user`, telling each one's onRevoke; returns how many. */
  revokeUser(user: string): number {
    let dropped = 0;
    for (const [key, e] of this.state.exchanged) {
      if (e.user !== user) continue;
      this.state.exchanged.delete(key);
      e.onRevoke?.();
      dropped++;
    }
    return dropped;
  }

  /** Live exchanged tokens, soonest-expiring first. */
  listings(): ExchangedListing[] {
    this.state.purgeExpiredExchanged();
    return [...this.state.exchanged.values()]
      .sort((a, b) => a.expiresAtMs - b.expiresAtMs)
      .map((e): ExchangedListing => {
        const role = this.state.roles.get(e.role);
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
  }

  /** Users holding a live exchanged token for `role`, each once. */
  usersWithRole(role: string): string[] {
    this.state.purgeExpiredExchanged();
    return [...new Set([...this.state.exchanged.values()].filter((e) => e.role === role).map((e) => e.user))];
  }

  /** At shutdown: every exchanged token is forgotten and the purge timer stops. */
  clear(): void {
    if (this.purgeTimer) clearTimeout(this.purgeTimer.timer);
    this.purgeTimer = undefined;
    this.state.exchanged.clear();
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
        this.state.purgeExpiredExchanged();
        let next = Number.POSITIVE_INFINITY;
        for (const entry of this.state.exchanged.values()) next = Math.min(next, entry.expiresAtMs);
        if (Number.isFinite(next)) this.schedulePurge(next);
      },
      Math.max(0, atMs - this.state.nowMs()) + 50,
    );
    timer.unref();
    this.purgeTimer = { at: atMs, timer };
  }
}
