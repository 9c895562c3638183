// Coverage against the base branch: per metric, and per file the pull request touched, the
// change in percentage points from the base commit's summary; and the max-drop verdict.
import { type Counter, type FileCoverage, fileTotals, sumTotals } from '../model.js';
import { DROP_METRICS, type DropMetric, type MaxDrop } from './max-drop.js';
import type { CoverageSummary, MetricCounters } from './summary-file.js';

export interface BaseSummary {
  /** The commit whose summary was found (the base, or the nearest earlier one). */
  commit: string;
  /** The commit asked for (the pull request's base). */
  requested: string;
  /** Commits between them (0: the base itself). */
  distance: number;
  summary: CoverageSummary;
}

export type BaseLookup = { found: BaseSummary } | { missing: string };

interface MetricChange {
  metric: DropMetric;
  /** Exact percentages (not floored), undefined when not measured on that side. */
  base: number | undefined;
  head: number | undefined;
  /** head − base in percentage points. */
  change: number | undefined;
  maxDrop: number | undefined;
  /** The drop is over max-drop. */
  exceeded: boolean;
}

interface FileChange {
  path: string;
  base: number | undefined;
  head: number | undefined;
}

export interface BaseComparison {
  base: BaseSummary;
  metrics: MetricChange[];
  /** Files the pull request touched that either side measured, biggest fall first. */
  files: FileChange[];
}

const exact = (counter: Counter | undefined) =>
  counter && counter.total > 0 ? (counter.covered * 100) / counter.total : undefined;

function headCounters(files: FileCoverage[]): MetricCounters {
  const totals = sumTotals(files);
  return {
    lines: totals.lines,
    branches: totals.hasBranchData ? totals.branches : undefined,
    functions: totals.hasFunctionData ? totals.functions : undefined,
  };
}

export function compareWithBase(
  files: FileCoverage[],
  base: BaseSummary,
  touched: string[],
  maxDrop: MaxDrop,
): BaseComparison {
  const head = headCounters(files);
  const metrics = DROP_METRICS.map((metric): MetricChange => {
    const before = exact(base.summary.total[metric]);
    const after = exact(head[metric]);
    const change = before === undefined || after === undefined ? undefined : after - before;
    const limit = maxDrop[metric];
    // A tiny epsilon: 80.0 − 79.5 must be a drop of 0.5, not 0.5000000001.
    const exceeded = limit !== undefined && change !== undefined && -change > limit + 1e-9;
    return { metric, base: before, head: after, change, maxDrop: limit, exceeded };
  });
  const byPath = new Map(files.map((file) => [file.path, file]));
  const fileChanges: FileChange[] = [];
  for (const path of [...new Set(touched)].sort()) {
    const file = byPath.get(path);
    const before = exact(base.summary.files.get(path)?.lines);
    const after = file ? exact(fileTotals(file).lines) : undefined;
    if (before === undefined && after === undefined) continue;
    fileChanges.push({ path, base: before, head: after });
  }
  const fall = (change: FileChange) => (change.head ?? 0) - (change.base ?? 0);
  fileChanges.sort((a, b) => fall(a) - fall(b) || (a.path < b.path ? -1 : 1));
  return { base, metrics, files: fileChanges };
}

/** One line for ::error:: — "coverage fell more than max-drop: lines -1.20 pts (max 0.5)". */
export function describeDrops(comparison: BaseComparison): string | undefined {
  const exceeded = comparison.metrics.filter((metric) => metric.exceeded);
  if (exceeded.length === 0) return undefined;
  return `coverage fell more than max-drop against ${comparison.base.commit.slice(0, 12)}: ${exceeded
    .map((metric) => `${metric.metric} ${(metric.change ?? 0).toFixed(2)} pts (max ${metric.maxDrop})`)
    .join(', ')}`;
}
