import type { RequestStatus } from '../metrics/vault-metrics.js';

/** What the RPC layer knows about one call; AuditLog adds the timestamp. */
export interface AuditEntry {
  /** UNKNOWN_USER_ID when the caller could not be identified. */
  user_id: string;
  /** The RPC name (GetPublicKey, DecryptScores, DecryptMetadata, ExchangeToken). */
  method: string;
  top_k: number | null;
  result_count: number;
  status: RequestStatus;
  source_ip: string;
  /** Rounded to 2 decimals when written. */
  latency_ms: number;
  error?: string;
}

/**
 * user_id of a call whose token matched no user. "" rather than "anonymous": it can never
 * collide with a real user name, and `select(.user_id == "")` finds every such line.
 */
export const UNKNOWN_USER_ID = '';

/** One audit line (no newline). Keys are listed one by one because their order is the format. */
export function formatAuditLine(entry: AuditEntry, at: Date): string {
  const line: Record<string, string | number | null> = {
    timestamp: at.toISOString(),
    user_id: entry.user_id ?? UNKNOWN_USER_ID,
    method: entry.method,
    top_k: entry.top_k ?? null,
    result_count: entry.result_count,
    status: entry.status,
    source_ip: entry.source_ip,
    latency_ms: roundLatency(entry.latency_ms),
  };
  if (entry.error !== undefined) line.error = entry.error;
  return jsonLine(line);
}

// JSON.stringify escapes C0 controls but leaves U+0085, U+2028 and U+2029 raw, and line
// readers split on them (Python's str.splitlines, JavaScript line terminators, some log
// shippers). Outside strings JSON has none of them, so escaping every one is still valid JSON
// that parses back to the same value.
const LINE_BREAKS_JSON_KEEPS = /[\u0085\u2028\u2029]/g;

/** JSON text that is exactly one line for any line reader. */
function jsonLine(value: unknown): string {
  return JSON.stringify(value).replace(
    LINE_BREAKS_JSON_KEEPS,
    (char) => `\\u${(char.codePointAt(0) as number).toString(16).padStart(4, '0')}`,
  );
}

const AUTH_FAILURE_ALERT = 'auth_failure_threshold';

/** The alert line written when one source IP reaches the auth failure threshold. */
export function formatAuthFailureAlert(alert: {
  sourceIp: string;
  count: number;
  windowSeconds: number;
  at: Date;
}): string {
  const body = {
    alert: AUTH_FAILURE_ALERT,
    source_ip: alert.sourceIp,
    count: alert.count,
    window_seconds: alert.windowSeconds,
    timestamp: alert.at.toISOString(),
  };
  return `AUDIT_ALERT ${jsonLine(body)}`;
}

// A NaN would serialise as null and break consumers that expect a number.
function roundLatency(ms: number): number {
  return Number.isFinite(ms) && ms > 0 ? Math.round(ms * 100) / 100 : 0;
}
