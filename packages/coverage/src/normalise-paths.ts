// Every report names files its own way: relative to the project (vitest LCOV), absolute on the
// machine that ran the job (istanbul JSON, geninfo), relative to a Cobertura <source>, with
// Windows separators… Here they all become one key per file: relative to `root` (POSIX) when
// inside it, else the absolute path.
import { existsSync } from 'node:fs';
import { posix } from 'node:path';
import { MergeCoverageError } from './errors.js';
import type { CoverageReport, FileCoverage } from './model.js';
import type { Notice } from './notices.js';

export interface PathRemapRule {
  /** A path prefix as the report writes it (for Cobertura: joined with its <source>). */
  from: string;
  /** What replaces it; relative values are relative to the root. */
  to: string;
}

export interface PathContext {
  /** Absolute. */
  root: string;
  remap: PathRemapRule[];
  exists?: (absolutePath: string) => boolean;
}

/** Lines of `from=>to`; blank lines and lines starting with # are skipped. */
export function parsePathRemap(text: string | string[]): PathRemapRule[] {
  const lines = Array.isArray(text) ? text : text.split(/\r?\n/);
  const rules: PathRemapRule[] = [];
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const arrow = line.indexOf('=>');
    if (arrow === -1)
      throw new MergeCoverageError(
        `path-remap line "${line}" has no =>; write from=>to, e.g. /home/runner/work/app/app=>.`,
      );
    const from = cleanPath(line.slice(0, arrow));
    const to = cleanPath(line.slice(arrow + 2));
    if (from === '') throw new MergeCoverageError(`path-remap line "${line}" has nothing before =>`);
    rules.push({ from: trimTrailingSlash(from), to: to === '' ? '.' : trimTrailingSlash(to) });
  }
  return rules;
}

/** Trimmed, POSIX separators, no doubled or trailing slashes, `.`/`..` folded. */
function cleanPath(text: string): string {
  const path = toSlashes(text.trim());
  return path === '' ? '' : posix.normalize(path);
}

export function toSlashes(path: string): string {
  return path.replace(/\\/g, '/');
}

function trimTrailingSlash(path: string): string {
  return path.length > 1 ? path.replace(/\/+$/, '') || '/' : path;
}

export function isAbsolutePath(path: string): boolean {
  return path.startsWith('/') || /^[A-Za-z]:\//.test(path);
}

function startsWithPrefix(path: string, prefix: string): boolean {
  if (prefix === '/') return path.startsWith('/');
  return path === prefix || path.startsWith(`${prefix}/`);
}

/** The first rule whose `from` is a whole-segment prefix of the path rewrites it. */
export function applyPathRemap(path: string, rules: PathRemapRule[]): string {
  for (const rule of rules) {
    if (!startsWithPrefix(path, rule.from)) continue;
    const rest = path.slice(rule.from.length).replace(/^\/+/, '');
    return rest === '' ? rule.to : posix.join(rule.to, rest);
  }
  return path;
}

/** Relative to the root when inside it, else absolute; always normalised POSIX. */
export function relativeToRoot(absolute: string, root: string): string {
  const normalised = posix.normalize(absolute);
  const base = posix.normalize(toSlashes(root));
  if (!startsWithPrefix(normalised, base)) return normalised;
  if (normalised === base) return '.';
  // Both absolute and normalised (no trailing slash): the rest after the root is what
  // posix.relative would find (it resolves both first: 3% of merging 1,200 small files).
  if (base.startsWith('/') && !normalised.endsWith('/'))
    return normalised.slice(base === '/' ? 1 : base.length + 1);
  return posix.relative(base, normalised) || '.';
}

function toAbsolute(path: string, root: string): string {
  return isAbsolutePath(path) ? posix.normalize(path) : posix.join(toSlashes(root), path);
}

/** Rewrites the path of every file of the report (Cobertura classes resolved against its <sources>). */
export function normaliseReportPaths(report: CoverageReport, context: PathContext): void {
  const exists = context.exists ?? existsSync;
  const root = toSlashes(context.root);
  const sourceRoots = (report.sourceRoots ?? []).map(toSlashes);
  for (const file of report.files) {
    const raw = toSlashes(file.path);
    const candidates =
      sourceRoots.length > 0 && !isAbsolutePath(raw)
        ? sourceRoots.map((sourceRoot) =>
            toAbsolute(applyPathRemap(posix.join(sourceRoot, raw), context.remap), root),
          )
        : [toAbsolute(applyPathRemap(raw, context.remap), root)];
    // Among several <source>s: the one where the file is, else one inside the root, else the first.
    const chosen =
      (candidates.length === 1 ? candidates[0] : undefined) ??
      candidates.find((candidate) => exists(candidate)) ??
      candidates.find((candidate) => !isAbsolutePath(relativeToRoot(candidate, root))) ??
      candidates[0] ??
      raw;
    file.path = relativeToRoot(chosen, root);
  }
}

