// Finds the reports the `files` globs name, in the working directory and in every downloaded
// artifact folder. A file matched twice is read once; node_modules and the output folder are
// never searched; a pattern that matches nothing is reported so the caller can warn.
import { statSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { glob } from 'tinyglobby';

/** What `files` means when not given: the names coverage tools write by default. */
export const DEFAULT_REPORT_PATTERNS = [
  '**/lcov.info',
  '**/*.lcov',
  '**/cobertura-coverage.xml',
  '**/coverage.xml',
  '**/coverage-final.json',
];

export interface SearchBase {
  dir: string;
  /** Prefix of the names of reports found here (an artifact's name), '' for the working directory. */
  label: string;
}

interface FoundReport {
  path: string;
  /** How messages name it: relative to its base, prefixed with the base's label. */
  source: string;
}

export interface FoundReports {
  reports: FoundReport[];
  /** Patterns (as written) that matched no file anywhere. */
  unmatched: string[];
}

const GLOB_CHARS = /[*?[\]{}()!+@]/;

/** Splits `a/b/**\/x.info` into the static folder `a/b` and the glob `**\/x.info`. */
function splitPattern(pattern: string): { base: string; rest: string } {
  const segments = pattern.split('/');
  const firstGlob = segments.findIndex((segment) => GLOB_CHARS.test(segment));
  if (firstGlob === -1) return { base: pattern, rest: '' };
  return { base: segments.slice(0, firstGlob).join('/') || '.', rest: segments.slice(firstGlob).join('/') };
}

async function expand(pattern: string, cwd: string, ignore: string[]): Promise<string[]> {
  const { base, rest } = splitPattern(pattern.replace(/\\/g, '/'));
  const baseDir = resolve(cwd, base);
  if (rest === '') {
    let stats: ReturnType<typeof statSync> | undefined;
    try {
      stats = statSync(baseDir);
    } catch {
      return [];
    }
    if (stats.isFile()) return [baseDir];
    if (!stats.isDirectory()) return [];
    // A folder: the reports in it with the usual names.
    return glob(DEFAULT_REPORT_PATTERNS, {
      cwd: baseDir,
      absolute: true,
      dot: true,
      ignore,
      onlyFiles: true,
    });
  }
  try {
    if (!statSync(baseDir).isDirectory()) return [];
  } catch {
    return [];
  }
  return glob(rest, {
    cwd: baseDir,
    absolute: true,
    dot: true,
    ignore,
    onlyFiles: true,
    expandDirectories: false,
  });
}

/**
 * `patterns`: lines of globs, `!` excludes. Relative patterns are tried in every base;
 * `exclude` are absolute folders never to search (the output folder).
 */
export async function findReports(
  patterns: string[],
  bases: SearchBase[],
  exclude: string[] = [],
): Promise<FoundReports> {
  const lines = patterns.map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('#'));
  const include = lines.filter((line) => !line.startsWith('!'));
  const negated = lines.filter((line) => line.startsWith('!')).map((line) => line.slice(1).trim());
  const ignore = ['**/node_modules/**'];
  const found = new Map<string, FoundReport>();
  const excluded = new Set<string>();
  const unmatched: string[] = [];
  const basesFor = (pattern: string) => (isAbsolute(pattern) ? [bases[0] as SearchBase] : bases);
  for (const pattern of negated)
    for (const base of basesFor(pattern))
      for (const path of await expand(pattern, base.dir, ignore)) excluded.add(path);
  const outside = (path: string) =>
    exclude.every(
      (folder) => path !== folder && !path.startsWith(folder.endsWith(sep) ? folder : folder + sep),
    );
  for (const pattern of include) {
    let matched = 0;
    for (const base of basesFor(pattern)) {
      for (const path of (await expand(pattern, base.dir, ignore)).sort()) {
        if (excluded.has(path) || !outside(path)) continue;
        matched++;
        if (found.has(path)) continue;
        const fromBase = relative(base.dir, path);
        const shown =
          fromBase.startsWith('..') || isAbsolute(fromBase) ? path : fromBase.split(sep).join('/');
        found.set(path, { path, source: base.label ? `${base.label}/${shown}` : shown });
      }
    }
    if (matched === 0) unmatched.push(pattern);
  }
  return { reports: [...found.values()], unmatched };
}
