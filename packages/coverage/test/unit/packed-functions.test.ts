// PackedFunctions (names beside Float64Arrays of lines and hits) against the Map of
// FunctionHits objects it replaced: the parser's FN/FNDA words, the Map API and the merge give
// the same functions, in the same order, with the same lines and hits.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type FunctionHits, fileTotals, mergeFileInto, PackedFunctions } from '../../src/index.js';

type Word =
  | { kind: 'declare'; name: string; line: number }
  | { kind: 'hits'; name: string; hits: number; line: number }
  | { kind: 'set'; name: string; line: number; hits: number }
  | { kind: 'delete'; name: string };

const name = fc.constantFrom('f', 'g', 'h<a, b>', 'ünï', '', 'constructor', '__proto__', 'k1', 'k2', 'k3');
const word: fc.Arbitrary<Word> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('declare' as const), name, line: fc.nat(50) }) },
  {
    weight: 5,
    arbitrary: fc.record({ kind: fc.constant('hits' as const), name, hits: fc.nat(9), line: fc.nat(3) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('set' as const), name, line: fc.nat(50), hits: fc.nat(9) }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), name }) },
);

/** What the parser did with a Map: FN moves a known function, FNDA adds to one (placing it if new). */
function applyToMap(map: Map<string, FunctionHits>, one: Word): void {
  const known = map.get(one.name);
  if (one.kind === 'declare') {
    if (known) known.line = one.line;
    else map.set(one.name, { line: one.line, hits: 0 });
  } else if (one.kind === 'hits') {
    if (known) known.hits += one.hits;
    else map.set(one.name, { line: one.line, hits: one.hits });
  } else if (one.kind === 'set') map.set(one.name, { line: one.line, hits: one.hits });
  else map.delete(one.name);
}

function applyToPacked(table: PackedFunctions, one: Word): void {
  if (one.kind === 'declare') table.declare(one.name, one.line);
  else if (one.kind === 'hits') table.addHits(one.name, one.hits, one.line);
  else if (one.kind === 'set') table.set(one.name, { line: one.line, hits: one.hits });
  else table.delete(one.name);
}

function both(words: Word[]): { map: Map<string, FunctionHits>; table: PackedFunctions } {
  const map = new Map<string, FunctionHits>();
  const table = new PackedFunctions();
  for (const one of words) {
    applyToMap(map, one);
    applyToPacked(table, one);
  }
  return { map, table };
}

const file = (functions: Map<string, FunctionHits>, hitKind: 'count' | 'boolean' = 'count') => ({
  path: 'a.c',
  hitKind,
  lines: new Map<number, number>(),
  functions,
  branches: undefined,
});

describe('PackedFunctions', () => {
  it('holds what a Map of FunctionHits holds after any FN, FNDA, set and delete', () => {
    fc.assert(
      fc.property(fc.array(word, { maxLength: 40 }), (words) => {
        const { map, table } = both(words);
        expect([...table]).toEqual([...map]);
        expect(table.size).toBe(map.size);
        for (const key of map.keys()) expect(table.get(key)).toEqual(map.get(key));
        expect(fileTotals(file(table)).functions).toEqual(fileTotals(file(map)).functions);
        // The parser's compact copy holds the same, and leaves the scratch empty for the next record.
        const copy = table.takeCompact();
        expect([...copy]).toEqual([...map]);
        expect(table.size).toBe(0);
        expect([...table]).toEqual([]);
      }),
      { numRuns: 400 },
    );
  });

  it('merges as the Map merge did: same order or not, one side lacking functions, flags', () => {
    fc.assert(
      fc.property(
        fc.array(word, { maxLength: 30 }),
        fc.array(word, { maxLength: 30 }),
        fc.boolean(),
        fc.boolean(),
        (left, right, flags, twin) => {
          // A twin names the left side's functions in the same order, with other hits.
          const rightWords = twin
            ? left.map((one, index) => ({ ...one, ...(right[index] ?? {}), name: one.name }))
            : right;
          const mapped = both(left);
          const other = both(rightWords as Word[]);
          const kind = flags ? 'boolean' : 'count';
          const reference = file(mapped.map, kind);
          mergeFileInto(reference, file(other.map, kind));
          const packed = file(mapped.table, kind);
          mergeFileInto(packed, file(other.table, kind));
          expect([...(packed.functions ?? [])]).toEqual([...(reference.functions ?? [])]);
          // Functions of another format (a Map) merged into packed ones.
          const fromMap = file(both(left).table, kind);
          mergeFileInto(fromMap, file(other.map, kind));
          expect([...(fromMap.functions ?? [])]).toEqual([...(reference.functions ?? [])]);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('takes a line of 0 (a function placed by FNDA alone) from the other report, keeps any other', () => {
    const left = new PackedFunctions();
    left.addHits('only-fnda', 1, 0);
    left.declare('placed', 7);
    const right = new PackedFunctions();
    right.declare('placed', 9);
    right.declare('only-fnda', 12);
    right.addHits('only-fnda', 2, 0);
    left.mergeFrom(right, false);
    expect([...left]).toEqual([
      ['only-fnda', { line: 12, hits: 3 }],
      ['placed', { line: 7, hits: 0 }],
    ]);
  });
});
