// The merge on reports that vitest and coverage.py wrote for real (test/support/real-reports.ts).
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type FileCoverage,
  fileTotals,
  type MergeCoverageOptions,
  mergeCoverage,
  parseCobertura,
  parseLcov,
  parseMergeCoverageOptions,
  type RawMergeCoverageOptions,
  ReportParseError,
  readReport,
} from '../../src/index.js';
import { FIXTURES, type RealReports, realReports } from '../support/real-reports.js';

let reports: RealReports;
let scratch: string;

beforeAll(async () => {
  reports = await realReports();
  scratch = mkdtempSync(join(tmpdir(), 'merge-coverage-test-'));
}, 180_000);

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let outputs = 0;
function options(files: string[], extra: RawMergeCoverageOptions = {}): MergeCoverageOptions {
  return parseMergeCoverageOptions(
    {
      files: files.join('\n'),
      root: reports.unit.root,
      outputDir: join(scratch, `out-${++outputs}`),
      thresholds: '',
      ...extra,
    },
    scratch,
  );
}

const byPath = (files: FileCoverage[], path: string) => {
  const file = files.find((candidate) => candidate.path === path);
  if (!file) throw new Error(`${path} not merged; have ${files.map((f) => f.path).join(', ')}`);
  return file;
};

describe('the same file seen by two jobs', () => {
  it('sums line, function and branch hits and recomputes the totals', async () => {
    const unit = await readReport(reports.unit.lcov);
    const integration = await readReport(reports.integration.lcov);
    const result = await mergeCoverage(options([reports.unit.lcov, reports.integration.lcov]));
    const pricing = byPath(result.files, 'src/pricing.ts');
    const before = [unit, integration].map((report) => byPath(report.files, 'src/pricing.ts'));
    for (const [line, hits] of pricing.lines)
      expect(hits).toBe((before[0]?.lines.get(line) ?? 0) + (before[1]?.lines.get(line) ?? 0));
    // Each job alone leaves lines of pricing.ts unrun; together they run all of them.
    expect(before.map((file) => fileTotals(file).lines.covered < file.lines.size)).toEqual([true, true]);
    expect(fileTotals(pricing).lines).toEqual({ covered: pricing.lines.size, total: pricing.lines.size });
    const arms = pricing.branches?.get(4);
    expect(arms?.kind === 'arms' && [...arms.arms.values()]).toEqual([1, 3]);
    expect(pricing.functions?.get('priceFor')?.hits).toBe(
      (before[0]?.functions?.get('priceFor')?.hits ?? 0) + (before[1]?.functions?.get('priceFor')?.hits ?? 0),
    );
    const sum = (key: 'lines' | 'branches' | 'functions') =>
      result.files.reduce((total, file) => total + fileTotals(file)[key].covered, 0);
    expect(result.totals.lines.covered).toBe(sum('lines'));
    expect(result.totals.branches.covered).toBe(sum('branches'));
    expect(result.totals.functions.covered).toBe(sum('functions'));
    // only-unit.ts ran in unit, only-integration.ts in integration: both covered after the merge.
    expect(fileTotals(byPath(result.files, 'src/only-unit.ts')).lines.covered).toBeGreaterThan(0);
    expect(fileTotals(byPath(result.files, 'src/only-integration.ts')).lines.covered).toBe(2);
  });

  it('gives the same merge from LCOV, Cobertura and istanbul JSON of the same runs', async () => {
    const fromLcov = await mergeCoverage(options([reports.unit.lcov, reports.integration.lcov]));
    const fromJson = await mergeCoverage(
      options([reports.unit.json, reports.integration.json], {
        pathRemap: `${reports.integration.root}=>.`,
      }),
    );
    const fromCobertura = await mergeCoverage(
      options([reports.unit.cobertura, reports.integration.cobertura]),
    );
    for (const other of [fromJson, fromCobertura]) {
      expect(other.totals.lines).toEqual(fromLcov.totals.lines);
      expect(other.totals.functions).toEqual(fromLcov.totals.functions);
      expect(other.files.map((file) => file.path)).toEqual(fromLcov.files.map((file) => file.path));
    }
    expect(fromJson.totals.branches).toEqual(fromLcov.totals.branches);
    expect(fromJson.notices).toEqual([]);
  });

  it('reads one run written in three formats once, not three times', async () => {
    const result = await mergeCoverage(options([join(reports.unit.root, 'coverage')]));
    expect(result.reports.map((report) => report.format)).toEqual(['istanbul-json']);
    expect(result.notices).toEqual([
      {
        level: 'notice',
        message: expect.stringMatching(/lcov\.info and .*cobertura-coverage\.xml hold the same run as/),
      },
    ]);
    const single = await mergeCoverage(options([reports.unit.lcov]));
    expect(result.totals).toEqual(single.totals);
  });
});

