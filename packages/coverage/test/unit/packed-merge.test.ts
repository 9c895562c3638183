// Packed storage (LineHits, PackedBranches, PackedFunctions) through the parser, the merge and
// every writer: for two jobs' tracefiles, the totals and bytes that the line-by-line parser
// (support/lcov-reference-parser.ts, plain Maps) and the Map merge gave.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type CoverageReport,
  fileTotals,
  mergeReports,
  parseLcov,
  writeCobertura,
  writeLcov,
} from '../../src/index.js';
import { parseLcovReference } from './support/lcov-reference-parser.js';

const digits = fc.oneof(
  { weight: 20, arbitrary: fc.integer({ min: 0, max: 5 }).map(String) },
  { weight: 2, arbitrary: fc.constantFrom('999999999999999', '4294967295', '64', '4096') },
  { weight: 1, arbitrary: fc.constantFrom('00', '007', '9999999999999999', '#0', 'a,b') },
);
// FN lines, then FNDA lines in their order (as tools write them) or some of them in any order.
const functionName = fc.constantFrom('f', 'g', 'h<a, b>', 'ünï', '12,x');
const functionLines = fc
  .array(fc.tuple(functionName, fc.integer({ min: 1, max: 30 }), fc.nat(4)), { maxLength: 5 })
  .chain((functions) =>
    fc
      .tuple(fc.constant(functions), fc.shuffledSubarray(functions), fc.boolean())
      .map(([declared, counted, inOrder]) => [
        ...declared.map(([name, at]) => `FN:${at},${name}`),
        ...(inOrder ? declared : counted).map(([name, , hits]) => `FNDA:${hits},${name}`),
      ]),
  );

// Tracefiles of two jobs over the same few files, with the FN/FNDA and BRDA shapes tools write.
const brdaLine = fc
  .tuple(fc.integer({ min: 1, max: 30 }), digits, digits, fc.oneof(fc.constant('-'), fc.nat(9).map(String)))
  .map(([at, block, branch, taken]) => `BRDA:${at},${block},${branch},${taken}`);
const record = fc
  .tuple(
    fc.constantFrom('a.ts', 'b.ts', 'c.ts'),
    fc.array(fc.tuple(fc.integer({ min: 1, max: 30 }), fc.nat(5)), { maxLength: 8 }),
    fc.array(brdaLine, { maxLength: 12 }),
    fc.boolean(),
    functionLines,
  )
  .map(([path, lines, brda, sorted, functions]) => {
    const body = sorted ? [...brda].sort() : brda;
    return [
      'TN:',
      `SF:${path}`,
      ...functions,
      ...lines.map(([at, h]) => `DA:${at},${h}`),
      ...body,
      'BRF:0',
      'FNF:0',
      'end_of_record',
    ];
  });
const tracefile = fc.array(record, { maxLength: 4 }).map((records) => `${records.flat().join('\n')}\n`);

/** Through the merge and every writer, as the user sees it. */
function merged(reports: CoverageReport[]): unknown {
  const { files, totals } = mergeReports(reports);
  return {
    totals,
    perFile: files.map((file) => fileTotals(file)),
    lcov: writeLcov(files),
    cobertura: writeCobertura(files, { root: '/r', timestamp: 0 }),
  };
}

describe('packed storage through parse, merge and writers', () => {
  it('give the bytes and totals the Map-based parse and merge gave', () => {
    fc.assert(
      fc.property(tracefile, tracefile, (first, second) => {
        const ours = merged([parseLcov(first, 'a/lcov.info'), parseLcov(second, 'b/lcov.info')]);
        const before = merged([
          parseLcovReference(first, 'a/lcov.info'),
          parseLcovReference(second, 'b/lcov.info'),
        ]);
        expect(ours).toEqual(before);
      }),
      { numRuns: 300 },
    );
  });
});
