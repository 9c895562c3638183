import { describe, expect, it } from 'vitest';
import {
  computePatchCoverage,
  emptyFile,
  evaluateThresholds,
  parseThresholds,
  parseUnifiedDiff,
  sumTotals,
} from '../../src/index.js';

describe('parseThresholds', () => {
  it('reads metric=percent lists and names a bad item', () => {
    expect(parseThresholds('lines=80, branches=70.5%\npatch=90')).toEqual({
      lines: 80,
      branches: 70.5,
      patch: 90,
    });
    expect(parseThresholds('')).toEqual({});
    expect(() => parseThresholds('lines=80,statements=50')).toThrow(
      'thresholds: "statements=50" is not metric=percent with metric one of lines, branches, functions, patch',
    );
  });
});

describe('evaluateThresholds', () => {
  it('compares exact ratios (79.999% is below 80) and skips what was not measured', () => {
    const file = {
      ...emptyFile('a'),
      lines: new Map(Array.from({ length: 5000 }, (_, i) => [i + 1, i === 0 ? 0 : 1])),
    };
    file.lines.set(5001, 0);
    for (let line = 5002; line <= 5000 * 1.25; line++) file.lines.set(line, 0);
    const results = evaluateThresholds(sumTotals([file]), undefined, { lines: 80, branches: 50 });
    const lines = results.find((result) => result.metric === 'lines');
    expect(lines?.percent).toBe(79.98);
    expect(lines?.met).toBe(false);
    expect(results.find((result) => result.metric === 'branches')).toMatchObject({
      percent: undefined,
      met: undefined,
    });
  });
});

describe('patch coverage', () => {
  const diff = [
    'diff --git a/src/a.ts b/src/a.ts',
    '--- a/src/a.ts',
    '+++ b/src/a.ts',
    '@@ -3,0 +4,3 @@ export function a() {',
    '+one',
    '@@ -10 +13 @@',
    'diff --git a/gone.ts b/gone.ts',
    '--- a/gone.ts',
    '+++ /dev/null',
    '@@ -1,2 +0,0 @@',
    'diff --git "a/sp\\303\\251cial.ts" "b/sp\\303\\251cial.ts"',
    '+++ "b/sp\\303\\251cial.ts"',
    '@@ -1,0 +1,1 @@',
  ].join('\n');

  it('reads added lines from a --unified=0 diff, quoted names included', () => {
    expect(parseUnifiedDiff(diff)).toEqual(
      new Map([
        ['src/a.ts', [4, 5, 6, 13]],
        ['spécial.ts', [1]],
      ]),
    );
  });

  it('counts only changed lines a report instruments', () => {
    const file = {
      ...emptyFile('src/a.ts'),
      lines: new Map([
        [4, 1],
        [6, 0],
        [13, 2],
        [20, 0],
      ]),
    };
    const patch = computePatchCoverage([file], parseUnifiedDiff(diff), 'main', 'abc');
    expect(patch).toMatchObject({ covered: 2, total: 3, changedLines: 5 });
    expect(patch.files).toEqual([{ path: 'src/a.ts', covered: 2, total: 3, uncovered: [6] }]);
  });
});
