import { posix } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyPathRemap,
  type CoverageReport,
  emptyFile,
  MergeCoverageError,
  normaliseReportPaths,
  parsePathRemap,
  reconcilePrefixes,
} from '../../src/index.js';
import { relativeToRoot } from '../../src/normalise-paths.js';

const nothingOnDisk = { exists: () => false };

describe('relativeToRoot', () => {
  it('gives what posix.relative gave inside the root, and the normalised path outside it', () => {
    const segment = fc.constantFrom('a', 'b', 'src', '..', '.', '', 'é x', 'a.b');
    const path = fc.array(segment, { maxLength: 6 }).map((parts) => parts.join('/'));
    const absolute = path.map((rest) => `/${rest}`);
    fc.assert(
      fc.property(absolute, fc.oneof(absolute, path, fc.constant('C:/r')), (file, root) => {
        const normalised = posix.normalize(file);
        const base = posix.normalize(root);
        const inside = base === '/' || normalised === base || normalised.startsWith(`${base}/`);
        // The definition it had: posix.relative (which resolves both) when inside the root.
        const before = inside ? posix.relative(base, normalised) || '.' : normalised;
        expect(relativeToRoot(file, root)).toBe(before);
      }),
      { numRuns: 500 },
    );
  });
});

describe('path-remap', () => {
  it('parses from=>to lines and rewrites whole segments only', () => {
    const rules = parsePathRemap('/app=>.\n# a comment\n\nD:\\a\\repo\\repo\\ => src/');
    expect(rules).toEqual([
      { from: '/app', to: '.' },
      { from: 'D:/a/repo/repo', to: 'src' },
    ]);
    expect(applyPathRemap('/app/lib/x.ts', rules)).toBe('lib/x.ts');
    expect(applyPathRemap('/application/x.ts', rules)).toBe('/application/x.ts');
    expect(applyPathRemap('D:/a/repo/repo/m.py', rules)).toBe('src/m.py');
  });

  it('normalises what a shell may have doubled or left over', () => {
    expect(parsePathRemap('/ci//job-1/./checkout/ => ./py/')).toEqual([
      { from: '/ci/job-1/checkout', to: 'py' },
    ]);
  });

  it('says what a line lacks', () => {
    expect(() => parsePathRemap('/app->.')).toThrow(
      new MergeCoverageError(
        'path-remap line "/app->." has no =>; write from=>to, e.g. /home/runner/work/app/app=>.',
      ),
    );
  });
});

describe('normaliseReportPaths', () => {
  it('resolves Cobertura classes against the <source> where the file is', () => {
    const report: CoverageReport = {
      source: 'c.xml',
      format: 'cobertura',
      sourceRoots: ['/ci/one', '/repo/py'],
      files: [emptyFile('pkg/m.py')],
    };
    normaliseReportPaths(report, {
      root: '/repo',
      remap: [],
      exists: (path) => path === '/repo/py/pkg/m.py',
    });
    expect(report.files[0]?.path).toBe('py/pkg/m.py');
  });

  it('makes relative paths relative to the root and Windows paths POSIX', () => {
    const report: CoverageReport = {
      source: 'l.info',
      format: 'lcov',
      files: [emptyFile('src/a.ts'), emptyFile('C:\\w\\repo\\src\\b.ts'), emptyFile('/elsewhere/c.ts')],
    };
    normaliseReportPaths(report, { root: '/repo', remap: parsePathRemap('C:/w/repo=>.'), ...nothingOnDisk });
    expect(report.files.map((file) => file.path)).toEqual(['src/a.ts', 'src/b.ts', '/elsewhere/c.ts']);
  });
});

describe('reconcilePrefixes', () => {
  it('merges a file reached by another prefix into the in-root file it ends with, and says so', () => {
    const files = [emptyFile('src/a.ts'), emptyFile('pkg/src/a.ts'), emptyFile('/app/pkg/src/a.ts')];
    const notices = reconcilePrefixes(files, { root: '/repo', remap: [], ...nothingOnDisk });
    expect(files.map((file) => file.path)).toEqual(['src/a.ts', 'pkg/src/a.ts', 'pkg/src/a.ts']);
    expect(notices).toEqual([
      { level: 'notice', message: expect.stringContaining('add path-remap "/app=>."') },
    ]);
  });

  it('flags files under several outside prefixes that match nothing, once per set of prefixes', () => {
    const files = ['/ci/a/src/x.py', '/ci/b/src/x.py', '/ci/a/src/y.py', '/ci/b/src/y.py'].map((path) =>
      emptyFile(path),
    );
    const notices = reconcilePrefixes(files, { root: '/repo', remap: [], ...nothingOnDisk });
    expect(notices).toHaveLength(1);
    expect(notices[0]?.message).toContain(
      '2 file(s), e.g. src/x.py, are reported under 2 prefixes outside the root /repo (/ci/a, /ci/b)',
    );
    expect(files[0]?.path).toBe('/ci/a/src/x.py');
  });
});
