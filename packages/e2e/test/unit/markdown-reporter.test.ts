import { describe, expect, it } from 'vitest';
import { formatMarkdownSummary } from '../../src/reporters/markdown-reporter.js';
import { SAMPLE_SUITE, suiteOf } from '../support/suite-fixtures.js';

describe('formatMarkdownSummary', () => {
  it('writes a table row per case, the totals, and a log block per failure', () => {
    expect(formatMarkdownSummary(SAMPLE_SUITE)).toBe(
      [
        '### runevault e2e',
        '',
        '| | case | ms | detail |',
        '|---|---|---:|---|',
        '| ✅ | 01-health | 12 |  |',
        '| ❌ | 05-public-key | 340 | expected a key bundle, got UNAUTHENTICATED: Invalid authentication token |',
        '| ⏭️ | 16-tls | 0 | needs tls: plaintext |',
        '',
        '**1 passed, 1 failed, 1 skipped in 1.2 s**',
        '',
        '<details><summary>05-public-key: vault log excerpt</summary>',
        '',
        '```text',
        'line one',
        'line two',
        '```',
        '',
        '</details>',
        '',
      ].join('\n'),
    );
  });

  it('keeps a row on one line whatever the message holds, and fences survive backticks', () => {
    const md = formatMarkdownSummary(
      suiteOf([
        {
          id: 2,
          name: 'metrics',
          status: 'failed',
          durationMs: 3,
          message: 'expected a|b, got <script>\nsecond line',
          logExcerpt: 'has ``` inside',
        },
      ]),
    );
    const row = md.split('\n').find((l) => l.startsWith('| ❌'));
    expect(row).toBe('| ❌ | 02-metrics | 3 | expected a\\|b, got &lt;script&gt;<br>second line |');
    expect(md).toContain('````text\nhas ``` inside\n````');
  });
});
