import { caseLabel } from '../cases/case.js';
import type { SuiteResult } from '../runner.js';
import { formatTotals } from './console-reporter.js';

const MARK = { passed: '✅', failed: '❌', skipped: '⏭️' } as const;

/** A table cell: no pipes or newlines break the row, no HTML is interpreted. */
function cell(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/\r?\n/g, '<br>');
}

/** A fence longer than any run of backticks inside, so the excerpt cannot close it. */
function fenced(body: string): string {
  const longest = Math.max(2, ...[...body.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}text\n${body}\n${fence}`;
}

/** A Markdown report for $GITHUB_STEP_SUMMARY: the case table, totals, then failure logs. */
export function formatMarkdownSummary(result: SuiteResult, title = 'runevault e2e'): string {
  const lines = [
    `### ${title}`,
    '',
    '| | case | ms | detail |',
    '|---|---|---:|---|',
    ...result.cases.map(
      (r) => `| ${MARK[r.status]} | ${cell(caseLabel(r))} | ${r.durationMs} | ${cell(r.message ?? '')} |`,
    ),
    '',
    `**${formatTotals(result)}**`,
    '',
  ];
  for (const r of result.cases.filter((c) => c.status === 'failed' && c.logExcerpt)) {
    lines.push(
      `<details><summary>${cell(caseLabel(r))}: vault log excerpt</summary>`,
      '',
      fenced(r.logExcerpt as string),
      '',
      '</details>',
      '',
    );
  }
  return lines.join('\n');
}
