import { timingSafeEqual } from 'node:crypto';
import { invalidArgument, permissionDenied, rateLimited, unauthenticated } from '../errors.js';
import { isExpired } from './expiry.js';
import { type RateLimit, SlidingWindowRateLimiter } from './rate-limiter.js';
import type { RoleView, Scope } from './roles.js';
import { sha256, type TokenStoreState } from './token-store-state.js';

/**
 * The request path: who a token belongs to, whether its role may call a method, and whether
 * the user is within the role's rate limit. The store never logs or echoes a token value.
 */
export class RequestAuthorisation {
  private readonly limiter: SlidingWindowRateLimiter;

  constructor(private readonly state: TokenStoreState) {
    this.limiter = new SlidingWindowRateLimiter(() => state.nowMs());
  }

  /** Authenticates `token` and checks `scope` and the user's rate limit, in that order. */
  authorize(token: string, scope: Scope): { user: string; role: RoleView } {
    const digest = sha256(typeof token === 'string' ? token : '');
    const { user, role: roleName } = this.authenticate(digest);
    const role = this.state.roles.get(roleName);
    if (!role?.scope.includes(scope)) {
      throw permissionDenied(`Method '${scope}' not permitted for role '${roleName}'`);
    }
    const decision = this.limiter.tryAcquire(user, this.state.limits.get(roleName) as RateLimit);
    if (!decision.allowed) throw rateLimited(decision.retryAfterSeconds);
    return { user, role };
  }

  checkTopK(role: RoleView, topK: number): void {
    if (topK > role.top_k)
      throw invalidArgument(`top_k ${topK} exceeds limit ${role.top_k} for role '${role.name}'`);
  }

  /** Issued tokens not yet expired plus live exchanged ones. */
  activeTokenCount(): number {
    const today = this.state.today();
    let count = 0;
    for (const { record } of this.state.byUser.values()) if (!isExpired(record.expires, today)) count++;
    this.state.purgeExpiredExchanged();
    return count + this.state.exchanged.size;
  }

  /** A revoked user starts afresh if issued a token again. */
  forget(user: string): void {
    this.limiter.forget(user);
  }

  /** Who `digest` belongs to; throws unauthenticated for an unknown or expired token. */
  private authenticate(digest: Buffer): { user: string; role: string } {
    const key = digest.toString('hex');
    const entry = this.state.byDigest.get(key);
    if (entry && timingSafeEqual(entry.digest, digest)) {
      const { user, role, expires } = entry.record;
      if (isExpired(expires, this.state.today())) throw unauthenticated(`Token expired for user '${user}'`);
      return { user, role };
    }
    const exchanged = this.state.exchanged.get(key);
    if (exchanged && timingSafeEqual(exchanged.digest, digest)) {
      if (exchanged.expiresAtMs <= this.state.nowMs()) {
        this.state.exchanged.delete(key);
        throw unauthenticated(`Token expired for user '${exchanged.user}'`);
      }
      return { user: exchanged.user, role: exchanged.role };
    }
    throw unauthenticated('Invalid authentication token');
  }
}
