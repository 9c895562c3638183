import { caseLabel } from '../cases/case.js';
import type { CaseResult, SuiteResult } from '../runner.js';

const MARK = { passed: '✓', failed: '✗', skipped: '–' } as const;

export function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** "✓ 01-health  12 ms", with the reason on the same line for a skip. */
export function formatCaseLine(r: CaseResult): string {
  const line = `${MARK[r.status]} ${caseLabel(r)}  ${r.durationMs} ms`;
  return r.status === 'skipped' && r.message ? `${line}  (${r.message})` : line;
}

export function formatTotals(result: SuiteResult): string {
  return `${result.passed} passed, ${result.failed} failed, ${result.skipped} skipped in ${formatSeconds(result.durationMs)}`;
}

const indent = (text: string, by: string) =>
  text
    .split('\n')
    .map((l) => `${by}${l}`)
    .join('\n');

/** One line per case, a failure's message and log excerpt under it, then the totals. */
export function formatConsoleReport(result: SuiteResult): string {
  const lines: string[] = [];
  for (const r of result.cases) {
    lines.push(formatCaseLine(r));
    if (r.status !== 'failed') continue;
    if (r.message) lines.push(indent(r.message, '    '));
    if (r.logExcerpt) lines.push('    log excerpt:', indent(r.logExcerpt, '    | '));
  }
  lines.push('', formatTotals(result));
  return `${lines.join('\n')}\n`;
}