/**
 * One file reached by two prefixes: a path left outside the root (a job's checkout elsewhere, a
 * container's /app) is merged into the in-root file it ends with — the longest such path known
 * from another report or present under the root — and that is said in a notice. Paths outside
 * the root that match nothing are kept apart and flagged, with a hint when two of them look
 * like the same file.
 */
export function reconcilePrefixes(files: FileCoverage[], context: PathContext): Notice[] {
  const exists = context.exists ?? existsSync;
  const root = toSlashes(context.root);
  const known = new Set(files.filter((file) => !isAbsolutePath(file.path)).map((file) => file.path));
  const notices: Notice[] = [];
  const mergedPrefixes = new Map<string, { to: string; count: number; example: string }>();
  const unmatched = new Map<string, string[]>();
  const decided = new Map<string, string | undefined>();
  for (const file of files) {
    if (!isAbsolutePath(file.path)) continue;
    let target = decided.get(file.path);
    if (!decided.has(file.path)) {
      const segments = file.path.split('/').filter(Boolean);
      for (let drop = 1; drop < segments.length && target === undefined; drop++) {
        const suffix = segments.slice(drop).join('/');
        if (known.has(suffix) || exists(posix.join(root, suffix))) target = suffix;
      }
      decided.set(file.path, target);
    }
    if (target === undefined) {
      const tail = file.path.split('/').slice(-2).join('/');
      unmatched.set(tail, [...new Set([...(unmatched.get(tail) ?? []), file.path])]);
      continue;
    }
    const prefix = file.path.slice(0, file.path.length - target.length - 1);
    const seen = mergedPrefixes.get(prefix);
    if (seen) seen.count++;
    else mergedPrefixes.set(prefix, { to: target, count: 1, example: file.path });
    file.path = target;
  }
  for (const [prefix, { count, example, to }] of mergedPrefixes) {
    notices.push({
      level: 'notice',
      message: `${count} file(s) under ${prefix} (outside the root ${root}) were matched to the same files under the root, e.g. ${example} → ${to}; add path-remap "${prefix}=>." to say so explicitly`,
    });
  }
  // Files that several prefixes outside the root share: one warning per set of prefixes.
  const shared = new Map<string, { prefixes: string[]; files: string[] }>();
  for (const paths of unmatched.values()) {
    if (paths.length < 2) continue;
    const suffix = commonSuffix(paths);
    const prefixes = paths.map((path) => path.slice(0, path.length - suffix.length - 1)).sort();
    const key = prefixes.join('\n');
    const entry = shared.get(key) ?? { prefixes, files: [] };
    entry.files.push(suffix);
    shared.set(key, entry);
  }
  for (const { prefixes, files: suffixes } of shared.values()) {
    notices.push({
      level: 'warning',
      message: `${suffixes.length} file(s), e.g. ${suffixes[0]}, are reported under ${prefixes.length} prefixes outside the root ${root} (${prefixes.join(', ')}) and match no file under it: kept apart; add path-remap lines mapping each prefix to the root (e.g. ${prefixes[0]}=>.)`,
    });
  }
  const lone = [...unmatched.values()].filter((paths) => paths.length === 1).flat();
  if (lone.length > 0)
    notices.push({
      level: 'warning',
      message: `${lone.length} file(s) are outside the root ${root} and match no file under it, e.g. ${lone[0]}: kept with their absolute paths (set root, or add path-remap from=>to)`,
    });
  return notices;
}

/** The longest run of trailing path segments all the paths share. */
function commonSuffix(paths: string[]): string {
  const split = paths.map((path) => path.split('/'));
  const shortest = Math.min(...split.map((segments) => segments.length));
  let length = 0;
  while (length < shortest - 1) {
    const segment = split[0]?.[split[0].length - 1 - length];
    if (!split.every((segments) => segments[segments.length - 1 - length] === segment)) break;
    length++;
  }
  return (split[0] ?? []).slice(-length).join('/');
}