describe('files only one job saw', () => {
  it('are kept with the data of that job (TypeScript and Python side by side)', async () => {
    const result = await mergeCoverage(
      options([reports.unit.lcov, reports.pyPositive.xml], { pathRemap: `${reports.pyPositive.root}=>py` }),
    );
    expect(result.files.map((file) => file.path)).toEqual([
      'py/main.py',
      'py/shop/__init__.py',
      'py/shop/cart.py',
      'src/never-loaded.ts',
      'src/only-integration.ts',
      'src/only-unit.ts',
      'src/pricing.ts',
    ]);
    const cart = byPath(result.files, 'py/shop/cart.py');
    const original = parseCobertura(readFileSync(reports.pyPositive.xml, 'utf8'), 'x').files.find((f) =>
      f.path.endsWith('cart.py'),
    );
    expect(cart.lines).toEqual(original?.lines);
  });
});

describe('different roots and prefixes', () => {
  it('matches another checkout’s absolute paths to the root’s files, and says how to make it explicit', async () => {
    const result = await mergeCoverage(options([reports.unit.lcov, reports.integration.json]));
    const explicit = await mergeCoverage(
      options([reports.unit.lcov, reports.integration.json], { pathRemap: `${reports.integration.root}=>.` }),
    );
    expect(result.totals).toEqual(explicit.totals);
    expect(result.files.every((file) => file.path.startsWith('src/'))).toBe(true);
    expect(result.notices).toEqual([
      {
        level: 'notice',
        message: expect.stringContaining(`add path-remap "${reports.integration.root}=>."`),
      },
    ]);
    expect(explicit.notices).toEqual([]);
  });

  it('resolves Cobertura classes against their own <sources> (two coverage.py jobs in two folders)', async () => {
    const remap = `${reports.pyPositive.root}=>py\n${reports.pyNegative.root}=>py`;
    const result = await mergeCoverage(
      options([reports.pyPositive.xml, reports.pyNegative.xml], { pathRemap: remap }),
    );
    expect(result.files.map((file) => file.path)).toEqual([
      'py/main.py',
      'py/shop/__init__.py',
      'py/shop/cart.py',
    ]);
  });

  it('flags one file under two prefixes it cannot match, and keeps the two apart', async () => {
    const result = await mergeCoverage(options([reports.pyPositive.xml, reports.pyNegative.xml]));
    expect(result.files.filter((file) => file.path.endsWith('/shop/cart.py'))).toHaveLength(2);
    expect(result.notices).toContainEqual({
      level: 'warning',
      message: expect.stringContaining(`are reported under 2 prefixes outside the root ${reports.unit.root}`),
    });
  });
});

describe('coverage.py', () => {
  const remap = () =>
    `${reports.pyPositive.root}=>py\n${reports.pyNegative.root}=>py\n${reports.pyLinesOnly.root}=>py`;

  it('Cobertura hits are flags: two jobs that ran a line make 1, not 2', async () => {
    const result = await mergeCoverage(
      options([reports.pyPositive.xml, reports.pyNegative.xml], { pathRemap: remap() }),
    );
    const cart = byPath(result.files, 'py/shop/cart.py');
    expect(cart.hitKind).toBe('boolean');
    expect(Math.max(...cart.lines.values())).toBe(1);
    expect(cart.lines.get(2)).toBe(1);
    const lcov = readFileSync(result.written.lcov as string, 'utf8');
    expect(lcov).not.toMatch(/^DA:\d+,2$/m);
  });

  it('merges branches exactly through missing-branches', async () => {
    const result = await mergeCoverage(
      options([reports.pyPositive.xml, reports.pyNegative.xml], { pathRemap: remap() }),
    );
    const cart = byPath(result.files, 'py/shop/cart.py');
    // if n < 0 / if n == 0: one job took each side; if coupon == "HALF": only the HALF side ran.
    expect(cart.branches?.get(2)).toEqual({ kind: 'counts', covered: 2, total: 2, missing: [] });
    expect(cart.branches?.get(4)).toEqual({ kind: 'counts', covered: 2, total: 2, missing: [] });
    expect(cart.branches?.get(11)).toEqual({ kind: 'counts', covered: 1, total: 2, missing: ['13'] });
    expect(result.notices).toEqual([]);
  });

  it('branch data (--branch) mixed with a line-only run is an error naming the files and reports', async () => {
    const error = await mergeCoverage(
      options([reports.pyPositive.xml, reports.pyLinesOnly.xml], { pathRemap: remap() }),
    ).catch((caught: Error) => caught);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(
      /^branch data mixed with line-only data for 3 file\(s\): py\/main\.py/,
    );
    expect((error as Error).message).toContain(
      `py/shop/cart.py (branches in ${reports.pyPositive.xml}; lines only in ${reports.pyLinesOnly.xml})`,
    );
  });
});

