// max-drop parsing, the comparison with a base summary, and the e2e report's JUnit summary.
import { describe, expect, it } from 'vitest';
import { compareWithBase, describeDrops } from '../../src/base-comparison/compare-with-base.js';
import { parseMaxDrop } from '../../src/base-comparison/max-drop.js';
import { parseCoverageSummary } from '../../src/base-comparison/summary-file.js';
import type { FileCoverage } from '../../src/model.js';
import { junitMarkdown, readJUnit } from '../../src/publish/junit-summary.js';

function file(path: string, hits: number[]): FileCoverage {
  return {
    path,
    hitKind: 'count',
    lines: new Map(hits.map((hit, index) => [index + 1, hit])),
    functions: undefined,
    branches: undefined,
  };
}

const summary = (lines: [number, number], files: Record<string, [number, number]> = {}) =>
  parseCoverageSummary(
    JSON.stringify({
      total: { lines: { total: lines[0], covered: lines[1], skipped: 0, pct: 0 } },
      ...Object.fromEntries(
        Object.entries(files).map(([path, [total, covered]]) => [path, { lines: { total, covered } }]),
      ),
    }),
    'base.json',
  );

describe('parseMaxDrop', () => {
  it('reads metric=points, comma or newline separated', () => {
    expect(parseMaxDrop('lines=0.5, branches=1\nfunctions=0')).toEqual({
      lines: 0.5,
      branches: 1,
      functions: 0,
    });
    expect(parseMaxDrop('')).toEqual({});
  });
  it('names every bad item in one message', () => {
    expect(() => parseMaxDrop('lines=-1,patch=2,lines=1,lines=1,branches=101')).toThrow(
      'max-drop: "lines=-1" is not metric=points with metric one of lines, branches, functions and points a number such as 0.5; "patch=2" is not metric=points with metric one of lines, branches, functions and points a number such as 0.5; lines is given twice; branches=101 is over 100 points (e.g. lines=0.5,branches=1)',
    );
  });
});

describe('compareWithBase', () => {
  const base = (lines: [number, number], files?: Record<string, [number, number]>) => ({
    commit: 'b'.repeat(40),
    requested: 'b'.repeat(40),
    distance: 0,
    summary: summary(lines, files),
  });

  it('measures the change in points and gates exactly at max-drop', () => {
    // Base 80% (8/10); head 79.5% (159/200): a drop of exactly 0.5 points passes 0.5.
    const head = [file('a.ts', [...Array(159).fill(1), ...Array(41).fill(0)])];
    const atLimit = compareWithBase(head, base([10, 8]), [], { lines: 0.5 });
    expect(atLimit.metrics[0]).toMatchObject({ metric: 'lines', base: 80, head: 79.5, exceeded: false });
    expect(describeDrops(atLimit)).toBeUndefined();
    const over = compareWithBase(head, base([10, 8]), [], { lines: 0.4 });
    expect(describeDrops(over)).toBe(
      'coverage fell more than max-drop against bbbbbbbbbbbb: lines -0.50 pts (max 0.4)',
    );
    // Not measured on one side: no change, no verdict.
    expect(over.metrics[1]).toMatchObject({ metric: 'branches', change: undefined, exceeded: false });
  });

  it('lists touched files measured on either side, biggest fall first', () => {
    const head = [file('a.ts', [1, 0]), file('new.ts', [1, 1]), file('b.ts', [1, 1])];
    const result = compareWithBase(
      head,
      base([4, 4], { 'a.ts': [2, 2], 'b.ts': [2, 1], 'gone.ts': [1, 1] }),
      ['a.ts', 'b.ts', 'new.ts', 'gone.ts', 'README.md'],
      {},
    );
    expect(result.files).toEqual([
      { path: 'gone.ts', base: 100, head: undefined },
      { path: 'a.ts', base: 100, head: 50 },
      { path: 'b.ts', base: 50, head: 100 },
      { path: 'new.ts', base: undefined, head: 100 },
    ]);
  });

  it('refuses a summary whose numbers do not add up', () => {
    expect(() => parseCoverageSummary('{"total":{"lines":{"total":1,"covered":2}}}', 'x.json')).toThrow(
      'x.json: "total" has no lines counter',
    );
    expect(() => parseCoverageSummary('[]', 'x.json')).toThrow(
      'x.json: not a coverage-summary.json (no "total")',
    );
  });
});

describe('the e2e report', () => {
  it('counts cases and names the failed ones', () => {
    const totals = readJUnit(
      '<testsuites><testsuite><testcase name="health"/><testcase name="exchange"><failure message="x"/></testcase><testcase name="tls"><skipped/></testcase></testsuite></testsuites>',
    );
    expect(totals).toEqual({ tests: 3, failed: ['exchange'], skipped: 1 });
    expect(junitMarkdown('e2e', totals)).toContain('| 3 | 1 | 1 | 1 |');
  });
});
