// The Markdown summary with flaky and quarantined cases, and under GitHub's 1 MiB step-summary
// limit: whole rows and excerpts are left out, never half a character or half a row.
import { describe, expect, it } from 'vitest';
import { cutHead, cutTail, utf8Bytes } from '../../src/reporters/byte-budget.js';
import {
  CELL_MAX_BYTES,
  formatMarkdownSummary,
  STEP_SUMMARY_LIMIT_BYTES,
  SUMMARY_BUDGET_BYTES,
} from '../../src/reporters/markdown-reporter.js';
import type { CaseResult } from '../../src/runner.js';
import { suiteOf } from '../support/suite-fixtures.js';

const FLAKY: CaseResult = {
  id: 5,
  name: 'public-key',
  status: 'passed',
  durationMs: 90,
  attempts: 2,
  failedAttempts: [{ message: 'expected OK, got UNAVAILABLE: [link](http://x)', durationMs: 40 }],
};
const QUARANTINED: CaseResult = {
  id: 7,
  name: 'audit-log',
  status: 'failed',
  durationMs: 10,
  message: 'expected a line, got none',
  quarantine: 'shipper lags, #41',
};

describe('formatMarkdownSummary with retries and quarantine', () => {
  it('marks flaky and quarantined rows, lists every quarantined case and each flaky attempt', () => {
    const md = formatMarkdownSummary(
      suiteOf(
        [
          FLAKY,
          QUARANTINED,
          { id: 8, name: 'audit-alert', status: 'passed', durationMs: 3, quarantine: 'same' },
        ],
        {
          passed: 2,
          failed: 0,
          flaky: 1,
          quarantinedFailed: 1,
        },
      ),
    );
    expect(md).toBe(
      [
        '### runevault e2e',
        '',
        '| | case | ms | detail |',
        '|---|---|---:|---|',
        '| ⚠️ | 05-public-key | 90 | flaky: passed on attempt 2 of 2 |',
        '| 🚧 | 07-audit-log | 10 | quarantined (shipper lags, #41): expected a line, got none |',
        '| ✅ | 08-audit-alert | 3 | quarantined (same) |',
        '',
        '**2 passed, 0 failed, 0 skipped, 1 flaky, 1 quarantined failure in 1.2 s**',
        '',
        '#### Quarantined cases',
        '',
        '| case | reason | result |',
        '|---|---|---|',
        '| 07-audit-log | shipper lags, #41 | ❌ failed: expected a line, got none |',
        '| 08-audit-alert | same | ✅ passed |',
        '',
        '#### Flaky cases',
        '',
        '| case | attempt | failure |',
        '|---|---:|---|',
        '| 05-public-key | 1 | expected OK, got UNAVAILABLE: \\[link\\](http://x) |',
        '',
      ].join('\n'),
    );
  });

  it('caps one message in its cell', () => {
    const md = formatMarkdownSummary(
      suiteOf([{ ...QUARANTINED, quarantine: undefined, message: 'é'.repeat(10_000) }]),
    );
    const row = md.split('\n').find((l) => l.startsWith('| ❌')) ?? '';
    expect(utf8Bytes(row)).toBeLessThan(CELL_MAX_BYTES + 100);
    expect(row).toMatch(/é… \(\d+ more bytes\) \|$/);
    expect(row).not.toContain('\ufffd');
  });
});

describe('the byte budget', () => {
  // Multi-byte text everywhere: a cut in the middle of a character would show as U+FFFD.
  const excerpt = Array.from({ length: 40 }, (_, i) => `line ${i} ${'日本語🔐'.repeat(400)}`).join('\n');
  const many = Array.from(
    { length: 30 },
    (_, i): CaseResult => ({
      id: i + 1,
      name: `case-${i + 1}`,
      status: i % 3 === 0 ? 'passed' : 'failed',
      durationMs: i,
      message: `failed ${'ü'.repeat(50)}`,
      logExcerpt: excerpt,
    }),
  );

  it('leaves out whole log excerpts and rows, logs first, and says what it cut', () => {
    const budget = 60_000;
    const md = formatMarkdownSummary(suiteOf(many), { budgetBytes: budget });
    expect(utf8Bytes(md)).toBeLessThanOrEqual(budget);
    expect(md).not.toContain('\ufffd');
    // Every failed case keeps its row; passing rows and excerpts go first.
    for (const r of many.filter((c) => c.status === 'failed'))
      expect(md).toContain(`| ❌ | ${String(r.id).padStart(2, '0')}-${r.name} |`);
    expect(md).toMatch(/_Cut to fit GitHub's 1 MiB step summary: \d+ log excerpts left out\./);
    // Each <details> block is whole: as many closings as openings, fences paired.
    expect(md.split('<details>').length).toBe(md.split('</details>').length);
    for (const line of md.split('\n').filter((l) => l.startsWith('| '))) expect(line).toMatch(/^\| .* \|$/);
  });

  it('drops passing rows before failing ones when even the table does not fit', () => {
    const md = formatMarkdownSummary(suiteOf(many), { budgetBytes: 3_500 });
    expect(utf8Bytes(md)).toBeLessThanOrEqual(3_500);
    expect(md).toMatch(/left out\./);
    expect(md).toMatch(/\d+ table rows/);
    expect(md.split('| ✅ |').length - 1).toBeLessThan(10);
    expect(md).toContain('**10 passed, 20 failed, 0 skipped in 1.2 s**');
  });

  it('keeps a report with a planted multi-megabyte failure under 1 MiB by default', () => {
    const huge = 'x'.repeat(3 * 1024 * 1024);
    const planted = [...many, ...many].map(
      (r, i): CaseResult => ({
        ...r,
        id: i + 1,
        status: 'failed',
        message: huge,
        logExcerpt: '🔐'.repeat(1024 * 1024),
      }),
    );
    const md = formatMarkdownSummary(suiteOf(planted));
    expect(utf8Bytes(md)).toBeLessThanOrEqual(SUMMARY_BUDGET_BYTES);
    expect(SUMMARY_BUDGET_BYTES).toBeLessThan(STEP_SUMMARY_LIMIT_BYTES);
    expect(md).not.toContain('\ufffd');
    expect(md).toMatch(/\| x+… \(\d+ more bytes\) \|\n/);
    expect(md).toMatch(/_Cut to fit GitHub's 1 MiB step summary: \d+ log excerpts left out\./);
  });

  it('cuts text only between characters', () => {
    for (let max = 0; max < 40; max++) {
      for (const cut of [cutHead('aé🔐b'.repeat(3), max), cutTail('aé🔐b'.repeat(3), max)]) {
        expect(cut).not.toContain('\ufffd');
        if (utf8Bytes('aé🔐b'.repeat(3)) > max && max >= 30) expect(utf8Bytes(cut)).toBeLessThanOrEqual(max);
      }
    }
    expect(cutTail('abcdef', 100)).toBe('abcdef');
  });
});