describe('LCOV `-` against 0', () => {
  it('keeps `-` where no job executed the block and 0 where one did without taking the branch', async () => {
    // coverage.py's LCOV names files relative to where it ran, as vitest's does: shop/cart.py.
    const result = await mergeCoverage(
      options(
        [reports.pyPositive.lcov, reports.pyNegative.lcov, reports.unit.lcov, reports.integration.lcov],
        {
          pathRemap: 'shop=>py/shop',
          formats: 'lcov',
        },
      ),
    );
    const merged = parseLcov(readFileSync(result.written.lcov as string, 'utf8'), 'merged');
    const cart = merged.files.find((file) => file.path === 'py/shop/cart.py');
    const arms = (file: FileCoverage | undefined, line: number) => {
      const branches = file?.branches?.get(line);
      return branches?.kind === 'arms' ? [...branches.arms.values()] : undefined;
    };
    // never_called(): no job entered it, so both arms stay `-`.
    expect(arms(cart, 18)).toEqual([null]);
    expect(arms(cart, 19)).toEqual([null]);
    // `-` in one job, taken in the other: taken.
    const inputs = await Promise.all(
      [reports.pyPositive.lcov, reports.pyNegative.lcov].map((path) => readReport(path)),
    );
    expect(
      inputs.map((report) =>
        arms(
          report.files.find((f) => f.path === 'shop/cart.py'),
          5,
        ),
      ),
    ).toEqual([[null], [1]]);
    expect(arms(cart, 5)).toEqual([1]);
    // istanbul writes 0 for an arm not taken: it stays 0, never becomes `-`.
    const pricing = merged.files.find((file) => file.path === 'src/pricing.ts');
    expect(arms(pricing, 19)).toEqual([1, 0, 0, 0]);
    const text = readFileSync(result.written.lcov as string, 'utf8');
    expect(text).toMatch(/^BRDA:18,3,0,-$/m);
    expect(text).toMatch(/^BRDA:19,5,1,0$/m);
    // `-` counts as not covered.
    expect(fileTotals(cart as FileCoverage).branches.covered).toBeLessThan(
      fileTotals(cart as FileCoverage).branches.total,
    );
  });
});

describe('malformed reports', () => {
  it('name the file and the line', async () => {
    const lines = readFileSync(reports.unit.lcov, 'utf8').split('\n');
    const at = lines.findIndex((line) => line.startsWith('DA:')) + 1;
    lines[at - 1] = 'DA:seven,1';
    const broken = join(scratch, 'broken', 'lcov.info');
    mkdirSync(join(scratch, 'broken'), { recursive: true });
    writeFileSync(broken, lines.join('\n'));
    const error = await mergeCoverage(options([broken])).catch((caught: Error) => caught);
    expect(error).toBeInstanceOf(ReportParseError);
    // Named as the user would: relative to the working directory.
    expect((error as ReportParseError).message).toBe(
      `broken/lcov.info:${at}: DA line number is not an integer: seven`,
    );
  });

  it('a truncated Cobertura report fails at its last line', async () => {
    const xml = readFileSync(reports.pyPositive.xml, 'utf8');
    const cut = xml.slice(0, xml.indexOf('</lines>'));
    const broken = join(scratch, 'broken', 'coverage.xml');
    writeFileSync(broken, cut);
    const error = (await readReport(broken, 'job/coverage.xml').catch(
      (caught: Error) => caught,
    )) as ReportParseError;
    expect(error).toBeInstanceOf(ReportParseError);
    expect(error.line).toBe(cut.split('\n').length);
    expect(error.message).toMatch(/^job\/coverage\.xml:\d+: malformed XML/);
  });
});

