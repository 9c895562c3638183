import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VaultError } from '../../../src/errors.js';
import {
  AGENT_ID_MAX_BYTES,
  agentIdForToken,
  decryptMetadataList,
  deriveAgentKey,
  encryptMetadataWithIv,
  LEGACY_IV_BYTES,
  type MetadataFormat,
  V2_NONCE_BYTES,
} from '../../../src/metadata/index.js';
import { fuzzBudget, fuzzTestTimeout } from '../../support/fuzz-budget.js';

// Property-based checks of DecryptMetadata's item parser and both envelope formats: whatever
// a caller sends, the answer is the plaintext (untampered items only) or an INVALID_ARGUMENT
// naming the item, never a stray TypeError/RangeError and never a secret or an echo.

const TEAM_SECRET = 'fuzz-team-secret-5f0c1e9a7b3d4c2e8a6f';
const AGENT = agentIdForToken('evt_0123456789abcdef0123456789abcdef');
const OTHER_AGENT = agentIdForToken('evt_fedcba9876543210fedcba9876543210');
const KEYS = {
  [AGENT]: deriveAgentKey(TEAM_SECRET, AGENT),
  [OTHER_AGENT]: deriveAgentKey(TEAM_SECRET, OTHER_AGENT),
};
/** Sits beside the fuzzed item in the same request: its plaintext must never reach an error. */
const NEIGHBOUR_PLAINTEXT = 'neighbour-plaintext-9c41d2e7b5a8';
const NEIGHBOUR = encryptMetadataWithIv(
  KEYS[OTHER_AGENT] as Buffer,
  OTHER_AGENT,
  NEIGHBOUR_PLAINTEXT,
  'v2',
  Buffer.alloc(V2_NONCE_BYTES, 7),
);
/** Planted in every caller-controlled string; an error text holding it echoed caller input. */
const CANARY = 'CaNaRy';

type Outcome = { value: string } | { error: VaultError };

/** Decrypts `item` beside a valid neighbour; anything but a value or a VaultError fails the run. */
function open(item: string, neighbourFirst: boolean): Outcome {
  const items = neighbourFirst ? [NEIGHBOUR, item] : [item, NEIGHBOUR];
  try {
    const out = decryptMetadataList(TEAM_SECRET, items);
    expect(out).toHaveLength(2);
    expect(out[neighbourFirst ? 0 : 1]).toBe(NEIGHBOUR_PLAINTEXT);
    return { value: out[neighbourFirst ? 1 : 0] as string };
  } catch (error) {
    if (!(error instanceof VaultError)) throw error;
    expect(error.kind).toBe('invalid_argument');
    expect(error.message.startsWith(`encrypted_metadata_list[${neighbourFirst ? 1 : 0}]: `)).toBe(true);
    expectNoSecret(error.message, item);
    return { error };
  }
}

/**
 * Secrets a metadata error may never show, whole or in part (12-character windows): the team
 * secret, any derived key (hex or base64) and the plaintext of another item.
 */
function expectNoSecret(message: string, item: string): void {
  const keys = [...Object.values(KEYS)];
  const agentId = agentIdOf(item);
  if (agentId !== undefined) keys.push(deriveAgentKey(TEAM_SECRET, agentId));
  const secrets = [
    TEAM_SECRET,
    NEIGHBOUR_PLAINTEXT,
    ...keys.flatMap((key) => [key.toString('hex'), key.toString('base64')]),
  ];
  const shown = secrets.flatMap((secret) => windows(secret).filter((piece) => message.includes(piece)));
  expect(shown, message).toEqual([]);
  expect(message).not.toContain(CANARY);
}

function windows(secret: string): string[] {
  const pieces: string[] = [];
  for (let at = 0; at + 12 <= secret.length; at += 4) pieces.push(secret.slice(at, at + 12));
  return pieces;
}

function agentIdOf(item: string): string | undefined {
  try {
    const a = (JSON.parse(item) as { a?: unknown }).a;
    return typeof a === 'string' && Buffer.byteLength(a) <= AGENT_ID_MAX_BYTES ? a : undefined;
  } catch {
    return undefined;
  }
}

/** An object's JSON text from entries, so "__proto__" and duplicate keys survive as own keys. */
function objectText(entries: [string, string][]): string {
  return `{${entries.map(([key, valueText]) => `${JSON.stringify(key)}:${valueText}`).join(',')}}`;
}

