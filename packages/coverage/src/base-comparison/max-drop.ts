// `max-drop: lines=0.5,branches=1`: how many percentage points each metric may fall below the
// base branch's before the step fails. Parsed strictly, every bad item named.
import { MergeCoverageError } from '../errors.js';

export const DROP_METRICS = ['lines', 'branches', 'functions'] as const;
export type DropMetric = (typeof DROP_METRICS)[number];
export type MaxDrop = Partial<Record<DropMetric, number>>;

export function parseMaxDrop(text: string): MaxDrop {
  const maxDrop: MaxDrop = {};
  const problems: string[] = [];
  for (const part of text.split(/[,\n]/)) {
    const item = part.trim();
    if (item === '') continue;
    const match = /^([a-z]+)=(\d{1,3}(?:\.\d{1,4})?)$/.exec(item);
    const metric = match?.[1] as DropMetric | undefined;
    if (!match || !metric || !DROP_METRICS.includes(metric)) {
      problems.push(
        `"${item}" is not metric=points with metric one of ${DROP_METRICS.join(', ')} and points a number such as 0.5`,
      );
      continue;
    }
    const points = Number(match[2]);
    if (points > 100) problems.push(`${metric}=${match[2]} is over 100 points`);
    else if (metric in maxDrop) problems.push(`${metric} is given twice`);
    else maxDrop[metric] = points;
  }
  if (problems.length > 0)
    throw new MergeCoverageError(`max-drop: ${problems.join('; ')} (e.g. lines=0.5,branches=1)`);
  return maxDrop;
}
