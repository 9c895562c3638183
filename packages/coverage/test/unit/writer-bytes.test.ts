// The streamed writers give the bytes the string-building writers gave (kept verbatim in
// support/*-writer-reference.ts), for any merged coverage: numbers of every size, names in any
// script, output larger than the sink's 64 KiB pieces, branch arms packed or in Maps; and
// LineHits answers as a Map does.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type FileCoverage,
  type LineBranches,
  LineHits,
  PackedBranches,
  writeCobertura,
  writeLcov,
} from '../../src/index.js';
import { writeLcovFile } from '../../src/writers/lcov-writer.js';
import { writeCoberturaReference } from './support/cobertura-writer-reference.js';
import { writeLcovReference } from './support/lcov-writer-reference.js';

const count = fc.oneof(
  { weight: 10, arbitrary: fc.integer({ min: 0, max: 50 }) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 2 ** 32 + 5 }) },
  { weight: 1, arbitrary: fc.constantFrom(2 ** 53, 1e21, 1.5e300, 123456789012345) },
);
const text = fc.oneof(
  fc.constantFrom('main', 'f<a, b>', 'x & "y" \'z\'', 'ünïcødé 文字', '😀'.repeat(30)),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
);
const lineNumber = fc.oneof(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 2 ** 31 - 1 }));
const branches: fc.Arbitrary<LineBranches> = fc.oneof(
  fc
    .array(fc.tuple(fc.constantFrom('0,0', '0,1', '3,#0', '1,a,b'), fc.option(count, { nil: null })), {
      maxLength: 4,
    })
    .map((arms) => ({ kind: 'arms' as const, arms: new Map(arms) })),
  fc
    .tuple(fc.nat(4), fc.nat(4), fc.option(fc.array(fc.constantFrom('5', 'exit')), { nil: undefined }))
    .map(([covered, extra, missing]) => ({
      kind: 'counts' as const,
      covered,
      total: covered + extra,
      ...(missing ? { missing } : {}),
    })),
);
/** The file as our writers get it, and as the reference writers do (branches always a Map). */
const file: fc.Arbitrary<{ ours: FileCoverage; reference: FileCoverage }> = fc
  .tuple(
    fc.oneof(
      fc.constantFrom('src/a.ts', 'a.ts', 'deep/x/y & z.ts', '/abs/é.py'),
      text.map((name) => `p/${name}`),
    ),
    fc.array(fc.tuple(lineNumber, count), { maxLength: 30 }),
    fc.option(fc.array(fc.tuple(text, fc.record({ line: lineNumber, hits: count })), { maxLength: 4 }), {
      nil: undefined,
    }),
    fc.option(fc.array(fc.tuple(lineNumber, branches), { maxLength: 5 }), { nil: undefined }),
    fc.boolean(),
    fc.boolean(),
  )
  .map(([path, lines, functions, lineBranches, asLineHits, asPacked]) => {
    const hits = asLineHits ? new LineHits() : new Map<number, number>();
    for (const [line, value] of lines) hits.set(line, value);
    const reference: FileCoverage = {
      path,
      hitKind: 'count',
      lines: hits,
      functions: functions && new Map(functions),
      branches: lineBranches && new Map(lineBranches),
    };
    // Ours may get the same arms packed, as the LCOV parser stores them.
    if (!reference.branches || !asPacked) return { ours: reference, reference };
    const packed = new PackedBranches();
    for (const [line, value] of reference.branches) packed.set(line, value);
    return { ours: { ...reference, branches: packed }, reference };
  });