describe('an empty match', () => {
  it('is a clear error by default', async () => {
    await expect(mergeCoverage(options(['nowhere/**/lcov.info']))).rejects.toThrow(
      `no coverage report matched files (nowhere/**/lcov.info) in ${scratch}; check the paths, or set if-no-files-found: warn to pass without reports`,
    );
  });

  it('is a warning when asked, and one pattern of several matching nothing always warns', async () => {
    const warned = await mergeCoverage(options(['nowhere/**/lcov.info'], { ifNoFilesFound: 'warn' }));
    expect(warned.noReports).toBe(true);
    expect(warned.notices).toEqual([
      { level: 'warning', message: expect.stringContaining('no coverage report matched') },
    ]);
    const partly = await mergeCoverage(options([reports.unit.lcov, 'missing-job/lcov.info']));
    expect(partly.notices).toEqual([
      { level: 'warning', message: `files pattern missing-job/lcov.info matched no file in ${scratch}` },
    ]);
  });
});

describe('the merged reports', () => {
  it('read back with the same totals; Cobertura has a non-empty <sources>', async () => {
    const result = await mergeCoverage(
      options(
        [reports.unit.lcov, reports.integration.cobertura, reports.pyPositive.xml, reports.pyNegative.xml],
        {
          pathRemap: `${reports.pyPositive.root}=>py\n${reports.pyNegative.root}=>py`,
        },
      ),
    );
    const lcov = await readReport(result.written.lcov as string);
    const cobertura = await readReport(result.written.cobertura as string);
    expect(cobertura.sourceRoots).toEqual([reports.unit.root]);
    for (const report of [lcov, cobertura]) {
      const lines = report.files.reduce((sum, file) => sum + fileTotals(file).lines.covered, 0);
      const branches = report.files.reduce((sum, file) => sum + fileTotals(file).branches.total, 0);
      expect(lines).toBe(result.totals.lines.covered);
      expect(branches).toBe(result.totals.branches.total);
    }
    const summary = JSON.parse(readFileSync(result.written['json-summary'] as string, 'utf8'));
    expect(summary.total.lines).toEqual({
      total: result.totals.lines.total,
      covered: result.totals.lines.covered,
      skipped: 0,
      pct: result.metrics[0]?.percent,
    });
    expect(readFileSync(result.written.markdown as string, 'utf8')).toBe(result.summaryMarkdown);
  });
});

describe('patch coverage', () => {
  it('measures the lines changed since diff-base that the merged reports instrument', async () => {
    const repo = join(scratch, 'repo');
    cpSync(join(FIXTURES, 'ts-project'), repo, { recursive: true });
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: repo });
    const pricing = readFileSync(join(repo, 'src/pricing.ts'), 'utf8');
    // main had pricing.ts without discount(); the branch adds it (lines 17-21).
    writeFileSync(
      join(repo, 'src/pricing.ts'),
      pricing.slice(0, pricing.indexOf('export function discount')),
    );
    git('init', '-q', '-b', 'main');
    git('add', '.');
    git('commit', '-q', '-m', 'base');
    git('checkout', '-q', '-b', 'feature');
    writeFileSync(join(repo, 'src/pricing.ts'), pricing);
    git('commit', '-q', '-am', 'discount');
    const unitOnly = await mergeCoverage(options([reports.unit.lcov], { root: repo, diffBase: 'main' }));
    expect(unitOnly.patch).toMatchObject({ covered: 2, total: 3, changedLines: 5 });
    expect(unitOnly.patch?.files).toEqual([
      { path: 'src/pricing.ts', covered: 2, total: 3, uncovered: [19] },
    ]);
    const both = await mergeCoverage(
      options([reports.unit.lcov, reports.integration.lcov], {
        root: repo,
        diffBase: 'main',
        thresholds: 'patch=100',
      }),
    );
    expect(both.patch).toMatchObject({ covered: 3, total: 3 });
    expect(both.metrics.find((metric) => metric.metric === 'patch')).toMatchObject({
      percent: 100,
      met: true,
    });
    expect(both.summaryMarkdown).toContain('| Patch (changed lines since `main`) | 100.00% | 3 / 3 |');
    await expect(
      mergeCoverage(options([reports.unit.lcov], { root: repo, diffBase: 'no-such-ref' })),
    ).rejects.toThrow(
      /^diff-base no-such-ref: no common history with HEAD \(is the ref fetched\? with actions\/checkout use fetch-depth: 0\)/,
    );
  });
});
