// The merge: union of files and lines; hits summed per line, function and branch arm; LCOV's
// `-` kept apart from 0; coverage.py's 0/1 flags OR-ed, not added; totals recomputed from the
// merged data. What cannot be merged exactly is merged as a lower bound and flagged; what would
// make a number dishonest (branch data for a file in one report, none in another) is an error.
import { MergeCoverageError } from './errors.js';
import {
  type ArmHits,
  addArmHits,
  type BranchCounts,
  branchCounter,
  type CoverageReport,
  type CoverageTotals,
  type FileCoverage,
  type LineBranches,
  LineHits,
  PackedBranches,
  PackedFunctions,
  sumTotals,
} from './model.js';
import type { Notice } from './notices.js';

export interface MergedCoverage {
  /** Sorted by path. */
  files: FileCoverage[];
  totals: CoverageTotals;
  notices: Notice[];
}

const MAX_NAMED = 10;

/**
 * Reports must already have normalised paths (normaliseReportPaths, reconcilePrefixes). The
 * merge takes over their file objects (the first report of a file is merged into in place):
 * copying 100,000 lines only to drop the originals costs a tenth of a large merge.
 */
export function mergeReports(reports: CoverageReport[]): MergedCoverage {
  assertBranchDataConsistent(reports);
  const merged = new Map<string, FileCoverage>();
  const approximate = new Map<string, number[]>();
  for (const report of reports) {
    for (const file of report.files) {
      const target = merged.get(file.path);
      if (!target) {
        merged.set(file.path, file);
        continue;
      }
      const inexactLines = mergeFileInto(target, file);
      if (inexactLines.length > 0)
        approximate.set(file.path, [...(approximate.get(file.path) ?? []), ...inexactLines]);
    }
  }
  const files = [...merged.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const notices: Notice[] = [];
  if (approximate.size > 0) {
    const named = [...approximate]
      .slice(0, MAX_NAMED)
      .map(([path, lines]) => `${path} (lines ${lines.join(', ')})`);
    const more = approximate.size > MAX_NAMED ? ` and ${approximate.size - MAX_NAMED} more file(s)` : '';
    notices.push({
      level: 'warning',
      message: `branches merged as a lower bound where a Cobertura report counts them per line without saying which were taken: ${named.join('; ')}${more}`,
    });
  }
  return { files, totals: sumTotals(files), notices };
}

/** Branch data for a file in one report and line-only data for it in another: an error naming them. */
function assertBranchDataConsistent(reports: CoverageReport[]): void {
  const seen = new Map<string, { branches: Set<string>; linesOnly: Set<string> }>();
  for (const report of reports) {
    for (const file of report.files) {
      let entry = seen.get(file.path);
      if (!entry) {
        entry = { branches: new Set(), linesOnly: new Set() };
        seen.set(file.path, entry);
      }
      (file.branches ? entry.branches : entry.linesOnly).add(report.source);
    }
  }
  const mixed = [...seen].filter(([, entry]) => entry.branches.size > 0 && entry.linesOnly.size > 0);
  if (mixed.length === 0) return;
  const named = mixed
    .slice(0, MAX_NAMED)
    .map(
      ([path, entry]) =>
        `${path} (branches in ${[...entry.branches].join(', ')}; lines only in ${[...entry.linesOnly].join(', ')})`,
    );
  const more = mixed.length > MAX_NAMED ? ` and ${mixed.length - MAX_NAMED} more` : '';
  throw new MergeCoverageError(
    `branch data mixed with line-only data for ${mixed.length} file(s): ${named.join('; ')}${more}. ` +
      'Measure branches in every job that covers them (coverage.py: coverage run --branch, or [run] branch = true) or in none.',
  );
}

function cloneBranches(branches: LineBranches): LineBranches {
  return branches.kind === 'arms'
    ? { kind: 'arms', arms: new Map(branches.arms) }
    : { ...branches, ...(branches.missing ? { missing: [...branches.missing] } : {}) };
}

/** Adds `addition` into `target`; returns the lines whose branches could only be merged as a lower bound. */
export function mergeFileInto(target: FileCoverage, addition: FileCoverage): number[] {
  // coverage.py flags: executed by either job is executed (1), not 2 executions.
  const flags = target.hitKind === 'boolean' && addition.hitKind === 'boolean';
  if (!flags) target.hitKind = 'count';
  if (target.lines instanceof LineHits && addition.lines instanceof LineHits)
    target.lines.mergeFrom(addition.lines, flags);
  else
    for (const [line, hits] of addition.lines) {
      const before = target.lines.get(line);
      target.lines.set(line, before === undefined ? hits : flags ? Math.max(before, hits) : before + hits);
    }
  if (addition.functions) {
    target.functions ??= new Map();
    const packed = target.functions instanceof PackedFunctions ? target.functions : undefined;
    if (packed && addition.functions instanceof PackedFunctions) packed.mergeFrom(addition.functions, flags);
    else if (packed)
      for (const [name, fn] of addition.functions) packed.mergeOne(name, fn.line, fn.hits, flags);
    else
      for (const [name, fn] of addition.functions) {
        const before = target.functions.get(name);
        if (!before) target.functions.set(name, { ...fn });
        else {
          before.hits = flags ? Math.max(before.hits, fn.hits) : before.hits + fn.hits;
          if (before.line === 0) before.line = fn.line;
        }
      }
  }
  const inexact: number[] = [];
  if (addition.branches) {
    target.branches ??= new Map();
    const packed = target.branches instanceof PackedBranches ? target.branches : undefined;
    if (
      packed &&
      addition.branches instanceof PackedBranches &&
      !packed.hasUnpacked &&
      !addition.branches.hasUnpacked
    ) {
      // Two LCOV files: a loop over their arrays.
      packed.mergeFrom(addition.branches, flags);
      return inexact;
    }
    for (const [line, branches] of addition.branches) {
      const before = target.branches.get(line);
      if (!before) {
        target.branches.set(line, cloneBranches(branches));
        continue;
      }
      if (before.kind === 'arms' && branches.kind === 'arms') {
        // The target's arms are the merge's own (adopted or cloned): added into in place, as
        // mergeLineBranches would, without a new Map per line (packed: get() gave a copy).
        if (packed) packed.addArms(line, branches.arms, flags);
        else addArmsInto(before.arms, branches.arms, flags);
        continue;
      }
      const { merged, exact } = mergeLineBranches(before, branches, flags);
      target.branches.set(line, merged);
      if (!exact) inexact.push(line);
    }
  }
  return inexact;
}

function addArmsInto(target: Map<string, ArmHits>, addition: Map<string, ArmHits>, flags: boolean): void {
  for (const [key, hits] of addition) {
    const before = target.get(key);
    target.set(
      key,
      flags && before != null && hits != null ? Math.max(before, hits) : addArmHits(before, hits),
    );
  }
}

export function mergeLineBranches(
  a: LineBranches,
  b: LineBranches,
  flags = false,
): { merged: LineBranches; exact: boolean } {
  if (a.kind === 'arms' && b.kind === 'arms') {
    const arms = new Map(a.arms);
    addArmsInto(arms, b.arms, flags);
    return { merged: { kind: 'arms', arms }, exact: true };
  }
  if (a.kind === 'counts' && b.kind === 'counts' && a.missing && b.missing && a.total === b.total) {
    // coverage.py names the arcs it missed: an arc is missed in the merge only if missed in both.
    const missing = a.missing.filter((arc) => b.missing?.includes(arc));
    return {
      merged: { kind: 'counts', total: a.total, covered: a.total - missing.length, missing },
      exact: true,
    };
  }
  const left = branchCounter(a);
  const right = branchCounter(b);
  const total = Math.max(left.total, right.total);
  const covered = Math.min(total, Math.max(left.covered, right.covered));
  // Exact when one side took nothing or everything (and both count the same branches).
  const exact =
    left.total === right.total &&
    (Math.min(left.covered, right.covered) === 0 || Math.max(left.covered, right.covered) === total);
  const merged: BranchCounts = { kind: 'counts', covered, total };
  return { merged, exact };
}