describe('streamed writers', () => {
  it('write the same LCOV and Cobertura bytes as the string-building writers', () => {
    fc.assert(
      fc.property(fc.array(file, { maxLength: 5 }), (pairs) => {
        const files = pairs.map((pair) => pair.ours);
        const reference = pairs.map((pair) => pair.reference);
        expect(writeLcov(files)).toBe(writeLcovReference(reference));
        const options = { root: '/work/r & d', timestamp: 1700000000000 };
        expect(writeCobertura(files, options)).toBe(writeCoberturaReference(reference, options));
      }),
      { numRuns: 300 },
    );
  });

  const scratch = mkdtempSync(join(tmpdir(), 'writer-bytes-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('stream a report many 64 KiB pieces long to a file, whole, with nothing left beside it', () => {
    const lines = new LineHits();
    for (let line = 1; line <= 40_000; line++) lines.set(line, line % 7 === 0 ? 0 : line * 977);
    const long = 'é'.repeat(30_000);
    const files: FileCoverage[] = [
      {
        path: `src/${long}.ts`,
        hitKind: 'count',
        lines,
        functions: new Map([[long, { line: 3, hits: 2 ** 40 }]]),
        branches: undefined,
      },
    ];
    const path = join(scratch, 'lcov.info');
    writeLcovFile(files, path);
    expect(readFileSync(path, 'utf8')).toBe(writeLcovReference(files));
    expect(readdirSync(scratch)).toEqual(['lcov.info']);
  });

  it('leave no file when the writer fails halfway', () => {
    const broken = {
      path: 'a.ts',
      hitKind: 'count',
      lines: new LineHits().set(1, 1),
    } as unknown as FileCoverage;
    Object.defineProperty(broken, 'functions', {
      get() {
        throw new Error('boom');
      },
    });
    const path = join(scratch, 'broken.info');
    expect(() => writeLcovFile([broken], path)).toThrow('boom');
    expect(existsSync(path)).toBe(false);
    expect(readdirSync(scratch).filter((name) => name.startsWith('broken'))).toEqual([]);
  });
});

describe('LineHits', () => {
  const line = fc.oneof(
    { weight: 10, arbitrary: fc.integer({ min: 0, max: 200 }) },
    { weight: 2, arbitrary: fc.integer({ min: 0, max: 200_000 }) },
    { weight: 1, arbitrary: fc.constantFrom(-1, -7, 1.5, 2 ** 31 - 1, 4294967295) },
  );
  type Operation =
    | { kind: 'set' | 'add'; line: number; hits: number }
    | { kind: 'delete'; line: number }
    | { kind: 'merge'; lines: [number, number][]; flags: boolean };
  const operation: fc.Arbitrary<Operation> = fc.oneof(
    fc.record({
      kind: fc.constantFrom('set' as const, 'add' as const),
      line,
      hits: fc.integer({ min: -2, max: 9 }),
    }),
    fc.record({ kind: fc.constant('delete' as const), line }),
    fc.record({
      kind: fc.constant('merge' as const),
      lines: fc.array(fc.tuple(line, fc.integer({ min: 0, max: 9 })), { maxLength: 40 }),
      flags: fc.boolean(),
    }),
  );

  it('answers as a Map<number, number> would, in ascending order, with memory bounded by its size', () => {
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 60 }), (operations) => {
        const hits = new LineHits();
        const model = new Map<number, number>();
        let peak = 0;
        for (const op of operations) {
          if (op.kind === 'set') {
            hits.set(op.line, op.hits);
            model.set(op.line, op.hits);
          } else if (op.kind === 'add') {
            hits.add(op.line, op.hits);
            model.set(op.line, (model.get(op.line) ?? 0) + op.hits);
          } else if (op.kind === 'delete') expect(hits.delete(op.line)).toBe(model.delete(op.line));
          else if (op.kind === 'merge') {
            const other = new LineHits();
            for (const [at, value] of op.lines) other.set(at, value);
            peak = Math.max(peak, model.size + other.size);
            hits.mergeFrom(other, op.flags);
            for (const [at, value] of other) {
              const before = model.get(at);
              model.set(
                at,
                before === undefined ? value : op.flags ? Math.max(before, value) : before + value,
              );
            }
          }
          peak = Math.max(peak, model.size);
          expect(hits.denseSlots).toBeLessThanOrEqual(4 * (peak + 1) + 4096);
        }
        expect([...hits]).toEqual([...model].sort(([a], [b]) => a - b));
        expect(hits.size).toBe(model.size);
        expect(hits.covered).toBe([...model.values()].filter((value) => value > 0).length);
        for (const [at, value] of model) expect(hits.get(at)).toBe(value);
        expect(hits.get(123_456_789)).toBe(model.get(123_456_789));
      }),
      { numRuns: 300 },
    );
  });
});
