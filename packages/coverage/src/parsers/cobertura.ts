// Cobertura XML, streamed through saxes (a real XML parser that knows the line of every error).
// Two dialects matter: istanbul's (counts, <method>s, branch data always measured) and
// coverage.py's (hits are 0/1 flags, no methods, branches only with `coverage run --branch`,
// and `missing-branches` naming the arcs it did not take).
import { closeSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { ReportParseError } from '../errors.js';
import { type CoverageReport, emptyFile, type FileCoverage, type LineBranches } from '../model.js';
import { digitsAt } from './digits.js';

type Producer = 'coverage.py' | 'istanbul' | undefined;

class CoberturaParser {
  private readonly parser = new SaxesParser<{ xmlns: false; position: true }>({
    xmlns: false,
    position: true,
  });
  private readonly files: FileCoverage[] = [];
  private readonly sourceRoots: string[] = [];
  private producer: Producer;
  private sawRoot = false;
  private branchesValid = 0;
  private sawBranchLine = false;
  private sawMethod = false;
  private file: FileCoverage | undefined;
  private method:
    | { name: string; line: number | undefined; hits: number | undefined; maxLineHits: number }
    | undefined;
  private sourceText: string | undefined;

  /** `position: false` parses about a fifth faster but knows no line numbers (see readCoberturaFile). */
  constructor(
    private readonly source: string,
    private readonly position = true,
  ) {
    this.parser = new SaxesParser({ xmlns: false, position });
    this.parser.on('opentag', (tag) => this.open(tag));
    this.parser.on('closetag', (tag) => this.close(tag.name));
    this.parser.on('text', (text) => {
      if (this.sourceText !== undefined) this.sourceText += text;
    });
    this.parser.on('comment', (text) => {
      if (text.includes('coverage.py')) this.producer = 'coverage.py';
    });
    this.parser.on('doctype', (text) => {
      // istanbul's cobertura reporter is the one that writes this DOCTYPE.
      if (text.includes('cobertura.sourceforge.net') && !this.producer) this.producer = 'istanbul';
    });
  }

  write(chunk: string): void {
    this.guard(() => this.parser.write(chunk));
  }

  finish(): CoverageReport {
    this.guard(() => this.parser.close());
    if (!this.sawRoot)
      throw new ReportParseError(this.source, undefined, 'no <coverage> element: not a Cobertura report');
    // A report measures branches when its tool says so; coverage.py without --branch writes branches-valid="0".
    const branchesMeasured = this.producer === 'istanbul' || this.branchesValid > 0 || this.sawBranchLine;
    const functionsMeasured = this.producer === 'istanbul' || this.sawMethod;
    for (const file of this.files) {
      if (this.producer === 'coverage.py') {
        file.hitKind = 'boolean';
        // coverage.py leaves missing-branches out when it missed none.
        for (const line of file.branches?.values() ?? [])
          if (line.kind === 'counts' && !line.missing && line.covered === line.total) line.missing = [];
      }
      if (branchesMeasured) file.branches ??= new Map();
      else file.branches = undefined;
      if (functionsMeasured) file.functions ??= new Map();
    }
    return {
      source: this.source,
      format: 'cobertura',
      ...(this.producer ? { producer: this.producer } : {}),
      sourceRoots: this.sourceRoots,
      files: this.files,
    };
  }

  private guard(action: () => void): void {
    try {
      action();
    } catch (error) {
      if (error instanceof ReportParseError) throw error;
      const message = error instanceof Error ? error.message : String(error);
      // saxes prefixes "line:column: "; the line goes into our own prefix instead.
      const match = /^(\d+):(\d+): (.*)$/s.exec(message);
      throw new ReportParseError(
        this.source,
        match ? Number(match[1]) : this.currentLine(),
        match ? `malformed XML (column ${match[2]}): ${match[3]}` : `malformed XML: ${message}`,
      );
    }
  }

  private currentLine(): number | undefined {
    return this.position ? this.parser.line : undefined;
  }

  private fail(detail: string): never {
    throw new ReportParseError(this.source, this.currentLine(), detail);
  }

  private open(tag: SaxesTagPlain): void {
    const attributes = tag.attributes;
    if (!this.sawRoot) {
      if (tag.name !== 'coverage')
        this.fail(`root element is <${tag.name}>, not <coverage>: not a Cobertura report`);
      this.sawRoot = true;
      this.branchesValid = Number(attributes['branches-valid'] ?? 0) || 0;
      return;
    }
    switch (tag.name) {
      case 'source':
        this.sourceText = '';
        break;
      case 'class': {
        const filename = attributes.filename;
        if (!filename) this.fail(`<class name="${attributes.name ?? ''}"> has no filename attribute`);
        this.file = emptyFile(filename);
        this.files.push(this.file);
        break;
      }
      case 'method': {
        this.sawMethod = true;
        if (!this.file) this.fail('<method> outside a <class>');
        const hits = attributes.hits === undefined ? undefined : this.count(attributes.hits, 'method hits');
        this.method = { name: attributes.name ?? '', line: undefined, hits, maxLineHits: 0 };
        break;
      }
      case 'line':
        this.line(attributes);
        break;
      default:
        break;
    }
  }

  private close(name: string): void {
    switch (name) {
      case 'source': {
        const text = (this.sourceText ?? '').trim();
        if (text !== '') this.sourceRoots.push(text);
        this.sourceText = undefined;
        break;
      }
      case 'class':
        this.file = undefined;
        break;
      case 'method': {
        const method = this.method;
        const file = this.file;
        if (method && file) {
          file.functions ??= new Map();
          // Overloads share a name: the first keeps the plain name.
          let key = method.name;
          if (file.functions.has(key)) key = `${method.name}:${method.line ?? 0}`;
          const known = file.functions.get(key);
          const hits = method.hits ?? method.maxLineHits;
          if (known) known.hits += hits;
          else file.functions.set(key, { line: method.line ?? 0, hits });
        }
        this.method = undefined;
        break;
      }
      default:
        break;
    }
  }

  private line(attributes: Record<string, string>): void {
    const file = this.file;
    if (!file) this.fail('<line> outside a <class>');
    const number = digitsAt(attributes.number ?? '');
    if (number === -1) this.fail(`<line number="${attributes.number ?? ''}"> is not a line number`);
    const hits = this.count(attributes.hits, `hits of line ${number}`);
    if (this.method) {
      // Lines inside <method> repeat lines of the class; they only place the method.
      this.method.line ??= number;
      this.method.maxLineHits = Math.max(this.method.maxLineHits, hits);
      return;
    }
    file.lines.set(number, (file.lines.get(number) ?? 0) + hits);
    if (attributes.branch !== 'true') return;
    this.sawBranchLine = true;
    const conditions = /\((\d+)\/(\d+)\)/.exec(attributes['condition-coverage'] ?? '');
    if (!conditions) return;
    const missing = attributes['missing-branches'];
    const branches: LineBranches = {
      kind: 'counts',
      covered: Number(conditions[1]),
      total: Number(conditions[2]),
      ...(missing !== undefined ? { missing: missing.split(',').filter(Boolean) } : {}),
    };
    file.branches ??= new Map();
    file.branches.set(number, branches);
  }

  private count(value: string | undefined, what: string): number {
    const fast = value === undefined ? -1 : digitsAt(value);
    if (fast !== -1) return fast;
    if (value === undefined || !/^\d+(\.\d+)?$/.test(value.trim()))
      this.fail(`${what} is not a count: ${value ?? '(missing)'}`);
    return Math.round(Number(value));
  }
}

export function parseCobertura(text: string, source: string): CoverageReport {
  const parser = new CoberturaParser(source);
  parser.write(text);
  return parser.finish();
}

/**
 * Streams the file in 1 MiB pieces, so a large report never sits in memory whole. Synchronous
 * reads: there is nothing else to do meanwhile, and each await would cost a turn of the loop.
 */
export function readCoberturaFile(path: string, source = path): CoverageReport {
  try {
    return parseCoberturaFile(path, source, false);
  } catch (error) {
    // Errors are rare: read it again, this time counting lines, to say where.
    if (error instanceof ReportParseError) return parseCoberturaFile(path, source, true);
    throw error;
  }
}

function parseCoberturaFile(path: string, source: string, position: boolean): CoverageReport {
  const parser = new CoberturaParser(source, position);
  const decoder = new StringDecoder('utf8');
  const buffer = Buffer.alloc(1 << 20);
  const descriptor = openSync(path, 'r');
  try {
    for (;;) {
      const read = readSync(descriptor, buffer, 0, buffer.length, null);
      if (read === 0) break;
      parser.write(decoder.write(buffer.subarray(0, read)));
    }
    parser.write(decoder.end());
  } finally {
    closeSync(descriptor);
  }
  return parser.finish();
}
