// `vitest --shard i/n` splits the test files by duration, not by count. Vitest's own split
// sorts files by a hash of their path and cuts the list into equal counts, which put the three
// slowest integration files (the daemon lifecycle, durable admin acks, the image) in one shard
// of three. Here each file weighs what it took in a recorded run (vitest.shard-weights.json,
// seconds by path; refreshed with scripts/shard-weights.mjs) and the files are dealt longest
// first to the lightest shard. Every runner computes the same split from the same files and
// weights; a file with no weight yet counts as a median one. Stale weights only unbalance
// shards: each file still lands in exactly one.
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

export const SHARD_WEIGHTS_FILE = 'vitest.shard-weights.json';

export interface Weighted<T> {
  item: T;
  /** Stable, for ties: the path relative to the root. */
  id: string;
  weight: number;
}

/** `count` groups, longest first to the lightest (ties: lower id first, lower shard first). */
export function balanceShards<T>(entries: Weighted<T>[], count: number): Weighted<T>[][] {
  const shards = Array.from({ length: count }, () => ({ total: 0, entries: [] as Weighted<T>[] }));
  const ordered = [...entries].sort(
    (a, b) => b.weight - a.weight || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  for (const entry of ordered) {
    let lightest = shards[0] as (typeof shards)[number];
    for (const shard of shards) if (shard.total < lightest.total) lightest = shard;
    lightest.total += entry.weight;
    lightest.entries.push(entry);
  }
  return shards.map((shard) => shard.entries);
}

export function readShardWeights(root: string): Record<string, number> {
  const path = join(root, SHARD_WEIGHTS_FILE);
  if (!existsSync(path)) return {};
  const weights = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  return Object.fromEntries(
    Object.entries(weights).filter(
      (entry): entry is [string, number] => typeof entry[1] === 'number' && entry[1] >= 0,
    ),
  );
}

export class WeightedShardSequencer extends BaseSequencer {
  override async shard(files: TestSpecification[]): Promise<TestSpecification[]> {
    const { config } = this.ctx;
    const { index, count } = config.shard as { index: number; count: number };
    const weights = readShardWeights(config.root);
    const known = Object.values(weights).sort((a, b) => a - b);
    const fallback = known.length > 0 ? (known[Math.floor(known.length / 2)] as number) : 1;
    const entries = files.map((spec) => {
      const id = relative(config.root, spec.moduleId).split('\\').join('/');
      return { item: spec, id: `${spec.project.name}:${id}`, weight: weights[id] ?? fallback };
    });
    return (balanceShards(entries, count)[index - 1] ?? []).map((entry) => entry.item);
  }
}
