// Counts authentication failures per source IP in a sliding window and says when one IP
// reaches the threshold. Pure bookkeeping; AuditLog writes the alert.

const MAX_TRACKED_IPS = 10_000;

export class AuthFailureTracker {
  /** Failure times (ms) per IP, least recently failing IP first (Map keeps insertion order). */
  private readonly failures = new Map<string, number[]>();
  private readonly windowMs: number;

  constructor(private readonly opts: { threshold: number; windowSeconds: number; maxTrackedIps?: number }) {
    this.windowMs = opts.windowSeconds * 1000;
  }

  /** threshold or window ≤ 0 turns alerting off. */
  get enabled(): boolean {
    return this.opts.threshold > 0 && this.windowMs > 0;
  }

  get trackedIps(): number {
    return this.failures.size;
  }

  /**
   * Records one failure at `nowMs`. Returns the count when it completes the threshold; the
   * IP's window then starts over, so the next alert needs another full threshold.
   */
  recordFailure(sourceIp: string, nowMs: number): number | undefined {
    if (!this.enabled) return undefined;
    const cutoff = nowMs - this.windowMs;
    const recent = (this.failures.get(sourceIp) ?? []).filter((t) => t > cutoff);
    recent.push(nowMs);
    this.failures.delete(sourceIp);
    if (recent.length >= this.opts.threshold) return recent.length;
    this.failures.set(sourceIp, recent);
    // Spoofed or many distinct sources must not grow memory without bound.
    const cap = this.opts.maxTrackedIps ?? MAX_TRACKED_IPS;
    for (const ip of this.failures.keys()) {
      if (this.failures.size <= cap) break;
      this.failures.delete(ip);
    }
    return undefined;
  }
}
