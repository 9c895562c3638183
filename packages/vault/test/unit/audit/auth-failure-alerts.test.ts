import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AuditLog, AuditWriteError } from '../../../src/audit/audit-log.js';
import { AuthFailureTracker } from '../../../src/audit/auth-failure-alerts.js';
import { createVaultMetrics } from '../../../src/metrics/vault-metrics.js';

const START = Date.parse('2026-03-20T12:00:00.000Z');
const TOKEN = 'evt_deadbeefdeadbeefdeadbeefdeadbeef';
const dirs: string[] = [];

afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function makeLog(threshold = 5, windowSeconds = 60) {
  let nowMs = START;
  const lines: string[] = [];
  const metrics = createVaultMetrics();
  const dir = mkdtempSync(join(tmpdir(), 'audit-alert-'));
  dirs.push(dir);
  const path = join(dir, 'audit.log');
  const log = new AuditLog({
    mode: 'file+stdout',
    path,
    alert: { authFailureThreshold: threshold, windowSeconds },
    now: () => new Date(nowMs),
    stdout: { write: (s: string) => lines.push(s) },
    metrics,
  });
  const alerts = () => lines.filter((l) => l.startsWith('AUDIT_ALERT '));
  const alertCount = async () =>
    (await metrics.registry.getSingleMetric('vault_audit_alerts_total')?.get())?.values[0]?.value;
  return {
    log,
    path,
    alerts,
    alertCount,
    advance: (seconds: number) => {
      nowMs += seconds * 1000;
    },
    close: () => log.close(),
  };
}

describe('auth failure alerts', () => {
  it('alerts once after exactly N failures within the window, to every sink', async () => {
    const t = makeLog(5, 60);
    for (let i = 0; i < 4; i++) {
      t.log.recordAuthFailure('198.51.100.4');
      t.advance(10);
    }
    expect(t.alerts()).toEqual([]);
    t.log.recordAuthFailure('198.51.100.4');
    expect(t.alerts()).toEqual([
      'AUDIT_ALERT {"alert":"auth_failure_threshold","source_ip":"198.51.100.4","count":5,"window_seconds":60,"timestamp":"2026-03-20T12:00:40.000Z"}\n',
    ]);
    expect(readFileSync(t.path, 'utf8')).toBe(t.alerts()[0]);
    expect(await t.alertCount()).toBe(1);
    t.close();
  });

  it('resets the window after an alert: the next alert needs another full N', async () => {
    const t = makeLog(3, 60);
    for (let i = 0; i < 3; i++) t.log.recordAuthFailure('203.0.113.9');
    expect(t.alerts()).toHaveLength(1);
    t.log.recordAuthFailure('203.0.113.9');
    t.log.recordAuthFailure('203.0.113.9');
    expect(t.alerts()).toHaveLength(1);
    t.log.recordAuthFailure('203.0.113.9');
    expect(t.alerts()).toHaveLength(2);
    expect(await t.alertCount()).toBe(2);
    t.close();
  });

  it('does not alert when the failures are spread beyond the window', async () => {
    const t = makeLog(5, 60);
    for (let i = 0; i < 20; i++) {
      t.log.recordAuthFailure('198.51.100.4');
      t.advance(15); // at most 4 failures in any 60 s
    }
    expect(t.alerts()).toEqual([]);
    expect(await t.alertCount()).toBe(0);
    t.close();
  });

  it('counts each source IP separately', () => {
    const t = makeLog(3, 60);
    for (const ip of ['10.0.0.1', '10.0.0.2', '10.0.0.1', '10.0.0.2']) t.log.recordAuthFailure(ip);
    expect(t.alerts()).toEqual([]);
    t.log.recordAuthFailure('10.0.0.2');
    expect(t.alerts()).toHaveLength(1);
    expect(t.alerts()[0]).toContain('"source_ip":"10.0.0.2"');
    t.close();
  });

  it('alert lines carry only alert, source_ip, count, window_seconds and timestamp — no token', () => {
    const t = makeLog(2, 60);
    // The RPC layer logs the denied call with the token-free error text, then the failure.
    for (let i = 0; i < 2; i++) {
      t.log.record({
        user_id: '',
        method: 'GetPublicKey',
        top_k: null,
        result_count: 0,
        status: 'denied',
        source_ip: '192.0.2.50',
        latency_ms: 0.2,
        error: 'Invalid authentication token',
      });
      t.log.recordAuthFailure('192.0.2.50');
    }
    const [alert] = t.alerts();
    expect(alert).toBeDefined();
    expect(Object.keys(JSON.parse(alert?.slice('AUDIT_ALERT '.length) ?? '{}'))).toEqual([
      'alert',
      'source_ip',
      'count',
      'window_seconds',
      'timestamp',
    ]);
    expect(readFileSync(t.path, 'utf8')).not.toContain(TOKEN);
    expect(alert).not.toMatch(/evt_|token/i);
    t.close();
  });

  it('fails closed when the alert cannot be written', () => {
    const broken = new AuditLog({
      mode: 'stdout',
      path: '',
      alert: { authFailureThreshold: 1, windowSeconds: 60 },
      stdout: {
        write: () => {
          throw new Error('EPIPE');
        },
      },
    });
    expect(() => broken.recordAuthFailure('192.0.2.1')).toThrow(AuditWriteError);
  });
});

describe('AuthFailureTracker', () => {
  it('keeps at most maxTrackedIps, evicting the least recently failing IP', () => {
    const tracker = new AuthFailureTracker({ threshold: 2, windowSeconds: 60, maxTrackedIps: 3 });
    for (const ip of ['a', 'b', 'c', 'd']) expect(tracker.recordFailure(ip, START)).toBeUndefined();
    expect(tracker.trackedIps).toBe(3);
    // 'a' was evicted: its next failure starts over instead of reaching 2.
    expect(tracker.recordFailure('a', START)).toBeUndefined();
    // 'c' and 'd' are still tracked.
    expect(tracker.recordFailure('d', START)).toBe(2);
  });

  it('counts failures strictly inside the window', () => {
    const tracker = new AuthFailureTracker({ threshold: 2, windowSeconds: 60 });
    tracker.recordFailure('ip', START);
    expect(tracker.recordFailure('ip', START + 60_000)).toBeUndefined();
    expect(tracker.recordFailure('ip', START + 119_999)).toBe(2);
  });

  it('is off when the threshold or window is 0', () => {
    for (const opts of [
      { threshold: 0, windowSeconds: 60 },
      { threshold: 3, windowSeconds: 0 },
    ]) {
      const tracker = new AuthFailureTracker(opts);
      for (let i = 0; i < 10; i++) expect(tracker.recordFailure('ip', START)).toBeUndefined();
      expect(tracker.trackedIps).toBe(0);
    }
  });
});
