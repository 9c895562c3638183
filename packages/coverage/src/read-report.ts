// Reads one report of any supported format, recognised by its content (never by its name).
import { readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { ReportParseError } from './errors.js';
import type { CoverageReport, ReportFormat } from './model.js';
import { readCoberturaFile } from './parsers/cobertura.js';
import { parseIstanbulJson } from './parsers/istanbul-json.js';
import { readLcovFile } from './parsers/lcov.js';

const LCOV_KEY = /^(TN|SF|VER|FN|FNDA|DA|BRDA|LF|LH):/;

/** The format of a report from its first bytes; throws naming the file when it is none of them. */
export function detectFormat(head: string, source: string): ReportFormat {
  const text = head.replace(/^\uFEFF/, '').trimStart();
  if (text === '') throw new ReportParseError(source, undefined, 'is empty: not a coverage report');
  if (text.startsWith('<')) return 'cobertura';
  if (text.startsWith('{')) {
    if (/^\{\s*"total"\s*:\s*\{\s*"(lines|statements)"/.test(text))
      throw new ReportParseError(
        source,
        1,
        'is an istanbul json-summary (totals only, no per-line data to merge): use coverage-final.json, lcov.info or the Cobertura XML of the same run',
      );
    return 'istanbul-json';
  }
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  if (LCOV_KEY.test(firstLine)) return 'lcov';
  const line = head.slice(0, head.length - text.length).split('\n').length;
  throw new ReportParseError(
    source,
    line,
    `not a coverage report this reads (LCOV, Cobertura XML, istanbul coverage-final.json); it starts with: ${firstLine.slice(0, 60)}`,
  );
}

async function readHead(path: string, bytes = 4096): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}

/** `source` is how messages name the file (default: the path as given). */
export async function readReport(path: string, source = path): Promise<CoverageReport> {
  const format = detectFormat(await readHead(path), source);
  if (format === 'cobertura') return readCoberturaFile(path, source);
  if (format === 'lcov') return readLcovFile(path, source);
  return parseIstanbulJson(readFileSync(path, 'utf8'), source);
}
