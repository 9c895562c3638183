// The byte-level, streaming LCOV parser against the line-by-line one it replaced
// (support/lcov-reference-parser.ts, kept verbatim): for any tracefile, well-formed or not, the
// same report or the same error; the same whatever pieces the file arrives in; and the corner
// cases the fast paths must leave to the general code, each named.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CoverageReport, LineHits, MAX_LINE_NUMBER, ReportParseError } from '../../src/index.js';
import { LcovParser, parseLcov } from '../../src/parsers/lcov.js';
import { parseLcovReference } from './support/lcov-reference-parser.js';

type Outcome = { report: unknown } | { error: string; line: number | undefined };

/** A report as plain data: lines by number (their order is the writers' to make), the rest in order. */
function plain(report: CoverageReport): unknown {
  return {
    source: report.source,
    format: report.format,
    files: report.files.map((file) => ({
      path: file.path,
      hitKind: file.hitKind,
      lines: [...file.lines.entries()].sort(([a], [b]) => a - b),
      functions: file.functions && [...file.functions.entries()],
      branches:
        file.branches &&
        [...file.branches.entries()]
          .sort(([a], [b]) => a - b)
          .map(([line, branches]) => [
            line,
            branches.kind === 'arms' ? [...branches.arms.entries()] : branches,
          ]),
    })),
  };
}

function outcome(parse: () => CoverageReport): Outcome {
  try {
    return { report: plain(parse()) };
  } catch (error) {
    if (error instanceof ReportParseError) return { error: error.message, line: error.line };
    throw error;
  }
}

/** Feeds the text as UTF-8 bytes cut at the given offsets (lines and characters cut anywhere). */
function parseInPieces(text: string, cuts: number[], source: string): CoverageReport {
  const bytes = Buffer.from(text, 'utf8');
  const parser = new LcovParser(source);
  let from = 0;
  for (const cut of [...cuts.map((at) => at % (bytes.length + 1))].sort((a, b) => a - b)) {
    parser.write(bytes.subarray(from, cut));
    from = cut;
  }
  parser.write(bytes.subarray(from));
  return parser.finish();
}

