// Thresholds (`lines=80,branches=70,functions=80`, optionally `patch=90`) and what fell short.
import { MergeCoverageError } from './errors.js';
import { type Counter, type CoverageTotals, percent } from './model.js';
import type { PatchCoverage } from './patch-coverage.js';

const METRICS = ['lines', 'branches', 'functions', 'patch'] as const;
type Metric = (typeof METRICS)[number];
export type Thresholds = Partial<Record<Metric, number>>;

/** Comma- or newline-separated `metric=percent`; empty means none. */
export function parseThresholds(text: string): Thresholds {
  const thresholds: Thresholds = {};
  for (const part of text.split(/[,\n]/)) {
    const item = part.trim();
    if (item === '') continue;
    const match = /^([a-z]+)\s*=\s*(\d+(?:\.\d+)?)%?$/.exec(item);
    const metric = match?.[1] as Metric | undefined;
    if (!match || !metric || !METRICS.includes(metric))
      throw new MergeCoverageError(
        `thresholds: "${item}" is not metric=percent with metric one of ${METRICS.join(', ')} (e.g. lines=80,branches=70)`,
      );
    const value = Number(match[2]);
    if (value > 100) throw new MergeCoverageError(`thresholds: ${metric}=${value} is over 100`);
    thresholds[metric] = value;
  }
  return thresholds;
}

export interface MetricResult {
  metric: Metric;
  counter: Counter;
  /** undefined: nothing of this kind was measured (no branch data, no changed lines…). */
  percent: number | undefined;
  threshold: number | undefined;
  /** undefined when there is no threshold or nothing to compare. */
  met: boolean | undefined;
}

export function evaluateThresholds(
  totals: CoverageTotals,
  patch: PatchCoverage | undefined,
  thresholds: Thresholds,
): MetricResult[] {
  const measured: Record<Metric, Counter | undefined> = {
    lines: totals.lines,
    branches: totals.hasBranchData ? totals.branches : undefined,
    functions: totals.hasFunctionData ? totals.functions : undefined,
    patch: patch && patch.total > 0 ? patch : undefined,
  };
  return METRICS.filter(
    (metric) => metric !== 'patch' || patch !== undefined || thresholds.patch !== undefined,
  ).map((metric) => {
    const counter = measured[metric];
    const value = counter ? percent(counter) : undefined;
    const threshold = thresholds[metric];
    // Compared on the exact ratio, not the rounded percent.
    const met =
      threshold === undefined || !counter || counter.total === 0
        ? undefined
        : (counter.covered * 100) / counter.total >= threshold;
    return { metric, counter: counter ?? { covered: 0, total: 0 }, percent: value, threshold, met };
  });
}

export function shortfalls(results: MetricResult[]): MetricResult[] {
  return results.filter((result) => result.met === false);
}

/** One line for ::error:: — "coverage below thresholds: lines 72.10% < 80%, branches 60.00% < 70%". */
export function describeShortfalls(failed: MetricResult[]): string {
  return `coverage below thresholds: ${failed
    .map((result) => `${result.metric} ${result.percent?.toFixed(2)}% < ${result.threshold}%`)
    .join(', ')}`;
}
