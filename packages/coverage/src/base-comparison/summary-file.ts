// A base commit's coverage-summary.json (istanbul's shape, as json-summary-writer writes it),
// read as data from an artifact: bounded, and every number checked before it is believed.
import { MergeCoverageError } from '../errors.js';
import type { Counter } from '../model.js';
import type { DropMetric } from './max-drop.js';

export type MetricCounters = Record<DropMetric, Counter | undefined>;

export interface CoverageSummary {
  total: MetricCounters;
  files: Map<string, MetricCounters>;
}

export const MAX_SUMMARY_BYTES = 16 * 1024 * 1024;

function counter(value: unknown): Counter | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { total, covered } = value as { total?: unknown; covered?: unknown };
  if (!Number.isSafeInteger(total) || !Number.isSafeInteger(covered)) return undefined;
  if ((covered as number) < 0 || (covered as number) > (total as number)) return undefined;
  return { total: total as number, covered: covered as number };
}

function counters(value: unknown): MetricCounters {
  const entry = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  return {
    lines: counter(entry.lines),
    branches: counter(entry.branches),
    functions: counter(entry.functions),
  };
}

export function parseCoverageSummary(text: string, source: string): CoverageSummary {
  if (text.length > MAX_SUMMARY_BYTES)
    throw new MergeCoverageError(`${source}: ${text.length} bytes, over the limit of ${MAX_SUMMARY_BYTES}`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new MergeCoverageError(`${source}: not JSON (${(error as Error).message})`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json) || !('total' in json))
    throw new MergeCoverageError(`${source}: not a coverage-summary.json (no "total")`);
  const files = new Map<string, MetricCounters>();
  for (const [path, value] of Object.entries(json)) if (path !== 'total') files.set(path, counters(value));
  const total = counters((json as { total: unknown }).total);
  if (!total.lines) throw new MergeCoverageError(`${source}: "total" has no lines counter`);
  return { total, files };
}
