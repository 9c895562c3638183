// vitest (istanbul) writes one run as lcov.info, cobertura-coverage.xml and coverage-final.json
// side by side; a glob like **/coverage/* catches all three, and summing them would triple every
// hit. Reports in one folder, in different formats, with the same files and line counts are
// one run: the richest is read, the others are dropped with a note.
import { dirname } from 'node:path';
import { coveredLineCount } from './line-hits.js';
import type { CoverageReport, ReportFormat } from './model.js';
import type { Notice } from './notices.js';

const RICHNESS: Record<ReportFormat, number> = { 'istanbul-json': 3, lcov: 2, cobertura: 1 };

export interface LocatedReport {
  path: string;
  report: CoverageReport;
}

function fingerprint(report: CoverageReport): string {
  const perFile = new Map<string, [number, number]>();
  for (const file of report.files) {
    // Lines only (not fileTotals): counting every branch arm and function here would be wasted.
    const [total, covered] = perFile.get(file.path) ?? [0, 0];
    perFile.set(file.path, [total + file.lines.size, covered + coveredLineCount(file.lines)]);
  }
  return [...perFile]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([path, [total, covered]]) => `${path}:${total}:${covered}`)
    .join('\n');
}

/** Call after path normalisation (so the same file has the same key in every format). */
export function dropSameRunDuplicates(reports: LocatedReport[]): {
  kept: LocatedReport[];
  notices: Notice[];
} {
  const groups = new Map<string, LocatedReport[]>();
  for (const located of reports) {
    if (located.report.files.length === 0) continue;
    const key = `${dirname(located.path)}\0${fingerprint(located.report)}`;
    groups.set(key, [...(groups.get(key) ?? []), located]);
  }
  const dropped = new Set<LocatedReport>();
  const notices: Notice[] = [];
  for (const group of groups.values()) {
    const formats = new Set(group.map((located) => located.report.format));
    if (group.length < 2 || formats.size < group.length) continue;
    const [richest, ...others] = [...group].sort(
      (a, b) => RICHNESS[b.report.format] - RICHNESS[a.report.format],
    );
    if (!richest) continue;
    for (const other of others) dropped.add(other);
    notices.push({
      level: 'notice',
      message: `${others.map((other) => other.report.source).join(' and ')} hold the same run as ${richest.report.source} (same folder, files and line counts): read once, from ${richest.report.source}`,
    });
  }
  return { kept: reports.filter((located) => !dropped.has(located)), notices };
}
