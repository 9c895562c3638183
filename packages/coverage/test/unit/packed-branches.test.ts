// PackedBranches (branch arms in one Float64Array per file) against what it replaced, a Map of
// lines to Maps of arms: for any arms in any order, merged in any way, the same lines, arms, arm
// order, hits and counts; then the corner cases by name (packed-merge.test.ts takes the parser,
// the merge and the writers together).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type ArmHits,
  addArmHits,
  branchCounter,
  type LineBranches,
  PackedBranches,
  writeLcov,
} from '../../src/index.js';

type Reference = Map<number, Map<string, ArmHits>>;
type Arm = [line: number, key: string, hits: ArmHits];

/** The Map model: arms summed per key (`-` kept apart from 0), or the larger kept for flags. */
function addToReference(reference: Reference, [line, key, hits]: Arm, flags = false): void {
  const at = line === 0 ? 0 : line;
  let arms = reference.get(at);
  if (!arms) {
    arms = new Map();
    reference.set(at, arms);
  }
  const before = arms.get(key);
  arms.set(key, flags && before != null && hits != null ? Math.max(before, hits) : addArmHits(before, hits));
}

function packed(arms: Arm[]): PackedBranches {
  const table = new PackedBranches();
  for (const [line, key, hits] of arms) table.addArmKey(line, key, hits);
  return table;
}

/** Lines ascending, each line's arms in the order they came. */
function plain(branches: Map<number, LineBranches> | Reference): unknown {
  return [...branches.entries()]
    .sort(([a], [b]) => a - b)
    .map(([line, arms]) => [
      line,
      arms instanceof Map ? [...arms] : arms.kind === 'arms' ? [...arms.arms] : arms,
    ]);
}

const line = fc.oneof(
  { weight: 20, arbitrary: fc.integer({ min: 0, max: 40 }) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 2 ** 31 - 1 }) },
  { weight: 1, arbitrary: fc.constantFrom(-0, -3, -(2 ** 40)) },
);
const digits = fc.oneof(
  { weight: 20, arbitrary: fc.integer({ min: 0, max: 5 }).map(String) },
  { weight: 2, arbitrary: fc.constantFrom('999999999999999', '4294967295', '64', '4096') },
  // Not plain digits: kept as text, and apart from the number they spell.
  { weight: 1, arbitrary: fc.constantFrom('00', '007', '9999999999999999', '#0', '#1', 'a,b') },
);
const key = fc.tuple(digits, digits).map(([block, branch]) => `${block},${branch}`);
const hits: fc.Arbitrary<ArmHits> = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 9 }) },
  { weight: 2, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.constantFrom(2 ** 32 + 1, 2 ** 53, 1e21) },
);
const arm: fc.Arbitrary<Arm> = fc.tuple(line, key, hits);
// Mostly in order, as tools write them; sometimes shuffled, sometimes one line of many arms.
const arms = fc.oneof(
  { weight: 3, arbitrary: fc.array(arm, { maxLength: 60 }).map((list) => list.sort((a, b) => a[0] - b[0])) },
  { weight: 2, arbitrary: fc.array(arm, { maxLength: 60 }) },
  {
    weight: 1,
    arbitrary: fc
      .array(fc.tuple(key, hits), { minLength: 17, maxLength: 120 })
      .map((list) => list.map(([k, h]): Arm => [7, k, h])),
  },
);

