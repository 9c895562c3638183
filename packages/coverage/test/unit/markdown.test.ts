import { describe, expect, it } from 'vitest';
import {
  emptyFile,
  evaluateThresholds,
  type FileCoverage,
  renderMarkdown,
  sumTotals,
  uncoveredRanges,
} from '../../src/index.js';

function files(count: number): FileCoverage[] {
  return Array.from({ length: count }, (_, index) => ({
    ...emptyFile(`src/module-${String(index).padStart(5, '0')}/a-rather-long-file-name-${index}.ts`),
    lines: new Map(Array.from({ length: 40 }, (_, line) => [line + 1, (line + index) % 3 === 0 ? 0 : 1])),
  }));
}

describe('renderMarkdown', () => {
  it('lists files worst first and marks thresholds', () => {
    const all = [
      { ...emptyFile('good.ts'), lines: new Map([[1, 1]]) },
      {
        ...emptyFile('bad.ts'),
        lines: new Map([
          [1, 0],
          [2, 0],
          [3, 1],
        ]),
      },
    ];
    const text = renderMarkdown(
      {
        title: 'Coverage',
        metrics: evaluateThresholds(sumTotals(all), undefined, { lines: 80 }),
        files: all,
        notices: [],
        reports: [{ source: 'lcov.info', format: 'lcov', files: 2 }],
      },
      { budgetBytes: 60_000 },
    );
    expect(text).toContain('| Lines | 50.00% | 2 / 4 | ❌ < 80% |');
    expect(text.indexOf('`bad.ts`')).toBeLessThan(text.indexOf('`good.ts`'));
    expect(text).toContain('| Lines | 50.00% | 80% | 30.00 pts |');
  });

  it('cuts the file table to the byte budget and says how many rows are left out', () => {
    const many = files(5000);
    const input = {
      title: 'Coverage',
      metrics: evaluateThresholds(sumTotals(many), undefined, {}),
      files: many,
      notices: [],
      reports: [{ source: 'lcov.info', format: 'lcov', files: 5000 }],
      fullReportHint: 'the coverage-merged artifact',
    };
    for (const budget of [60 * 1024, 300 * 1024]) {
      const text = renderMarkdown(input, { budgetBytes: budget });
      expect(Buffer.byteLength(text)).toBeLessThanOrEqual(budget);
      expect(Buffer.byteLength(text)).toBeGreaterThan(budget * 0.9);
      expect(text).toMatch(
        /_\d[\d,]* more file\(s\) not shown \(size limit\): see the coverage-merged artifact_/,
      );
    }
  });
});

describe('uncoveredRanges', () => {
  it('joins runs of lines not run, across lines nothing instruments', () => {
    const lines = new Map([
      [1, 0],
      [2, 0],
      [4, 0],
      [5, 1],
      [7, 0],
      [9, 3],
      [10, 0],
    ]);
    expect(uncoveredRanges(lines)).toBe('1-4, 7, 10');
  });
});
