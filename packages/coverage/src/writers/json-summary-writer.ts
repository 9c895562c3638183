// istanbul's coverage-summary.json shape (badges and PR bots read it): totals, then per file.
// No `statements`: LCOV and Cobertura do not have them, and a copy of `lines` would be a lie.
import {
  type Counter,
  type CoverageTotals,
  type FileCoverage,
  fileTotals,
  percent,
  sumTotals,
} from '../model.js';

interface SummaryCounter {
  total: number;
  covered: number;
  skipped: number;
  pct: number;
}

function summaryCounter(counter: Counter): SummaryCounter {
  return { total: counter.total, covered: counter.covered, skipped: 0, pct: percent(counter) };
}

function summaryOf(totals: CoverageTotals) {
  return {
    lines: summaryCounter(totals.lines),
    functions: summaryCounter(totals.functions),
    branches: summaryCounter(totals.branches),
  };
}

export function writeJsonSummary(files: FileCoverage[]): string {
  const summary: Record<string, ReturnType<typeof summaryOf>> = { total: summaryOf(sumTotals(files)) };
  for (const file of files) summary[file.path] = summaryOf(fileTotals(file));
  return `${JSON.stringify(summary, null, 2)}\n`;
}
