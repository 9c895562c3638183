// istanbul's coverage-final.json (vitest, nyc, jest): per file, statements, functions and
// branches with their locations and counts. Lines are derived the way istanbul's own reporters
// derive them (a line's hits = the most hits of a statement starting on it), and branch arms are
// numbered as its LCOV writer numbers them (branch id, arm index), so the same run read as JSON
// or as LCOV gives the same keys.
import { ReportParseError } from '../errors.js';
import { type CoverageReport, emptyFile, type FileCoverage, type LineBranches } from '../model.js';

interface Position {
  line?: number;
}
interface Location {
  start?: Position;
}
interface IstanbulFile {
  path?: string;
  statementMap?: Record<string, Location>;
  s?: Record<string, number>;
  fnMap?: Record<string, { name?: string; decl?: Location; loc?: Location; line?: number }>;
  f?: Record<string, number>;
  branchMap?: Record<string, { loc?: Location; line?: number; locations?: Location[] }>;
  b?: Record<string, number[]>;
}

export function parseIstanbulJson(text: string, source: string): CoverageReport {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /position (\d+)/.exec(message);
    const line = position ? text.slice(0, Number(position[1])).split('\n').length : undefined;
    throw new ReportParseError(source, line, `malformed JSON: ${message}`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    throw new ReportParseError(
      source,
      1,
      'not an istanbul coverage-final.json: the top level is not an object',
    );
  const files: FileCoverage[] = [];
  for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
    files.push(istanbulFile(value as IstanbulFile, key, source, text));
  }
  return { source, format: 'istanbul-json', producer: 'istanbul', files };
}

function istanbulFile(entry: IstanbulFile, key: string, source: string, text: string): FileCoverage {
  if (
    typeof entry !== 'object' ||
    entry === null ||
    typeof entry.statementMap !== 'object' ||
    typeof entry.s !== 'object'
  ) {
    const index = text.indexOf(JSON.stringify(key));
    const line = index === -1 ? undefined : text.slice(0, index).split('\n').length;
    throw new ReportParseError(
      source,
      line,
      `entry ${key} has no statementMap/s: not istanbul file coverage`,
    );
  }
  const file = emptyFile(typeof entry.path === 'string' ? entry.path : key);
  for (const [id, location] of Object.entries(entry.statementMap)) {
    const line = location?.start?.line;
    if (line === undefined) continue;
    const hits = entry.s[id] ?? 0;
    const before = file.lines.get(line);
    if (before === undefined || before < hits) file.lines.set(line, hits);
  }
  file.functions = new Map();
  for (const [id, fn] of Object.entries(entry.fnMap ?? {})) {
    const line = fn.decl?.start?.line ?? fn.loc?.start?.line ?? fn.line ?? 0;
    let name = fn.name ?? `(anonymous_${id})`;
    if (file.functions.has(name)) name = `${name}:${line}`;
    file.functions.set(name, { line, hits: entry.f?.[id] ?? 0 });
  }
  file.branches = new Map();
  for (const [id, branch] of Object.entries(entry.branchMap ?? {})) {
    const counts = entry.b?.[id];
    if (!counts) continue;
    const line = branch.loc?.start?.line ?? branch.line ?? branch.locations?.[0]?.start?.line;
    if (line === undefined) continue;
    let arms = file.branches.get(line) as LineBranches | undefined;
    if (!arms) {
      arms = { kind: 'arms', arms: new Map() };
      file.branches.set(line, arms);
    }
    if (arms.kind !== 'arms') continue;
    counts.forEach((hits, index) => {
      (arms as { arms: Map<string, number | null> }).arms.set(`${id},${index}`, hits);
    });
  }
  return file;
}
