// Which exchange produced which live token. A replayed JWT gets the token it already produced,
// and a subject's live tokens are counted for max_tokens_per_subject. Token values are held in
// memory only (exchanged tokens live there anyway); JWTs are known by their replay key only.
import type { EphemeralToken } from '../tokens/token-store.js';

interface Exchanged {
  user: string;
  /** What the first exchange answered; undefined once revoked (the value is dropped). */
  issued: EphemeralToken | undefined;
  expiresAtMs: number;
  /** The JWT verifies until then: a revoked token's JWT is refused as `replayed` until then. */
  jwtValidUntilMs: number;
}

export type ReplayLookup = { kind: 'new' } | { kind: 'live'; issued: EphemeralToken } | { kind: 'revoked' };

/** Entries past their time are swept at most this often (each exchange also checks its own). */
const SWEEP_INTERVAL_MS = 1000;

export class ExchangeLedger {
  private readonly byKey = new Map<string, Exchanged>();
  private readonly keysByUser = new Map<string, Set<string>>();
  private nextSweepMs = Number.NEGATIVE_INFINITY;

  constructor(private readonly nowMs: () => number) {}

  /** What an earlier exchange of the same JWT left: its live token, a revocation, or nothing. */
  lookup(replayKey: string): ReplayLookup {
    this.sweepIfDue();
    const entry = this.byKey.get(replayKey);
    if (!entry) return { kind: 'new' };
    if (!this.isDone(entry, this.nowMs())) {
      return entry.issued ? { kind: 'live', issued: entry.issued } : { kind: 'revoked' };
    }
    this.forget(replayKey, entry);
    return { kind: 'new' };
  }

  /** How many tokens `user` holds now, and when the first of them expires. */
  liveTokens(user: string): { count: number; nextExpiryMs: number } {
    const now = this.nowMs();
    let count = 0;
    let nextExpiryMs = Number.POSITIVE_INFINITY;
    for (const key of this.keysByUser.get(user) ?? []) {
      const entry = this.byKey.get(key);
      if (!entry?.issued || entry.expiresAtMs <= now) continue;
      count++;
      nextExpiryMs = Math.min(nextExpiryMs, entry.expiresAtMs);
    }
    return { count, nextExpiryMs };
  }

  record(replayKey: string, issued: EphemeralToken, expiresAtMs: number, jwtValidUntilMs: number): void {
    const previous = this.byKey.get(replayKey);
    if (previous) this.forget(replayKey, previous);
    this.byKey.set(replayKey, { user: issued.user, issued, expiresAtMs, jwtValidUntilMs });
    let keys = this.keysByUser.get(issued.user);
    if (!keys) {
      keys = new Set();
      this.keysByUser.set(issued.user, keys);
    }
    keys.add(replayKey);
  }

  /** The store revoked `token`: forget its value, and refuse its JWT from now on. */
  revoked(replayKey: string, token: string): void {
    const entry = this.byKey.get(replayKey);
    // The key may by now belong to a later token of the same JWT; only that token's own revocation counts.
    if (entry?.issued?.token === token) entry.issued = undefined;
  }

  /** Entries held (live, or revoked and still refusing): for tests and bounds. */
  get size(): number {
    return this.byKey.size;
  }

  // A live token's entry ends at its expiry (a new exchange may then issue another); a revoked
  // one's at the end of its JWT's validity, so revoking never lets the same JWT in again.
  private isDone(entry: Exchanged, now: number): boolean {
    return now >= (entry.issued ? entry.expiresAtMs : entry.jwtValidUntilMs);
  }

  private sweepIfDue(): void {
    const now = this.nowMs();
    if (now < this.nextSweepMs) return;
    this.nextSweepMs = now + SWEEP_INTERVAL_MS;
    for (const [key, entry] of this.byKey) if (this.isDone(entry, now)) this.forget(key, entry);
  }

  private forget(replayKey: string, entry: Exchanged): void {
    this.byKey.delete(replayKey);
    const keys = this.keysByUser.get(entry.user);
    keys?.delete(replayKey);
    if (keys?.size === 0) this.keysByUser.delete(entry.user);
  }
}
