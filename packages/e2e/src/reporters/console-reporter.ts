import { caseLabel } from '../cases/case.js';
import { type CaseResult, isFlaky, type SuiteResult } from '../runner.js';

const MARK = { passed: '✓', failed: '✗', skipped: '–' } as const;

function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** "flaky: passed on attempt 2 of 3" / "failed all 3 attempts", or '' without retries. */
export function describeAttempts(r: CaseResult): string {
  const failures = r.failedAttempts?.length ?? 0;
  if (isFlaky(r)) return `flaky: passed on attempt ${failures + 1} of ${r.attempts ?? failures + 1}`;
  if (r.status === 'failed' && failures > 1) return `failed all ${failures} attempts`;
  return '';
}

/**
 * "✓ 01-health  12 ms", with the reason on the same line for a skip, and notes for a flaky or
 * quarantined case.
 */
export function formatCaseLine(r: CaseResult): string {
  const line = `${MARK[r.status]} ${caseLabel(r)}  ${r.durationMs} ms`;
  const notes = [
    r.status === 'skipped' ? (r.message ?? '') : '',
    describeAttempts(r),
    r.quarantine !== undefined ? `quarantined: ${r.quarantine}` : '',
  ].filter(Boolean);
  return notes.length > 0 ? `${line}  (${notes.join('; ')})` : line;
}

export function formatTotals(result: SuiteResult): string {
  const extra = [
    result.flaky ? `${result.flaky} flaky` : '',
    result.quarantinedFailed
      ? `${result.quarantinedFailed} quarantined failure${result.quarantinedFailed > 1 ? 's' : ''}`
      : '',
  ]
    .filter(Boolean)
    .map((part) => `, ${part}`)
    .join('');
  return `${result.passed} passed, ${result.failed} failed, ${result.skipped} skipped${extra} in ${formatSeconds(result.durationMs)}`;
}

const indent = (text: string, by: string) =>
  text
    .split('\n')
    .map((l) => `${by}${l}`)
    .join('\n');

/**
 * One line per case; under a failure its message and log excerpt, under a flaky case each
 * failed attempt's message; then the totals.
 */
export function formatConsoleReport(result: SuiteResult): string {
  const lines: string[] = [];
  for (const r of result.cases) {
    lines.push(formatCaseLine(r));
    if (isFlaky(r)) {
      for (const [i, failure] of (r.failedAttempts ?? []).entries())
        lines.push(indent(`attempt ${i + 1}: ${failure.message}`, '    '));
      continue;
    }
    if (r.status !== 'failed') continue;
    if (r.message) lines.push(indent(r.message, '    '));
    for (const [i, failure] of (r.failedAttempts ?? []).slice(1).entries())
      lines.push(indent(`attempt ${i + 2}: ${failure.message}`, '    '));
    if (r.logExcerpt) lines.push('    log excerpt:', indent(r.logExcerpt, '    | '));
  }
  lines.push('', formatTotals(result));
  return `${lines.join('\n')}\n`;
}
