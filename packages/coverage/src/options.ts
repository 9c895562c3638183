// The options of a merge, parsed once from strings (action inputs and CLI flags alike), every
// bad value named in one message.
import { isAbsolute, resolve } from 'node:path';
import type { BaseLookup } from './base-comparison/compare-with-base.js';
import { type MaxDrop, parseMaxDrop } from './base-comparison/max-drop.js';
import { MergeCoverageError } from './errors.js';
import { DEFAULT_REPORT_PATTERNS, type SearchBase } from './find-reports.js';
import { type PathRemapRule, parsePathRemap } from './normalise-paths.js';
import { parseThresholds, type Thresholds } from './thresholds.js';

export const OUTPUT_FORMATS = ['lcov', 'cobertura', 'json-summary', 'markdown'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];
export const OUTPUT_FILE_NAMES: Record<OutputFormat, string> = {
  lcov: 'lcov.info',
  cobertura: 'cobertura-coverage.xml',
  'json-summary': 'coverage-summary.json',
  markdown: 'coverage.md',
};

export const IF_NO_FILES_FOUND = ['error', 'warn', 'ignore'] as const;
export type IfNoFilesFound = (typeof IF_NO_FILES_FOUND)[number];

export const DEFAULT_TITLE = 'Coverage';
export const DEFAULT_THRESHOLDS = 'lines=80,branches=70,functions=80';
export const DEFAULT_FORMATS = 'lcov,cobertura,json-summary,markdown';

export interface MergeCoverageOptions {
  /** Glob lines (`!` excludes), relative to cwd and to every artifact folder. */
  files: string[];
  /** files was not given: the usual report names, of which most match nothing (no warning for those). */
  filesAreDefault: boolean;
  /** Downloaded artifact folders, searched like cwd. */
  artifactDirs: SearchBase[];
  cwd: string;
  /** Absolute: report paths become relative to it. */
  root: string;
  pathRemap: PathRemapRule[];
  /** Absolute. */
  outputDir: string;
  formats: OutputFormat[];
  thresholds: Thresholds;
  diffBase: string | undefined;
  title: string;
  ifNoFilesFound: IfNoFilesFound;
  /** Said under a cut file table (e.g. "the coverage-merged artifact"). */
  fullReportHint?: string;
  /** Cobertura timestamp (ms); default now. */
  timestamp?: number;
  /** Percentage points each metric may fall below the base commit's (max-drop). */
  maxDrop?: MaxDrop;
  /** The base commit's summary, or why there is none; undefined: no comparison asked. */
  baseLookup?: BaseLookup;
}

/** Everything as the user wrote it; empty strings mean the default. */
export interface RawMergeCoverageOptions {
  files?: string;
  pathRemap?: string;
  root?: string;
  outputDir?: string;
  formats?: string;
  thresholds?: string;
  diffBase?: string;
  title?: string;
  ifNoFilesFound?: string;
  maxDrop?: string;
}

export function splitLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

function splitList(text: string): string[] {
  return text
    .split(/[,\n]/)
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

export function parseBoolean(name: string, value: string, fallback: boolean): boolean {
  const text = value.trim().toLowerCase();
  if (text === '') return fallback;
  if (text === 'true') return true;
  if (text === 'false') return false;
  throw new MergeCoverageError(`${name}: "${value}" is not true or false`);
}

export function parseMergeCoverageOptions(
  raw: RawMergeCoverageOptions,
  cwd: string,
  artifactDirs: SearchBase[] = [],
): MergeCoverageOptions {
  const problems: string[] = [];
  const attempt = <T>(parse: () => T, fallback: T): T => {
    try {
      return parse();
    } catch (error) {
      problems.push(error instanceof Error ? error.message : String(error));
      return fallback;
    }
  };
  const files = raw.files?.trim() ? splitLines(raw.files) : DEFAULT_REPORT_PATTERNS;
  const formats = splitList(raw.formats?.trim() || DEFAULT_FORMATS);
  const badFormats = formats.filter((format) => !OUTPUT_FORMATS.includes(format as OutputFormat));
  if (badFormats.length > 0)
    problems.push(
      `formats: ${badFormats.join(', ')} unknown; use any of ${OUTPUT_FORMATS.join(', ')} (comma-separated)`,
    );
  const ifNoFilesFound = (raw.ifNoFilesFound?.trim() || 'error') as IfNoFilesFound;
  if (!IF_NO_FILES_FOUND.includes(ifNoFilesFound))
    problems.push(`if-no-files-found: "${ifNoFilesFound}" is not one of ${IF_NO_FILES_FOUND.join(', ')}`);
  const root = resolve(cwd, raw.root?.trim() || '.');
  const outputDirText = raw.outputDir?.trim() || 'coverage-merged';
  const options: MergeCoverageOptions = {
    files,
    filesAreDefault: !raw.files?.trim(),
    artifactDirs,
    cwd,
    root,
    pathRemap: attempt(() => parsePathRemap(raw.pathRemap ?? ''), []),
    outputDir: isAbsolute(outputDirText) ? outputDirText : resolve(cwd, outputDirText),
    formats: [...new Set(formats.filter((format) => !badFormats.includes(format)))] as OutputFormat[],
    thresholds: attempt(() => parseThresholds(raw.thresholds ?? DEFAULT_THRESHOLDS), {}),
    diffBase: raw.diffBase?.trim() || undefined,
    title: raw.title?.trim() || DEFAULT_TITLE,
    ifNoFilesFound,
    maxDrop: attempt(() => parseMaxDrop(raw.maxDrop ?? ''), {}),
  };
  if (problems.length > 0) throw new MergeCoverageError(problems.join('; '));
  return options;
}
