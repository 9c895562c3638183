import { describe, expect, it } from 'vitest';
import {
  type AuditEntry,
  formatAuditLine,
  formatAuthFailureAlert,
  UNKNOWN_USER_ID,
} from '../../../src/audit/audit-entry.js';

const AT = new Date('2026-03-20T08:09:10.123Z');
const ENTRY: AuditEntry = {
  user_id: 'alice',
  method: 'DecryptScores',
  top_k: 10,
  result_count: 10,
  status: 'success',
  source_ip: '10.0.0.7',
  latency_ms: 12.3456,
};

// Key order read from the raw text, since JSON.parse would hide a reordering.
function keysInOrder(line: string): string[] {
  return [...line.matchAll(/"([a-z_]+)":/g)].map((m) => m[1] ?? '');
}

describe('formatAuditLine', () => {
  it('writes the fields in the documented order, without error when there is none', () => {
    const line = formatAuditLine(ENTRY, AT);
    expect(keysInOrder(line)).toEqual([
      'timestamp',
      'user_id',
      'method',
      'top_k',
      'result_count',
      'status',
      'source_ip',
      'latency_ms',
    ]);
    expect(line).toBe(
      '{"timestamp":"2026-03-20T08:09:10.123Z","user_id":"alice","method":"DecryptScores","top_k":10,"result_count":10,"status":"success","source_ip":"10.0.0.7","latency_ms":12.35}',
    );
  });

  it('puts error last when present, keeps top_k null and the unknown user as ""', () => {
    const line = formatAuditLine(
      {
        ...ENTRY,
        user_id: UNKNOWN_USER_ID,
        top_k: null,
        status: 'denied',
        error: 'Invalid authentication token',
      },
      AT,
    );
    expect(keysInOrder(line).at(-1)).toBe('error');
    expect(JSON.parse(line)).toMatchObject({
      user_id: '',
      top_k: null,
      error: 'Invalid authentication token',
    });
  });

  it('is always one line, even when the error holds newlines', () => {
    const line = formatAuditLine({ ...ENTRY, status: 'error', error: 'first\nsecond' }, AT);
    expect(line).not.toContain('\n');
    expect(JSON.parse(line).error).toBe('first\nsecond');
  });

  it.each([
    [0.004, 0],
    [0.005, 0.01],
    [1.239, 1.24],
    [Number.NaN, 0],
    [-3, 0],
  ])('rounds latency %d ms to %d', (input, expected) => {
    expect(JSON.parse(formatAuditLine({ ...ENTRY, latency_ms: input }, AT)).latency_ms).toBe(expected);
  });
});

describe('formatAuthFailureAlert', () => {
  it('prefixes AUDIT_ALERT and orders alert, source_ip, count, window_seconds, timestamp', () => {
    const line = formatAuthFailureAlert({ sourceIp: '192.0.2.1', count: 5, windowSeconds: 60, at: AT });
    expect(line).toBe(
      'AUDIT_ALERT {"alert":"auth_failure_threshold","source_ip":"192.0.2.1","count":5,"window_seconds":60,"timestamp":"2026-03-20T08:09:10.123Z"}',
    );
  });
});