const canaryString = fc.string({ unit: 'binary', maxLength: 40 }).map((s) => `${s}${CANARY}${s}`);
/** Values as JSON text, including numbers JSON.stringify cannot write (2.0, 1e999, -0). */
const jsonText = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
  canaryString.map((s) => JSON.stringify(s)),
  fc.constantFrom(
    '2',
    '2.0',
    '2e0',
    '20e-1',
    '-0',
    '1e999',
    '-1e999',
    '9007199254740993',
    '1',
    '3',
    '-2',
    'null',
    'true',
    '"2"',
    '[2]',
    '{"v":2}',
    '{"__proto__":{"a":"x"}}',
  ),
  fc.integer({ min: 0, max: 40 }).map((depth) => `${'['.repeat(depth)}2${']'.repeat(depth)}`),
);
const validB64 = fc
  .uint8Array({ maxLength: 96 })
  .map((bytes) => JSON.stringify(Buffer.from(bytes).toString('base64')));
const agentIdText = fc.oneof(
  fc.constantFrom(AGENT, OTHER_AGENT).map((a) => JSON.stringify(a)),
  canaryString.map((s) => JSON.stringify(s)),
  jsonText,
  // Around the 1 KiB HKDF-info limit, in 1- to 4-byte characters.
  fc
    .tuple(fc.integer({ min: -8, max: 8 }), fc.constantFrom('x', 'é', '日', '😀'))
    .map(([delta, ch]) =>
      JSON.stringify(
        `${CANARY}${ch.repeat(Math.ceil((AGENT_ID_MAX_BYTES + delta) / Buffer.byteLength(ch)))}`,
      ),
    ),
);
const key = fc.constantFrom(
  'a',
  'c',
  'v',
  '__proto__',
  'constructor',
  'toString',
  'prototype',
  'A',
  ' a',
  CANARY,
);

/** Any text at all, JSON-ish text, and objects that look like envelopes. */
const arbitraryItem = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.json({ maxDepth: 3 }),
  jsonText,
  fc
    .record({
      a: fc.option(agentIdText, { nil: undefined }),
      c: fc.option(fc.oneof(validB64, jsonText), { nil: undefined }),
      v: fc.option(jsonText, { nil: undefined }),
      extra: fc.array(fc.tuple(key, jsonText), { maxLength: 3 }),
    })
    .map(({ a, c, v, extra }) => {
      const entries: [string, string][] = [];
      if (a !== undefined) entries.push(['a', a]);
      if (c !== undefined) entries.push(['c', c]);
      if (v !== undefined) entries.push(['v', v]);
      return objectText([...entries, ...extra]);
    }),
);

