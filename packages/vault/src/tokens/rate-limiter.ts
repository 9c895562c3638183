export interface RateLimit {
  /** Calls allowed per window. */
  max: number;
  windowSeconds: number;
}

// Bounds keep a typo (30000000/1s) from turning one user's call log into a memory sink.
const MAX_CALLS = 100_000;
const MAX_WINDOW_SECONDS = 86_400;

/** `30/60s` → { max: 30, windowSeconds: 60 }; the trailing `s` may be omitted. */
export function parseRateLimit(text: string): RateLimit | undefined {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*s?\s*$/.exec(text);
  if (!match) return undefined;
  const max = Number(match[1]);
  const windowSeconds = Number(match[2]);
  if (max < 1 || max > MAX_CALLS || windowSeconds < 1 || windowSeconds > MAX_WINDOW_SECONDS) return undefined;
  return { max, windowSeconds };
}

export function formatRateLimit({ max, windowSeconds }: RateLimit): string {
  return `${max}/${windowSeconds}s`;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Sliding-window log per key: a call is allowed when fewer than `max` allowed calls happened
 * in the last `windowSeconds`. Denied calls are not recorded, so hammering does not extend
 * the wait.
 */
export class SlidingWindowRateLimiter {
  private readonly calls = new Map<string, number[]>();

  constructor(private readonly nowMs: () => number = Date.now) {}

  tryAcquire(key: string, limit: RateLimit): RateDecision {
    const now = this.nowMs();
    const windowMs = limit.windowSeconds * 1000;
    let log = this.calls.get(key);
    if (!log) {
      log = [];
      this.calls.set(key, log);
    }
    // Calls exactly one window old have left it.
    const cutoff = now - windowMs;
    let expired = 0;
    while (expired < log.length && (log[expired] as number) <= cutoff) expired++;
    if (expired > 0) log.splice(0, expired);

    if (log.length >= limit.max) {
      // The call that frees a slot is the one `max` places from the end of the log.
      const freeing = log[log.length - limit.max] as number;
      const retryAfterSeconds = Math.max(1, Math.ceil((freeing + windowMs - now) / 1000));
      return { allowed: false, retryAfterSeconds };
    }
    log.push(now);
    return { allowed: true };
  }

  /** Drops a key's history (revoked or rotated-away user). */
  forget(key: string): void {
    this.calls.delete(key);
  }
}
