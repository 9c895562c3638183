// Audit and log lines stay one line for every line reader: JSON.stringify leaves U+2028,
// U+2029 and U+0085 raw (Python's splitlines and JavaScript line terminators split on them),
// so the writers escape them; operator log lines escape controls and format characters too.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type AuditEntry, formatAuditLine, formatAuthFailureAlert } from '../../../src/audit/audit-entry.js';
import { AuditLog } from '../../../src/audit/audit-log.js';
import { createLogger } from '../../../src/log/logger.js';

// Every line break some reader honours (Python's str.splitlines is the widest).
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are the point
const ANY_LINE_BREAK = /\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/;
const NASTY = 'a\u2028b\u2029c\u0085d\ne\rf\u000bg';
const AT = new Date('2026-03-20T12:00:00Z');
const ENTRY: AuditEntry = {
  user_id: 'alice',
  method: 'DecryptScores',
  top_k: 5,
  result_count: 0,
  status: 'error',
  source_ip: '127.0.0.1',
  latency_ms: 2,
  error: `Token exchange rejected: ${NASTY}`,
};

describe('audit lines', () => {
  it('keep a caller text with U+2028/U+2029/U+0085 on one line and parse back to it', () => {
    const line = formatAuditLine({ ...ENTRY, source_ip: `::1${NASTY}` }, AT);
    expect(line.split('\n')).toHaveLength(1);
    expect(line.split(ANY_LINE_BREAK)).toHaveLength(1);
    expect(line).toContain('a\\u2028b\\u2029c\\u0085d\\ne');
    const parsed = JSON.parse(line);
    expect(parsed.error).toBe(ENTRY.error);
    expect(parsed.source_ip).toBe(`::1${NASTY}`);
  });

  it('keep the AUDIT_ALERT line whole as well', () => {
    const line = formatAuthFailureAlert({
      sourceIp: `10.0.0.1${NASTY}`,
      count: 5,
      windowSeconds: 60,
      at: AT,
    });
    expect(line.split(ANY_LINE_BREAK)).toHaveLength(1);
    expect(JSON.parse(line.slice('AUDIT_ALERT '.length)).source_ip).toBe(`10.0.0.1${NASTY}`);
  });

  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('reach the file and stdout sinks as one line each', () => {
    const dir = mkdtempSync(join(tmpdir(), 'audit-breaks-'));
    dirs.push(dir);
    const printed: string[] = [];
    const log = new AuditLog({
      mode: 'file+stdout',
      path: join(dir, 'audit.log'),
      alert: { authFailureThreshold: 2, windowSeconds: 60 },
      now: () => AT,
      stdout: { write: (s: string) => printed.push(s) },
    });
    log.record(ENTRY);
    log.recordAuthFailure(`1.2.3.4${NASTY}`);
    log.recordAuthFailure(`1.2.3.4${NASTY}`);
    log.close();
    const written = readFileSync(join(dir, 'audit.log'), 'utf8');
    for (const text of [written, printed.join('')]) {
      const lines = text.split(ANY_LINE_BREAK);
      expect(lines).toHaveLength(3);
      expect(lines[2]).toBe('');
      expect(lines[1]).toMatch(/^AUDIT_ALERT \{/);
    }
  });
});

describe('operator log lines', () => {
  it('escape controls, format characters and line separators in a message', () => {
    const lines: string[] = [];
    const logger = createLogger({ write: (line) => lines.push(line), now: () => AT });
    logger.warn(`admin DELETE /tokens/x: ${NASTY}\u202E\u{E0001}`);
    expect(lines).toEqual([
      '2026-03-20T12:00:00.000Z WARN runevault: admin DELETE /tokens/x: a\\u2028b\\u2029c\\u0085d\\u000ae\\u000df\\u000bg\\u202e\\u{e0001}\n',
    ]);
  });

  it('leave ordinary text, non-ASCII letters included, as it is', () => {
    const lines: string[] = [];
    createLogger({ write: (line) => lines.push(line), now: () => AT }).info(
      'admin GET /tokens → 200 (José, 张伟)',
    );
    expect(lines).toEqual([
      '2026-03-20T12:00:00.000Z INFO runevault: admin GET /tokens → 200 (José, 张伟)\n',
    ]);
  });
});
