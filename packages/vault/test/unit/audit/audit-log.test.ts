import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../src/audit/audit-entry.js';
import { AuditLog, AuditWriteError } from '../../../src/audit/audit-log.js';
import type { AuditMode } from '../../../src/config/types.js';
import { createVaultMetrics } from '../../../src/metrics/vault-metrics.js';
import { SecretRedactor } from '../../../src/redact.js';

const ENTRY: AuditEntry = {
  user_id: 'alice',
  method: 'GetPublicKey',
  top_k: null,
  result_count: 1,
  status: 'success',
  source_ip: '127.0.0.1',
  latency_ms: 1.5,
};
const ALERT = { authFailureThreshold: 5, windowSeconds: 60 };
const DAY_MS = 24 * 3600 * 1000;

let dir: string;
const logs: AuditLog[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'audit-log-'));
});
afterEach(() => {
  for (const log of logs.splice(0)) log.close();
  rmSync(dir, { recursive: true, force: true });
});

function makeLog(mode: AuditMode, extra: { path?: string; now?: () => Date } = {}) {
  const lines: string[] = [];
  const metrics = createVaultMetrics();
  const log = new AuditLog({
    mode,
    path: extra.path ?? join(dir, 'logs', 'audit.log'),
    alert: ALERT,
    stdout: { write: (s: string) => lines.push(s) },
    metrics,
    ...(extra.now ? { now: extra.now } : {}),
  });
  logs.push(log);
  return { log, lines, metrics };
}

function fileLines(path: string): string[] {
  return readFileSync(path, 'utf8').split('\n').filter(Boolean);
}

async function counterValue(metrics: ReturnType<typeof createVaultMetrics>, name: string): Promise<number> {
  const metric = await metrics.registry.getSingleMetric(name)?.get();
  return metric?.values[0]?.value ?? Number.NaN;
}

describe('AuditLog sinks by mode', () => {
  it('"" writes nowhere and creates no file', () => {
    const { log, lines } = makeLog('');
    log.record(ENTRY);
    expect(lines).toEqual([]);
    expect(existsSync(join(dir, 'logs'))).toBe(false);
  });

  it('stdout writes one newline-terminated JSON line per record', () => {
    const { log, lines } = makeLog('stdout');
    log.record(ENTRY);
    log.record({ ...ENTRY, status: 'denied', error: 'Invalid authentication token' });
    expect(lines).toHaveLength(2);
    expect(lines.every((l) => l.endsWith('}\n') && l.indexOf('\n') === l.length - 1)).toBe(true);
    expect(JSON.parse(lines[1] ?? '')).toMatchObject({
      status: 'denied',
      error: 'Invalid authentication token',
    });
    expect(existsSync(join(dir, 'logs'))).toBe(false);
  });

  it('file appends synchronously into a 0700 directory and a 0600 file', () => {
    const { log, lines } = makeLog('file');
    const path = join(dir, 'logs', 'audit.log');
    log.record(ENTRY);
    // Readable right after record() returns: nothing is buffered.
    expect(fileLines(path)).toHaveLength(1);
    log.record(ENTRY);
    expect(fileLines(path)).toHaveLength(2);
    expect(JSON.parse(fileLines(path)[0] ?? '')).toMatchObject({ user_id: 'alice', method: 'GetPublicKey' });
    expect(statSync(join(dir, 'logs')).mode & 0o777).toBe(0o700);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(lines).toEqual([]);
  });

  it('file+stdout writes the same line to both', () => {
    const { log, lines } = makeLog('file+stdout');
    log.record(ENTRY);
    expect(fileLines(join(dir, 'logs', 'audit.log'))).toEqual([lines[0]?.trimEnd()]);
  });

  it('redacts secrets in the error field when given a redactor', () => {
    const redactor = new SecretRedactor();
    const token = 'evt_0123456789abcdef0123456789abcdef';
    redactor.add(token);
    const lines: string[] = [];
    const log = new AuditLog({
      mode: 'stdout',
      path: '',
      alert: ALERT,
      stdout: { write: (s) => lines.push(s) },
      redactor,
    });
    log.record({ ...ENTRY, status: 'error', error: `bad token ${token}` });
    expect(lines[0]).not.toContain(token);
    expect(JSON.parse(lines[0] ?? '').error).toBe('bad token [REDACTED]');
  });
});

