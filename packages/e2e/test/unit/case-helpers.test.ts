import { describe, expect, it } from 'vitest';
import { CaseFailure, caseLabel } from '../../src/cases/case.js';
import { parseAlertLines, parseAuditLines, summarize, unknownToken } from '../../src/cases/case-helpers.js';
import { expectedTopK } from '../../src/cases/decrypt.js';
import { ALL_CASES } from '../../src/cases/index.js';

describe('case building blocks', () => {
  it('CaseFailure reads "expected …, got …"', () => {
    expect(new CaseFailure('SERVING', 'NOT_SERVING').message).toBe('expected SERVING, got NOT_SERVING');
    expect(new CaseFailure('200', '503', 'GET /health').message).toBe('expected 200, got 503 (GET /health)');
  });

  it('parses audit lines with or without a log prefix, skipping the rest', () => {
    const line =
      '{"timestamp":"2026-03-20T10:00:00.000Z","user_id":"u","method":"GetPublicKey","status":"success","source_ip":"127.0.0.1"}';
    const logs = [
      line,
      `2026-03-20T10:00:00.123456789Z ${line}`,
      '2026-03-20T10:00:00Z INFO runevault: serving gRPC',
      '{"timestamp": broken',
      '',
    ].join('\n');
    expect(parseAuditLines(logs)).toHaveLength(2);
    expect(parseAuditLines(logs)[1]?.method).toBe('GetPublicKey');
  });

  it('parses AUDIT_ALERT lines of one kind', () => {
    const logs = [
      'AUDIT_ALERT {"alert":"auth_failure_threshold","source_ip":"1.2.3.4","count":5}',
      'x AUDIT_ALERT {"alert":"other"}',
      'mentions AUDIT_ALERT only',
    ].join('\n');
    expect(parseAlertLines(logs, 'auth_failure_threshold')).toEqual([
      { alert: 'auth_failure_threshold', source_ip: '1.2.3.4', count: 5 },
    ]);
  });

  it('orders expected scores by score, then shard and row', () => {
    const top = expectedTopK(
      [
        { shardIdx: 2, scores: [0.5, 0.9] },
        { shardIdx: 1, scores: [0.5, 0.1] },
      ],
      3,
    );
    expect(top.map((r) => [r.shard_idx, r.row_idx])).toEqual([
      [2, 1],
      [1, 0],
      [2, 0],
    ]);
  });

  it('unknown tokens have the issued shape', () => {
    expect(unknownToken()).toMatch(/^evt_[0-9a-f]{32}$/);
    expect(unknownToken()).not.toBe(unknownToken());
  });

  it('summarize keeps text on one line and shortens long values', () => {
    expect(summarize('a\nb')).toBe('a\\nb');
    expect(summarize({ k: 1 })).toBe('{"k":1}');
    expect(summarize('x'.repeat(200), 10)).toBe('xxxxxxxxxx… (200 chars)');
  });

  it('the registry holds cases 1–17 in order with unique names', () => {
    expect(ALL_CASES.map((c) => c.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17]);
    expect(new Set(ALL_CASES.map((c) => c.name)).size).toBe(ALL_CASES.length);
    expect(ALL_CASES.filter((c) => c.exclusive).map(caseLabel)).toEqual([
      '08-audit-alert',
      '13-rate-limit',
      '15-oidc-exchange',
      '17-hostile-input',
    ]);
    expect(ALL_CASES.find((c) => c.id === 15)?.needs).toEqual(['oidc']);
    expect(ALL_CASES.find((c) => c.id === 16)?.needs).toEqual(['tls']);
  });
});