describe('PackedBranches', () => {
  it('holds what a Map of arms per line holds, for arms in any order (repeats summed in place)', () => {
    fc.assert(
      fc.property(arms, (list) => {
        const reference: Reference = new Map();
        for (const one of list) addToReference(reference, one);
        const table = packed(list);
        expect(plain(table)).toEqual(plain(reference));
        expect(table.size).toBe(reference.size);
        for (const [at, lineArms] of reference) {
          const counter = branchCounter({ kind: 'arms', arms: lineArms });
          expect(table.counterAt(at)).toEqual(counter);
          expect(table.get(at)).toEqual({ kind: 'arms', arms: lineArms });
        }
        const all = [...reference.values()].map((lineArms) =>
          branchCounter({ kind: 'arms', arms: lineArms }),
        );
        expect(table.counter()).toEqual({
          covered: all.reduce((sum, counter) => sum + counter.covered, 0),
          total: all.reduce((sum, counter) => sum + counter.total, 0),
        });
      }),
      { numRuns: 400 },
    );
  });

  it('merges as the Map merge did, whichever side lacks a line or an arm, counts or flags', () => {
    fc.assert(
      fc.property(arms, arms, fc.boolean(), fc.boolean(), (left, other, flags, twin) => {
        // A twin has the left side's lines and keys, other hits: two jobs of one build.
        const right = twin
          ? left.map(([at, armKey], index): Arm => [at, armKey, other[index]?.[2] ?? 1])
          : other;
        const reference: Reference = new Map();
        for (const one of left) addToReference(reference, one);
        // The right report's own repeats are summed before the merge, as its parser sums them.
        const rightReference: Reference = new Map();
        for (const one of right) addToReference(rightReference, one);
        for (const [at, lineArms] of rightReference)
          for (const [armKey, armHits] of lineArms) addToReference(reference, [at, armKey, armHits], flags);
        const table = packed(left);
        table.mergeFrom(packed(right), flags);
        expect(plain(table)).toEqual(plain(reference));
        // The other way in: arms given as Maps, one line at a time (a report of another format).
        const byLine = packed(left);
        for (const [at, lineArms] of rightReference) byLine.addArms(at, lineArms, flags);
        expect(plain(byLine)).toEqual(plain(reference));
      }),
      { numRuns: 400 },
    );
  });

  it('merges files where one side lacks a line, or an arm, of the other', () => {
    // Same number of arms and the same keys, on other lines: not the same arms.
    const table = packed([
      [1, '0,0', 1],
      [2, '0,0', 1],
    ]);
    table.mergeFrom(
      packed([
        [2, '0,0', 1],
        [3, '0,0', 1],
      ]),
      false,
    );
    expect(plain(table)).toEqual([
      [1, [['0,0', 1]]],
      [2, [['0,0', 2]]],
      [3, [['0,0', 1]]],
    ]);
    const withArm = packed([[4, '0,0', null]]);
    withArm.mergeFrom(
      packed([
        [4, '0,1', 3],
        [4, '0,0', 0],
      ]),
      false,
    );
    expect(plain(withArm)).toEqual([
      [
        4,
        [
          ['0,0', 0],
          ['0,1', 3],
        ],
      ],
    ]);
  });

  it('keeps a line of no arms (istanbul can list a branch without one) until an arm comes', () => {
    const table = packed([[2, '0,0', 1]]);
    table.set(5, { kind: 'arms', arms: new Map() });
    expect(table.sortedLines()).toEqual([2, 5]);
    expect(table.get(5)).toEqual({ kind: 'arms', arms: new Map() });
    expect(table.counterAt(5)).toEqual({ covered: 0, total: 0 });
    table.addArms(5, new Map([['1,0', 2]]), false);
    expect(table.hasUnpacked).toBe(false);
    expect(plain(table)).toEqual([
      [2, [['0,0', 1]]],
      [5, [['1,0', 2]]],
    ]);
  });

  it('keeps `-` apart from 0: `-` + `-` stays `-`, `-` + 0 is 0, and neither is covered', () => {
    const table = packed([
      [3, '0,0', null],
      [3, '0,1', null],
      [3, '0,2', 0],
      [3, '0,3', 2],
    ]);
    table.mergeFrom(
      packed([
        [3, '0,0', null],
        [3, '0,1', 0],
        [3, '0,2', null],
        [3, '0,3', null],
      ]),
      false,
    );
    expect(table.get(3)).toEqual({
      kind: 'arms',
      arms: new Map([
        ['0,0', null],
        ['0,1', 0],
        ['0,2', 0],
        ['0,3', 2],
      ]),
    });
    expect(table.counter()).toEqual({ covered: 1, total: 4 });
  });

  it('sums the repeats of a line of many arms (a large switch) and keeps their first order', () => {
    const list: Arm[] = [];
    for (let round = 0; round < 3; round++)
      for (let branch = 0; branch < 500; branch++)
        list.push([12, `0,${branch}`, branch % 5 === 0 ? null : round]);
    const table = packed(list);
    const arms = (table.get(12) as { arms: Map<string, ArmHits> }).arms;
    expect(arms.size).toBe(500);
    expect([...arms.keys()].slice(0, 3)).toEqual(['0,0', '0,1', '0,2']);
    expect(arms.get('0,0')).toBe(null);
    expect(arms.get('0,1')).toBe(3);
    expect(table.counter()).toEqual({ covered: 400, total: 500 });
  });

  it('keeps huge block and branch numbers exact, and keys that are not plain digits as text', () => {
    const table = packed([
      [1, '999999999999999,123456789012345', 1],
      [1, '9999999999999999,0', 2],
      [1, '007,1', 3],
      [1, '7,1', 4],
      [1, '2,#0', 5],
    ]);
    expect([...(table.get(1) as { arms: Map<string, ArmHits> }).arms]).toEqual([
      ['999999999999999,123456789012345', 1],
      ['9999999999999999,0', 2],
      ['007,1', 3],
      ['7,1', 4],
      ['2,#0', 5],
    ]);
    const lcov = writeLcov([
      { path: 'a.c', hitKind: 'count', lines: new Map(), functions: undefined, branches: table },
    ]);
    expect(lcov).toContain('BRDA:1,999999999999999,123456789012345,1\n');
    expect(lcov).toContain('BRDA:1,9999999999999999,0,2\nBRDA:1,007,1,3\nBRDA:1,7,1,4\nBRDA:1,2,0,5\n');
  });

  it('sorts lines that come out of order, and answers set, delete and counted lines as a Map', () => {
    const table = packed([
      [10, '0,0', 1],
      [5, '0,0', 0],
      [10, '0,1', 2],
      [10, '0,0', 1],
      [-0, '0,0', 1],
    ]);
    expect(plain(table)).toEqual([
      [0, [['0,0', 1]]],
      [5, [['0,0', 0]]],
      [
        10,
        [
          ['0,0', 2],
          ['0,1', 2],
        ],
      ],
    ]);
    expect(Object.is(table.sortedLines()[0], 0)).toBe(true);
    table.set(7, { kind: 'counts', covered: 1, total: 2 });
    expect(table.hasUnpacked).toBe(true);
    expect(table.sortedLines()).toEqual([0, 5, 7, 10]);
    expect(table.counterAt(7)).toEqual({ covered: 1, total: 2 });
    expect(table.delete(5)).toBe(true);
    expect(table.delete(5)).toBe(false);
    table.set(10, { kind: 'arms', arms: new Map([['1,1', 4]]) });
    expect(plain(table)).toEqual([
      [0, [['0,0', 1]]],
      [7, { kind: 'counts', covered: 1, total: 2 }],
      [10, [['1,1', 4]]],
    ]);
    expect(table.size).toBe(3);
    expect(table.counter()).toEqual({ covered: 3, total: 4 });
  });
});
