import { describe, expect, it } from 'vitest';
import { formatCaseLine, formatConsoleReport, formatTotals } from '../../src/reporters/console-reporter.js';
import { SAMPLE_SUITE } from '../support/suite-fixtures.js';

describe('console reporter', () => {
  it('writes one line per case with its mark, label and time', () => {
    const [passed, failed, skipped] = SAMPLE_SUITE.cases;
    expect(formatCaseLine(passed as never)).toBe('✓ 01-health  12 ms');
    expect(formatCaseLine(failed as never)).toBe('✗ 05-public-key  340 ms');
    expect(formatCaseLine(skipped as never)).toBe('– 16-tls  0 ms  (needs tls: plaintext)');
  });

  it('puts the failure message and log excerpt under the failed case, then the totals', () => {
    expect(formatConsoleReport(SAMPLE_SUITE)).toBe(
      [
        '✓ 01-health  12 ms',
        '✗ 05-public-key  340 ms',
        '    expected a key bundle, got UNAUTHENTICATED: Invalid authentication token',
        '    log excerpt:',
        '    | line one',
        '    | line two',
        '– 16-tls  0 ms  (needs tls: plaintext)',
        '',
        '1 passed, 1 failed, 1 skipped in 1.2 s',
        '',
      ].join('\n'),
    );
    expect(formatTotals(SAMPLE_SUITE)).toBe('1 passed, 1 failed, 1 skipped in 1.2 s');
  });
});
