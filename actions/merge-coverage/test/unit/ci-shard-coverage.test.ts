// ci.yml shards the integration tests across runners: every shard must write its coverage where
// its upload step looks, under a name coverage-report's artifact-pattern downloads, and take its
// own part of the test files. Checked on the workflow file itself: the matrix, the job's
// TEST_SHARD through GitHub's expression engine, the step's bash script run with npm stubbed.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type ExpressionContexts, evaluateTemplate } from '@runevault/action-runner/jobs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { balanceShards } from '../../../../vitest.shards.js';
import { artifactNameMatcher } from '../../src/artifact-service.js';

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, string>;
}
interface Job {
  strategy?: { matrix?: { shard?: number[] } };
  env?: Record<string, string>;
  steps: Step[];
}

const workflow = parse(
  readFileSync(fileURLToPath(new URL('../../../../.github/workflows/ci.yml', import.meta.url)), 'utf8'),
) as { jobs: Record<string, Job> };
const integration = workflow.jobs['integration-tests'] as Job;
const report = workflow.jobs['coverage-report'] as Job;
const shards = integration.strategy?.matrix?.shard ?? [];

function contexts(matrix: Record<string, unknown>, strategy: Record<string, unknown>): ExpressionContexts {
  return {
    github: {},
    env: {},
    vars: {},
    secrets: {},
    steps: {},
    needs: {},
    job: { status: 'success' },
    runner: {},
    inputs: {},
    matrix,
    strategy,
  };
}

/** The arguments the test step gives `npm`, with TEST_SHARD as the job sets it. */
function npmArguments(testShard: string): string[] {
  const script = integration.steps.find((step) => step.run?.includes('test:integration'))?.run ?? '';
  const result = spawnSync('bash', ['-e', '-c', `npm() { printf '%s\\n' "$@"; }\n${script}`], {
    env: { PATH: process.env.PATH ?? '', TEST_SHARD: testShard },
    encoding: 'utf8',
  });
  expect(result.status, result.stderr).toBe(0);
  return result.stdout.trim().split('\n');
}

describe('ci.yml integration shards', () => {
  it('runs more than one shard', () => {
    expect(shards.length).toBeGreaterThan(1);
    expect(shards).toEqual(shards.map((_, index) => index + 1));
  });

  it('gives each shard its i/n, and no shard where there is no matrix (a local run)', () => {
    const template = integration.env?.TEST_SHARD ?? '';
    for (const shard of shards)
      expect(evaluateTemplate(template, contexts({ shard }, { 'job-total': shards.length }))).toBe(
        `${shard}/${shards.length}`,
      );
    expect(evaluateTemplate(template, contexts({}, {}))).toBe('');
  });

  it('writes each shard’s coverage where its upload looks, under a name coverage-report downloads', () => {
    const upload = integration.steps.find((step) => step.uses?.startsWith('actions/upload-artifact@'));
    const pattern = report.steps.find((step) => step.uses === './actions/merge-coverage')?.with?.[
      'artifact-pattern'
    ];
    const downloads = artifactNameMatcher((pattern ?? '').split('\n').filter(Boolean));
    expect(downloads('coverage-unit')).toBe(true);
    for (const shard of shards) {
      const matrix = contexts({ shard }, { 'job-total': shards.length });
      const name = evaluateTemplate(upload?.with?.name ?? '', matrix);
      const path = evaluateTemplate(upload?.with?.path ?? '', matrix);
      expect(name).toBe(`coverage-integration-${shard}`);
      expect(downloads(name)).toBe(true);
      const args = npmArguments(`${shard}/${shards.length}`);
      expect(args).toContain(`--shard=${shard}/${shards.length}`);
      expect(args).toContain(`--coverage.reportsDirectory=${path.replace(/\/$/, '')}`);
    }
  });

  it('runs every test file in one go without a shard (npm run ci:tier2 with no --shard)', () => {
    const args = npmArguments('');
    expect(args.some((arg) => arg.startsWith('--shard'))).toBe(false);
    expect(args).toContain('--coverage.reportsDirectory=coverage-integration');
  });
});

describe('shards split by duration (vitest.shards.ts)', () => {
  const entries = fc.uniqueArray(
    fc.record({ id: fc.string({ minLength: 1, maxLength: 6 }), weight: fc.integer({ min: 0, max: 90 }) }),
    { selector: (entry) => entry.id, maxLength: 40 },
  );

  it('puts every file in exactly one shard, the same whatever order the files come in, none much heavier', () => {
    fc.assert(
      fc.property(entries, fc.integer({ min: 1, max: 6 }), (list, count) => {
        const weighted = list.map((entry) => ({ ...entry, item: entry.id }));
        const shards = balanceShards(weighted, count);
        expect(shards).toHaveLength(count);
        expect(
          shards
            .flat()
            .map((entry) => entry.id)
            .sort(),
        ).toEqual(list.map((entry) => entry.id).sort());
        const ids = (split: typeof shards) => split.map((shard) => shard.map((entry) => entry.id).sort());
        expect(ids(balanceShards([...weighted].reverse(), count))).toEqual(ids(shards));
        // Longest first to the lightest: no shard exceeds the mean by more than the heaviest file.
        const totals = shards.map((shard) => shard.reduce((sum, entry) => sum + entry.weight, 0));
        const sum = totals.reduce((a, b) => a + b, 0);
        const heaviest = Math.max(0, ...list.map((entry) => entry.weight));
        for (const total of totals) expect(total).toBeLessThanOrEqual(sum / count + heaviest);
      }),
    );
  });
});