// Mostly well-formed, with every kind of wrongness now and then. Line numbers stay within
// MAX_LINE_NUMBER here (beyond it the new parser refuses what the old one took: tested on its
// own below); counts take any digits.
const odd = fc.constantFrom('00', '007', '-1', '-0', '1.5', '2e3', '1.5e+3', 'x', '', ' 1', '1 ');
const lineDigits = fc.oneof(
  { weight: 60, arbitrary: fc.integer({ min: 0, max: 60 }).map(String) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: MAX_LINE_NUMBER }).map(String) },
  { weight: 1, arbitrary: odd },
);
const digits = fc.oneof(
  { weight: 60, arbitrary: fc.integer({ min: 0, max: 20 }).map(String) },
  { weight: 1, arbitrary: fc.constantFrom('9'.repeat(16), '4294967295', '1e+30', '3.7') },
  { weight: 1, arbitrary: odd },
);
const name = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('f', 'fn_1', 'f<a, b>', '12,name', '3,', 'éç', '(anonymous_0)') },
  {
    weight: 2,
    arbitrary: fc
      .string({ unit: 'grapheme', minLength: 1, maxLength: 12 })
      .filter((text) => !/[\r\n]/.test(text)),
  },
);
const taken = fc.oneof({ weight: 3, arbitrary: digits }, { weight: 1, arbitrary: fc.constant('-') });
const block = fc.oneof(
  { weight: 30, arbitrary: fc.integer({ min: 0, max: 5 }).map(String) },
  { weight: 2, arbitrary: fc.constantFrom('00', '01', '007', '4096', '64') },
  { weight: 1, arbitrary: digits },
);
const body = fc.oneof(
  { weight: 80, arbitrary: fc.tuple(lineDigits, digits).map(([line, hits]) => `DA:${line},${hits}`) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(lineDigits, digits, fc.constantFrom('abc', 'x,y', ''))
      .map(([l, h, c]) => `DA:${l},${h},${c}`),
  },
  {
    weight: 40,
    arbitrary: fc.tuple(lineDigits, block, block, taken).map(([l, b, r, t]) => `BRDA:${l},${b},${r},${t}`),
  },
  { weight: 1, arbitrary: fc.tuple(lineDigits, block, taken).map(([l, b, t]) => `BRDA:${l},${b},a,b,${t}`) },
  { weight: 1, arbitrary: fc.tuple(lineDigits, block).map(([l, b]) => `BRDA:${l},${b}`) },
  { weight: 20, arbitrary: fc.tuple(lineDigits, name).map(([line, fn]) => `FN:${line},${fn}`) },
  {
    weight: 1,
    arbitrary: fc.tuple(lineDigits, lineDigits, name).map(([line, end, fn]) => `FN:${line},${end},${fn}`),
  },
  { weight: 20, arbitrary: fc.tuple(digits, name).map(([hits, fn]) => `FNDA:${hits},${fn}`) },
  { weight: 1, arbitrary: fc.tuple(block, lineDigits).map(([index, line]) => `FNL:${index},${line}`) },
  {
    weight: 1,
    arbitrary: fc.tuple(block, digits, name).map(([index, hits, fn]) => `FNA:${index},${hits},${fn}`),
  },
  {
    weight: 6,
    arbitrary: fc.constantFrom(
      'TN:',
      'LF:3',
      'LH:1',
      'BRF:0',
      'BRH:0',
      'FNF:1',
      'FNH:0',
      'VER:2',
      '',
      '   ',
      '\t',
    ),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'what is this',
      'da:1,1',
      'DA',
      'BRDA:',
      'FN',
      ':x',
      'DA:1,1\u00a0',
      'end_of_record ',
    ),
  },
);
const path = fc.oneof(
  { weight: 30, arbitrary: fc.constantFrom('a.ts', 'src/b c.ts', 'é/ü.py') },
  { weight: 2, arbitrary: fc.string({ minLength: 1, maxLength: 8 }).filter((text) => !/[\r\n]/.test(text)) },
  { weight: 1, arbitrary: fc.constant('') },
);
const record = fc
  .tuple(
    path,
    fc.array(body, { maxLength: 16 }),
    fc.oneof({ weight: 30, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
  )
  .map(([file, lines, ended]) => [`SF:${file}`, ...lines, ...(ended ? ['end_of_record'] : [])]);
const tracefile = fc
  .tuple(
    fc.array(
      fc.oneof({ weight: 30, arbitrary: record }, { weight: 1, arbitrary: fc.array(body, { maxLength: 2 }) }),
      {
        maxLength: 4,
      },
    ),
    fc.array(fc.boolean(), { minLength: 64, maxLength: 64 }),
    fc.boolean(),
  )
  .map(([records, crlf, trailing]) => {
    const lines = records.flat();
    const text = lines.map((line, index) => `${line}${crlf[index % 64] ? '\r\n' : '\n'}`).join('');
    return trailing ? text : text.replace(/\r?\n$/, '');
  });

describe('the streaming LCOV parser', () => {
  it('gives the report, or the error, the line-by-line parser gave, for any tracefile', () => {
    fc.assert(
      fc.property(tracefile, (text) => {
        expect(outcome(() => parseLcov(text, 'job/lcov.info'))).toEqual(
          outcome(() => parseLcovReference(text, 'job/lcov.info')),
        );
      }),
      { numRuns: 400 },
    );
  });

  it('gives the same whatever pieces the bytes arrive in (lines and UTF-8 characters cut anywhere)', () => {
    fc.assert(
      fc.property(tracefile, fc.array(fc.nat(), { maxLength: 8 }), (text, cuts) => {
        expect(outcome(() => parseInPieces(text, cuts, 'x'))).toEqual(outcome(() => parseLcov(text, 'x')));
      }),
      { numRuns: 300 },
    );
  });

  it('reads CRLF tracefiles as LF ones', () => {
    const lf = 'SF:a.c\nFN:1,main\nFNDA:2,main\nDA:1,2\nDA:2,0\nBRDA:2,0,0,-\nBRDA:2,0,1,3\nend_of_record\n';
    expect(plain(parseLcov(lf.replace(/\n/g, '\r\n'), 's'))).toEqual(plain(parseLcov(lf, 's')));
  });

  it('sums duplicate DA lines and arms, keeps `-` apart from 0, and pairs FNDA with FN in any order', () => {
    const report = parseLcov(
      'SF:a.c\nFNDA:3,late\nDA:4,1\nDA:4,2\nBRDA:4,0,0,-\nBRDA:4,0,0,-\nBRDA:4,0,1,0\nBRDA:4,0,1,-\nFN:9,late\nFN:2,never\nend_of_record\n',
      's',
    );
    const file = report.files[0];
    expect(file?.lines.get(4)).toBe(3);
    const arms = file?.branches?.get(4);
    expect(arms?.kind === 'arms' && [...arms.arms]).toEqual([
      ['0,0', null],
      ['0,1', 0],
    ]);
    expect([...(file?.functions ?? [])]).toEqual([
      ['late', { line: 9, hits: 3 }],
      ['never', { line: 2, hits: 0 }],
    ]);
  });

  it('names a record without end_of_record at the line it starts, also in pieces', () => {
    const text = 'SF:a.js\nDA:1,1\nend_of_record\nSF:b.js\nDA:1,0\n';
    expect(() => parseInPieces(text, [3, 20, 21], 'l.info')).toThrow(
      'l.info:4: the record of b.js that starts here has no end_of_record',
    );
  });

  it('refuses a line number beyond any source line (4294967295 is a tool’s -1), naming it', () => {
    for (const line of ['DA:4294967295,1', 'BRDA:4294967295,0,0,1', 'DA:2147483648,0,abc']) {
      expect(() => parseLcov(`SF:a.c\nDA:1,1\n${line}\nend_of_record\n`, 'big.info')).toThrow(
        /^big\.info:3: (DA|BRDA) line number \d+ is beyond any source line \(the largest taken is 2147483647; 4294967295 is a tool's -1\): fix the tool that wrote the report, or drop that line$/,
      );
    }
  });

  it('keeps memory to the lines held when a line number is huge but allowed', () => {
    const report = parseLcov(`SF:a.c\nDA:1,1\nDA:${MAX_LINE_NUMBER},2\nDA:3,0\nend_of_record\n`, 's');
    const lines = report.files[0]?.lines as LineHits;
    expect(lines).toBeInstanceOf(LineHits);
    expect([...lines]).toEqual([
      [1, 1],
      [3, 0],
      [MAX_LINE_NUMBER, 2],
    ]);
    expect(lines.denseSlots).toBeLessThan(10_000);
  });
});
