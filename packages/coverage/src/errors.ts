// Errors a user sees: each names the report (and line), the value, and what to do.

/** A report that cannot be read; `line` is 1-based in the report file. */
export class ReportParseError extends Error {
  override readonly name = 'ReportParseError';
  constructor(
    readonly source: string,
    readonly line: number | undefined,
    readonly detail: string,
  ) {
    super(`${source}${line === undefined ? '' : `:${line}`}: ${detail}`);
  }
}

/** The reports were read but cannot be merged or written as asked (bad option, mixed data, no files). */
export class MergeCoverageError extends Error {
  override readonly name = 'MergeCoverageError';
}
