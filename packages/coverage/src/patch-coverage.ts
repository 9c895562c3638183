// Patch coverage: of the lines added or changed between diff-base and HEAD that are
// instrumented, the share that ran. Lines no report instruments (comments, blank lines, files
// no test loads) do not count either way.
import { execFile } from 'node:child_process';
import { posix } from 'node:path';
import { promisify } from 'node:util';
import { MergeCoverageError } from './errors.js';
import type { Counter, FileCoverage } from './model.js';
import { isAbsolutePath, relativeToRoot, toSlashes } from './normalise-paths.js';

const run = promisify(execFile);

interface PatchFile extends Counter {
  path: string;
  /** Changed, instrumented lines that never ran. */
  uncovered: number[];
}

export interface PatchCoverage extends Counter {
  base: string;
  /** The merge base the diff starts from. */
  baseCommit: string;
  /** Files with at least one changed, instrumented line; worst first. */
  files: PatchFile[];
  /** Lines added or changed, instrumented or not. */
  changedLines: number;
  /** Every file with added or changed lines (relative to root), instrumented or not. */
  changedFiles: string[];
}

/** Added lines per file (paths as in the diff's +++ side) from `git diff --unified=0`. */
export function parseUnifiedDiff(diff: string): Map<string, number[]> {
  const changed = new Map<string, number[]>();
  let current: number[] | undefined;
  for (const line of diff.split('\n')) {
    if (line.startsWith('+++ ')) {
      const target = unquoteGitPath(line.slice(4).replace(/\t.*$/, ''));
      if (target === '/dev/null') current = undefined;
      else {
        const path = target.replace(/^b\//, '');
        current = changed.get(path) ?? [];
        changed.set(path, current);
      }
      continue;
    }
    const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/.exec(line);
    if (hunk && current) {
      const start = Number(hunk[1]);
      const count = hunk[2] === undefined ? 1 : Number(hunk[2]);
      for (let offset = 0; offset < count; offset++) current.push(start + offset);
    }
  }
  return changed;
}

function unquoteGitPath(path: string): string {
  if (!path.startsWith('"')) return path;
  // git's C-style quoting of unusual names; octal escapes are UTF-8 bytes.
  const bytes: number[] = [];
  const body = path.slice(1, -1);
  for (let index = 0; index < body.length; index++) {
    const char = body[index] as string;
    if (char !== '\\') {
      bytes.push(...Buffer.from(char, 'utf8'));
      continue;
    }
    const next = body[++index] ?? '';
    if (/[0-7]/.test(next)) {
      bytes.push(Number.parseInt(body.slice(index, index + 3), 8));
      index += 2;
    } else
      bytes.push(({ n: 10, t: 9, '"': 34, '\\': 92 } as Record<string, number>)[next] ?? next.charCodeAt(0));
  }
  return Buffer.from(bytes).toString('utf8');
}

async function git(args: string[], cwd: string, what: string): Promise<string> {
  try {
    const { stdout } = await run('git', args, { cwd, maxBuffer: 512 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim() || (error as Error).message;
    throw new MergeCoverageError(`${what}: git ${args.join(' ')} failed in ${cwd}: ${stderr}`);
  }
}

/** Changed lines between the merge base of `base` and HEAD, keyed by path relative to `root`. */
export async function changedLinesSince(
  base: string,
  root: string,
): Promise<{ baseCommit: string; lines: Map<string, number[]> }> {
  const top = (
    await git(['rev-parse', '--show-toplevel'], root, `diff-base ${base}: ${root} is not in a git checkout`)
  ).trim();
  const baseCommit = (
    await git(
      ['merge-base', base, 'HEAD'],
      root,
      `diff-base ${base}: no common history with HEAD (is the ref fetched? with actions/checkout use fetch-depth: 0)`,
    )
  ).trim();
  const diff = await git(
    [
      '-c',
      'core.quotePath=false',
      'diff',
      '--no-color',
      '--no-ext-diff',
      '--unified=0',
      '--find-renames',
      '--diff-filter=AMR',
      baseCommit,
      'HEAD',
    ],
    root,
    `diff-base ${base}`,
  );
  const lines = new Map<string, number[]>();
  for (const [path, added] of parseUnifiedDiff(diff)) {
    const relative = relativeToRoot(posix.join(toSlashes(top), path), root);
    if (added.length > 0) lines.set(relative, added);
  }
  return { baseCommit, lines };
}

export function computePatchCoverage(
  files: FileCoverage[],
  changed: Map<string, number[]>,
  base: string,
  baseCommit: string,
): PatchCoverage {
  const byPath = new Map(files.map((file) => [file.path, file]));
  const patch: PatchCoverage = {
    base,
    baseCommit,
    covered: 0,
    total: 0,
    files: [],
    changedLines: 0,
    changedFiles: [...changed.keys()],
  };
  for (const [path, lines] of changed) {
    patch.changedLines += lines.length;
    const file = byPath.get(path);
    if (!file || isAbsolutePath(path)) continue;
    const entry: PatchFile = { path, covered: 0, total: 0, uncovered: [] };
    for (const line of lines) {
      const hits = file.lines.get(line);
      if (hits === undefined) continue;
      entry.total++;
      if (hits > 0) entry.covered++;
      else entry.uncovered.push(line);
    }
    if (entry.total === 0) continue;
    patch.covered += entry.covered;
    patch.total += entry.total;
    patch.files.push(entry);
  }
  patch.files.sort((a, b) => b.uncovered.length - a.uncovered.length || (a.path < b.path ? -1 : 1));
  return patch;
}

export async function patchCoverage(
  files: FileCoverage[],
  base: string,
  root: string,
): Promise<PatchCoverage> {
  const { baseCommit, lines } = await changedLinesSince(base, root);
  return computePatchCoverage(files, lines, base, baseCommit);
}
