import { describe, expect, it } from 'vitest';
import {
  type CoverageReport,
  emptyFile,
  type FileCoverage,
  MergeCoverageError,
  mergeLineBranches,
  mergeReports,
  NOT_EXECUTED,
} from '../../src/index.js';

function file(path: string, lines: [number, number][], extra: Partial<FileCoverage> = {}): FileCoverage {
  return { ...emptyFile(path), lines: new Map(lines), ...extra };
}

function report(source: string, files: FileCoverage[]): CoverageReport {
  return { source, format: 'lcov', files };
}

describe('mergeReports', () => {
  it('sums counts, ORs coverage.py flags, and counts a flag as one run beside a count', () => {
    const merged = mergeReports([
      report('a', [
        file('x.ts', [
          [1, 2],
          [2, 0],
        ]),
        file('p.py', [[1, 1]], { hitKind: 'boolean' }),
      ]),
      report('b', [
        file('x.ts', [
          [1, 3],
          [3, 1],
        ]),
        file(
          'p.py',
          [
            [1, 1],
            [2, 0],
          ],
          { hitKind: 'boolean' },
        ),
      ]),
    ]);
    const [p, x] = merged.files;
    expect(x?.lines).toEqual(
      new Map([
        [1, 5],
        [2, 0],
        [3, 1],
      ]),
    );
    expect(p?.lines).toEqual(
      new Map([
        [1, 1],
        [2, 0],
      ]),
    );
    expect(p?.hitKind).toBe('boolean');
    expect(merged.totals.lines).toEqual({ covered: 3, total: 5 });
  });

  it('merges LCOV arms, keeping `-` only where no report executed the block', () => {
    const arms = (entries: [string, number | null][]) => ({ kind: 'arms' as const, arms: new Map(entries) });
    const { merged } = mergeLineBranches(
      arms([
        ['0,0', NOT_EXECUTED],
        ['0,1', NOT_EXECUTED],
        ['0,2', 0],
      ]),
      arms([
        ['0,0', NOT_EXECUTED],
        ['0,1', 4],
        ['0,2', NOT_EXECUTED],
      ]),
    );
    expect(merged).toEqual(
      arms([
        ['0,0', null],
        ['0,1', 4],
        ['0,2', 0],
      ]),
    );
  });

  it('merges coverage.py branch counts exactly through missing-branches', () => {
    const result = mergeLineBranches(
      { kind: 'counts', covered: 1, total: 3, missing: ['5', 'exit'] },
      { kind: 'counts', covered: 2, total: 3, missing: ['exit'] },
    );
    expect(result).toEqual({
      merged: { kind: 'counts', covered: 2, total: 3, missing: ['exit'] },
      exact: true,
    });
  });

  it('flags per-line counts it can only merge as a lower bound', () => {
    const counts = (covered: number) => ({ kind: 'counts' as const, covered, total: 4 });
    const merged = mergeReports([
      report('istanbul.xml', [file('x.ts', [[7, 1]], { branches: new Map([[7, counts(1)]]) })]),
      report('other.xml', [file('x.ts', [[7, 1]], { branches: new Map([[7, counts(2)]]) })]),
    ]);
    expect(merged.totals.branches).toEqual({ covered: 2, total: 4 });
    expect(merged.notices).toEqual([{ level: 'warning', message: expect.stringContaining('lower bound') }]);
    expect(merged.notices[0]?.message).toContain('x.ts (lines 7)');
  });

  it('refuses branch data mixed with line-only data, naming file and reports', () => {
    const withBranches = file('m.py', [[1, 1]], { branches: new Map() });
    expect(() =>
      mergeReports([
        report('job-a/coverage.xml', [withBranches]),
        report('job-b/coverage.xml', [file('m.py', [[1, 1]])]),
      ]),
    ).toThrow(
      new MergeCoverageError(
        'branch data mixed with line-only data for 1 file(s): m.py (branches in job-a/coverage.xml; lines only in job-b/coverage.xml). Measure branches in every job that covers them (coverage.py: coverage run --branch, or [run] branch = true) or in none.',
      ),
    );
  });

  it('sums function hits by name and keeps a known line', () => {
    const merged = mergeReports([
      report('a', [file('f.ts', [], { functions: new Map([['run', { line: 0, hits: 1 }]]) })]),
      report('b', [
        file('f.ts', [], {
          functions: new Map([
            ['run', { line: 4, hits: 2 }],
            ['stop', { line: 9, hits: 0 }],
          ]),
        }),
      ]),
    ]);
    expect(merged.files[0]?.functions).toEqual(
      new Map([
        ['run', { line: 4, hits: 3 }],
        ['stop', { line: 9, hits: 0 }],
      ]),
    );
    expect(merged.totals.functions).toEqual({ covered: 1, total: 2 });
  });
});
