// The one in-memory shape every parser produces and every writer reads: per source file, the
// hits of each instrumented line, function and branch arm, whatever format they came from.
import { coveredLineCount, LineHits } from './line-hits.js';
import { PackedBranches } from './packed-branches.js';
import { PackedFunctions } from './packed-functions.js';

export { LineHits, MAX_LINE_NUMBER } from './line-hits.js';
export { PackedBranches } from './packed-branches.js';
export { PackedFunctions } from './packed-functions.js';

export type ReportFormat = 'lcov' | 'cobertura' | 'istanbul-json';

/**
 * `count`: hits are execution counts (istanbul, gcov, LCOV in general).
 * `boolean`: hits only say executed (1) or not (0) — coverage.py's Cobertura XML, which writes
 * hits="1" however often a line ran, so two jobs' 1s must not add up to 2.
 */
export type HitKind = 'count' | 'boolean';

/** LCOV's `-`: the block holding the branch never ran, which is not the same as "ran, not taken" (0). */
export const NOT_EXECUTED = null;
export type ArmHits = number | typeof NOT_EXECUTED;

/** Branch arms of one line that a report identifies one by one (LCOV BRDA, istanbul branchMap). */
export interface BranchArms {
  kind: 'arms';
  /** `block,branch` (LCOV) or `branchId,armIndex` (istanbul, numbered as its LCOV writer does) → hits. */
  arms: Map<string, ArmHits>;
}

/**
 * Branches of one line that a report only counts (Cobertura `condition-coverage="50% (1/2)"`).
 * coverage.py also names the destinations it missed (`missing-branches="5,exit"`), which is
 * enough to merge two of its reports exactly.
 */
export interface BranchCounts {
  kind: 'counts';
  covered: number;
  total: number;
  missing?: string[];
}

export type LineBranches = BranchArms | BranchCounts;

export interface FunctionHits {
  line: number;
  hits: number;
}

export interface FileCoverage {
  /** Relative to the root (POSIX separators) when inside it, else absolute. */
  path: string;
  hitKind: HitKind;
  /** Instrumented line → hits (a LineHits from the parsers; any Map will do elsewhere). */
  lines: Map<number, number>;
  /** Function name → hits (PackedFunctions from the LCOV parser); undefined when the report has no function data (coverage.py). */
  functions: Map<string, FunctionHits> | undefined;
  /** Line → branches (PackedBranches from the LCOV parser; any Map will do elsewhere); undefined when the report measured lines only. */
  branches: Map<number, LineBranches> | undefined;
}

export interface CoverageReport {
  /** Where it was read from, as the user would name it (used in every message). */
  source: string;
  format: ReportFormat;
  /** The tool that wrote it, when the format says (coverage.py, istanbul). */
  producer?: string;
  /** Cobertura `<sources>`: the folders its class filenames are relative to. */
  sourceRoots?: string[];
  files: FileCoverage[];
}

export interface Counter {
  covered: number;
  total: number;
}

export interface CoverageTotals {
  lines: Counter;
  /** total 0 with no branch data anywhere: nothing measured (not 100%). */
  branches: Counter;
  functions: Counter;
  hasBranchData: boolean;
  hasFunctionData: boolean;
}

/** Sums arm hits, keeping `-` (never executed) apart from 0 (executed, not taken): `-` + `-` stays `-`. */
export function addArmHits(a: ArmHits | undefined, b: ArmHits): ArmHits {
  if (a === undefined || a === NOT_EXECUTED) return b;
  if (b === NOT_EXECUTED) return a;
  return a + b;
}

/** Line numbers in ascending order (reports mostly list them so: then no sort is needed). */
export function sortedLines(lines: Map<number, unknown>): number[] {
  if (lines instanceof LineHits || lines instanceof PackedBranches) return lines.sortedLines();
  const keys = [...lines.keys()];
  for (let index = 1; index < keys.length; index++)
    if ((keys[index] as number) < (keys[index - 1] as number)) return keys.sort((a, b) => a - b);
  return keys;
}

/** Visits lines in ascending order (LineHits without a lookup per line); a visit returning false stops. */
export function forEachLine(
  lines: Map<number, number>,
  visit: (line: number, hits: number) => unknown,
): void {
  if (lines instanceof LineHits) {
    lines.forEachInOrder(visit);
    return;
  }
  for (const line of sortedLines(lines)) if (visit(line, lines.get(line) as number) === false) return;
}

/** Visits functions in order (PackedFunctions without a copy of each). */
export function forEachFunction(
  functions: Map<string, FunctionHits>,
  visit: (name: string, line: number, hits: number) => void,
): void {
  if (functions instanceof PackedFunctions) functions.forEachFunction(visit);
  else for (const [name, fn] of functions) visit(name, fn.line, fn.hits);
}

export function emptyFile(path: string, hitKind: HitKind = 'count'): FileCoverage {
  return { path, hitKind, lines: new LineHits(), functions: undefined, branches: undefined };
}

export function branchCounter(branches: LineBranches): Counter {
  if (branches.kind === 'counts') return { covered: branches.covered, total: branches.total };
  let covered = 0;
  for (const hits of branches.arms.values()) if (hits !== NOT_EXECUTED && hits > 0) covered++;
  return { covered, total: branches.arms.size };
}

/** The branch counter of one line, or undefined when it has no branches (no copy of packed arms). */
export function lineBranchCounter(
  branches: Map<number, LineBranches> | undefined,
  line: number,
): Counter | undefined {
  if (branches instanceof PackedBranches) return branches.counterAt(line);
  const found = branches?.get(line);
  return found && branchCounter(found);
}

export function fileTotals(file: FileCoverage): CoverageTotals {
  const lines = { covered: coveredLineCount(file.lines), total: file.lines.size };
  const functions = { covered: 0, total: 0 };
  if (file.functions instanceof PackedFunctions) Object.assign(functions, file.functions.counter());
  else
    for (const fn of file.functions?.values() ?? []) {
      functions.total++;
      if (fn.hits > 0) functions.covered++;
    }
  const branches = { covered: 0, total: 0 };
  if (file.branches instanceof PackedBranches) Object.assign(branches, file.branches.counter());
  else
    for (const line of file.branches?.values() ?? []) {
      const counter = branchCounter(line);
      branches.covered += counter.covered;
      branches.total += counter.total;
    }
  return {
    lines,
    branches,
    functions,
    hasBranchData: file.branches !== undefined,
    hasFunctionData: file.functions !== undefined,
  };
}

export function sumTotals(files: Iterable<FileCoverage>): CoverageTotals {
  const sum: CoverageTotals = {
    lines: { covered: 0, total: 0 },
    branches: { covered: 0, total: 0 },
    functions: { covered: 0, total: 0 },
    hasBranchData: false,
    hasFunctionData: false,
  };
  for (const file of files) {
    const totals = fileTotals(file);
    for (const key of ['lines', 'branches', 'functions'] as const) {
      sum[key].covered += totals[key].covered;
      sum[key].total += totals[key].total;
    }
    sum.hasBranchData ||= totals.hasBranchData;
    sum.hasFunctionData ||= totals.hasFunctionData;
  }
  return sum;
}

/**
 * Percent floored to two decimals (as istanbul does), so 79.999% never shows as 80% next to a
 * threshold of 80. Nothing to measure counts as 100, also as istanbul does.
 */
export function percent(counter: Counter): number {
  if (counter.total === 0) return 100;
  return Math.floor((10000 * counter.covered) / counter.total) / 100;
}