describe('AuditLog file rotation', () => {
  it('rotates on each new UTC day: 3 days → 2 rotated files + current', () => {
    let now = new Date('2026-03-01T23:59:59.000Z');
    const { log } = makeLog('file', { now: () => now });
    log.record(ENTRY);
    now = new Date('2026-03-02T00:00:00.500Z');
    log.record(ENTRY);
    log.record(ENTRY);
    now = new Date('2026-03-03T12:00:00.000Z');
    log.record(ENTRY);
    const logsDir = join(dir, 'logs');
    expect(readdirSync(logsDir).sort()).toEqual([
      'audit.log',
      'audit.log.2026-03-01',
      'audit.log.2026-03-02',
    ]);
    expect(fileLines(join(logsDir, 'audit.log.2026-03-01'))).toHaveLength(1);
    expect(fileLines(join(logsDir, 'audit.log.2026-03-02'))).toHaveLength(2);
    expect(JSON.parse(fileLines(join(logsDir, 'audit.log'))[0] ?? '').timestamp).toBe(
      '2026-03-03T12:00:00.000Z',
    );
    expect(statSync(join(logsDir, 'audit.log')).mode & 0o777).toBe(0o600);
  });

  it('keeps only the newest 30 rotated files: 32 days → 30 rotated + current', () => {
    const start = Date.parse('2026-01-01T10:00:00.000Z');
    let now = new Date(start);
    const { log } = makeLog('file', { now: () => now });
    for (let day = 0; day < 32; day++) {
      now = new Date(start + day * DAY_MS);
      log.record(ENTRY);
    }
    const expected = ['audit.log'];
    for (let day = 2; day <= 31; day++) expected.push(`audit.log.2026-01-${String(day).padStart(2, '0')}`);
    expect(readdirSync(join(dir, 'logs')).sort()).toEqual(expected);
  });

  it('after a restart rotates a file last written on an earlier day', () => {
    const logsDir = join(dir, 'logs');
    mkdirSync(logsDir, { recursive: true });
    const path = join(logsDir, 'audit.log');
    writeFileSync(path, '{"old":true}\n', { mode: 0o600 });
    const yesterday = new Date(Date.now() - DAY_MS);
    utimesSync(path, yesterday, yesterday);
    const { log } = makeLog('file');
    log.record(ENTRY);
    const rotated = `audit.log.${yesterday.toISOString().slice(0, 10)}`;
    expect(readdirSync(logsDir).sort()).toEqual(['audit.log', rotated]);
    expect(readFileSync(join(logsDir, rotated), 'utf8')).toBe('{"old":true}\n');
  });

  it('never overwrites a rotated file when the clock revisits a day', () => {
    let now = new Date('2026-03-02T10:00:00.000Z');
    const { log } = makeLog('file', { now: () => now });
    log.record(ENTRY);
    now = new Date('2026-03-03T10:00:00.000Z');
    log.record(ENTRY);
    now = new Date('2026-03-02T11:00:00.000Z'); // clock stepped back
    log.record(ENTRY);
    now = new Date('2026-03-03T11:00:00.000Z');
    log.record(ENTRY);
    expect(readdirSync(join(dir, 'logs')).sort()).toEqual([
      'audit.log',
      'audit.log.2026-03-02',
      'audit.log.2026-03-02.1',
      'audit.log.2026-03-03',
    ]);
  });
});

describe('AuditLog fails closed', () => {
  it('throws AuditWriteError and counts it when the path is a directory', async () => {
    const path = join(dir, 'is-a-dir');
    mkdirSync(path);
    const { log, metrics } = makeLog('file', { path });
    expect(() => log.record(ENTRY)).toThrow(AuditWriteError);
    expect(() => log.record(ENTRY)).toThrow(/audit write failed \(file .*is-a-dir: EISDIR/);
    expect(await counterValue(metrics, 'vault_audit_write_failures_total')).toBe(2);
  });

  it('throws when the parent directory cannot be created', async () => {
    const blocker = join(dir, 'plain-file');
    writeFileSync(blocker, '');
    const { log, metrics } = makeLog('file', { path: join(blocker, 'logs', 'audit.log') });
    expect(() => log.record(ENTRY)).toThrow(AuditWriteError);
    expect(await counterValue(metrics, 'vault_audit_write_failures_total')).toBe(1);
  });

  it('with file+stdout, still writes stdout but fails the record', () => {
    const path = join(dir, 'is-a-dir');
    mkdirSync(path);
    const { log, lines } = makeLog('file+stdout', { path });
    expect(() => log.record(ENTRY)).toThrow(AuditWriteError);
    expect(lines).toHaveLength(1);
  });

  it('throws when stdout throws or is closed', () => {
    const broken = new AuditLog({
      mode: 'stdout',
      path: '',
      alert: ALERT,
      stdout: {
        write: () => {
          throw new Error('EPIPE');
        },
      },
    });
    expect(() => broken.record(ENTRY)).toThrow(/stdout: EPIPE/);
    const closed = new AuditLog({
      mode: 'stdout',
      path: '',
      alert: ALERT,
      stdout: { write: () => true, writable: false },
    });
    expect(() => closed.record(ENTRY)).toThrow(AuditWriteError);
  });

  it('recovers once the file becomes writable again', () => {
    const path = join(dir, 'later', 'audit.log');
    mkdirSync(path, { recursive: true }); // a directory squats on the file name
    const { log } = makeLog('file', { path });
    expect(() => log.record(ENTRY)).toThrow(AuditWriteError);
    rmSync(path, { recursive: true });
    log.record(ENTRY);
    expect(fileLines(path)).toHaveLength(1);
  });

  it('refuses records after close()', () => {
    const { log } = makeLog('stdout');
    log.close();
    expect(() => log.record(ENTRY)).toThrow(/audit log is closed/);
  });
});