describe('metadata envelope fuzz', () => {
  it(
    'any item text → a plaintext or INVALID_ARGUMENT naming the item, never a secret or an echo',
    () => {
      fc.assert(
        fc.property(arbitraryItem, fc.boolean(), (item, neighbourFirst) => {
          open(item, neighbourFirst);
        }),
        fuzzBudget(1_000, 3_000),
      );
    },
    fuzzTestTimeout(3_000),
  );

  type Mutation =
    | { kind: 'none' }
    | { kind: 'flip'; at: number; bit: number }
    | { kind: 'truncate'; by: number }
    | { kind: 'append'; bytes: Uint8Array }
    | { kind: 'agent'; to: string }
    | { kind: 'format'; v: string | undefined }
    | { kind: 'noncanonical'; how: 'unpadded' | 'url' | 'newline' | 'space' | 'bad-char' }
    | { kind: 'extra'; key: string; valueText: string };

  const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    fc.constant({ kind: 'none' as const }),
    fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
    fc.record({ kind: fc.constant('truncate' as const), by: fc.integer({ min: 1, max: 40 }) }),
    fc.record({
      kind: fc.constant('append' as const),
      bytes: fc.uint8Array({ minLength: 1, maxLength: 20 }),
    }),
    fc.record({
      kind: fc.constant('agent' as const),
      to: fc.oneof(fc.constant(OTHER_AGENT), fc.string({ minLength: 1, maxLength: 40 })),
    }),
    fc.record({ kind: fc.constant('format' as const), v: fc.option(jsonText, { nil: undefined }) }),
    fc.record({
      kind: fc.constant('noncanonical' as const),
      how: fc.constantFrom('unpadded', 'url', 'newline', 'space', 'bad-char'),
    }),
    fc.record({
      kind: fc.constant('extra' as const),
      key: key.filter((k) => !'acv'.includes(k)),
      valueText: jsonText,
    }),
  );

  /** Builds the mutated item; `changedBytes` says whether the decoded `c` differs from the original. */
  function mutate(
    original: string,
    m: Mutation,
  ): { item: string; unchanged: boolean; changedBytes: boolean; changedAgent: boolean } {
    const env = JSON.parse(original) as { a: string; v?: number; c: string };
    const raw = Buffer.from(env.c, 'base64');
    let c = env.c;
    let a = env.a;
    let vText: string | undefined = env.v === undefined ? undefined : String(env.v);
    const extra: [string, string][] = [];
    let changedBytes = false;
    switch (m.kind) {
      case 'flip': {
        const copy = Buffer.from(raw);
        const at = m.at % copy.length;
        copy[at] = (copy[at] as number) ^ (1 << m.bit);
        c = copy.toString('base64');
        changedBytes = true;
        break;
      }
      case 'truncate':
        c = raw.subarray(0, Math.max(0, raw.length - m.by)).toString('base64');
        changedBytes = true;
        break;
      case 'append':
        c = Buffer.concat([raw, m.bytes]).toString('base64');
        changedBytes = true;
        break;
      case 'agent':
        a = m.to;
        break;
      case 'format':
        vText = m.v;
        break;
      case 'noncanonical':
        c = {
          unpadded: c.replace(/=+$/, ''),
          url: c.replaceAll('+', '-').replaceAll('/', '_'),
          newline: `${c.slice(0, 4)}\n${c.slice(4)}`,
          space: ` ${c}`,
          'bad-char': `${c.slice(0, -1)}*`,
        }[m.how];
        break;
      case 'extra':
        extra.push([m.key, m.valueText]);
        break;
    }
    const entries: [string, string][] = [
      ['a', JSON.stringify(a)],
      ['c', JSON.stringify(c)],
    ];
    if (vText !== undefined) entries.push(['v', vText]);
    const unchanged =
      c === env.c && a === env.a && vText === (env.v === undefined ? undefined : String(env.v));
    return { item: objectText([...entries, ...extra]), unchanged, changedBytes, changedAgent: a !== env.a };
  }

  it(
    'untampered items decrypt to their plaintext; a v2 item with any change to "c" or "a" is refused',
    () => {
      fc.assert(
        fc.property(
          fc.string({ unit: 'binary', maxLength: 300 }),
          fc.constantFrom<MetadataFormat>('v2', 'legacy'),
          fc.uint8Array({ minLength: LEGACY_IV_BYTES, maxLength: LEGACY_IV_BYTES }),
          mutation,
          fc.boolean(),
          (plaintext, format, ivBytes, m, neighbourFirst) => {
            const iv = Buffer.from(ivBytes.subarray(0, format === 'v2' ? V2_NONCE_BYTES : LEGACY_IV_BYTES));
            const original = encryptMetadataWithIv(KEYS[AGENT] as Buffer, AGENT, plaintext, format, iv);
            const { item, unchanged, changedBytes, changedAgent } = mutate(original, m);
            const outcome = open(item, neighbourFirst);
            // Lone surrogates are written as U+FFFD, so that is what comes back.
            const expected = Buffer.from(plaintext, 'utf8').toString('utf8');
            if (unchanged) {
              expect(outcome).toEqual({ value: expected });
            } else if (format === 'v2' && (changedBytes || changedAgent)) {
              expect('error' in outcome).toBe(true);
            } else if (m.kind === 'noncanonical') {
              expect('error' in outcome).toBe(true);
            }
            // Legacy CTR is unauthenticated (upstream parity): a flipped byte or another agent's
            // key may still decode, as long as the answer is a value or a clean error.
          },
        ),
        fuzzBudget(1_000, 3_000),
      );
    },
    fuzzTestTimeout(3_000),
  );

  it(
    'agent keys: any agent id up to 1 KiB derives a 32-byte key; a longer one is refused, not a RangeError',
    () => {
      const agentId = fc.oneof(
        fc.string({ unit: 'binary', minLength: 1, maxLength: 100 }),
        fc
          .tuple(fc.integer({ min: 1, max: 1100 }), fc.constantFrom('x', 'é', '日', '😀'))
          .map(([bytes, ch]) => ch.repeat(Math.max(1, Math.floor(bytes / Buffer.byteLength(ch))))),
      );
      fc.assert(
        fc.property(agentId, (a) => {
          const item = JSON.stringify({ a, c: Buffer.alloc(40).toString('base64') });
          if (Buffer.byteLength(a, 'utf8') <= AGENT_ID_MAX_BYTES) {
            const derived = deriveAgentKey(TEAM_SECRET, a);
            expect(derived).toHaveLength(32);
            expect(deriveAgentKey(TEAM_SECRET, a).equals(derived)).toBe(true);
            // A zero-filled legacy payload decrypts or fails cleanly depending on the keystream.
            open(item, false);
          } else {
            const outcome = open(item, false);
            expect('error' in outcome && outcome.error.message).toMatch(
              /"a" \(agent id\) must be at most 1024 bytes/,
            );
          }
          expect(agentIdForToken(a)).toMatch(/^[0-9a-f]{32}$/);
        }),
        fuzzBudget(500, 2_000),
      );
    },
    fuzzTestTimeout(2_000),
  );
});
