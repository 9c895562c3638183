import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VaultError } from '../../../src/errors.js';
import {
  checkMetadataShape,
  checkScoresShape,
  decodeBlob,
  decodeStrictBase64,
  METADATA_ITEMS_MAX,
  metadataItemsFrom,
  TOP_K_MAX,
  TOP_K_MIN,
  tokenFrom,
  validateToken,
} from '../../../src/grpc/request-validation.js';
import { TOKEN_LENGTH } from '../../../src/tokens/token-format.js';
import { fuzzBudget, fuzzTestTimeout } from '../../support/fuzz-budget.js';

// Property-based checks of the request validators, against oracles written independently of
// them: strict base64 is exactly the canonical padded encoding, and a refusal names the first
// broken field and never repeats the token (a malformed token may still be someone's secret).

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const CANONICAL_SHAPE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Canonical base64, decided from the text alone: standard alphabet, padded, no stray bits. */
function isCanonicalBase64(text: string): boolean {
  if (!CANONICAL_SHAPE.test(text)) return false;
  // The last symbol before padding carries bits that encode nothing; canonical means zeros.
  if (text.endsWith('==')) return (ALPHABET.indexOf(text.charAt(text.length - 3)) & 0x0f) === 0;
  if (text.endsWith('=')) return (ALPHABET.indexOf(text.charAt(text.length - 2)) & 0x03) === 0;
  return true;
}

/** Why a token breaks the proto rules, or undefined when it is well-formed. */
function tokenProblem(token: string): string | undefined {
  if (token.length !== TOKEN_LENGTH) return 'length';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are the rule
  if (/[\u0000-\u001f\u007f]/.test(token)) return 'control';
  if (token.trim() !== token) return 'whitespace';
  return undefined;
}

// Proto3 strings: strict UTF-8, and a leading BOM is kept as a character (it is not whitespace
// to trim() either, so a BOM-led token fails only on its length or passes as 36 characters).
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
function utf8(bytes: Uint8Array): string | undefined {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}

function refusal(run: () => unknown): VaultError | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    if (!(error instanceof VaultError)) throw error;
    expect(error.kind).toBe('invalid_argument');
    return error;
  }
}

/** No 8-character run of the token appears in the message (shorter tokens carry no secret). */
function expectNoTokenIn(message: string, token: string): void {
  let echoed: string | undefined;
  for (let i = 0; echoed === undefined && i + 8 <= token.length; i++) {
    if (message.includes(token.slice(i, i + 8))) echoed = token.slice(i, i + 8);
  }
  expect(echoed, message).toBeUndefined();
}

const REAL_TOKEN = 'evt_0123456789abcdef0123456789abcdef';
/** Tokens near the rules' edges: real-looking ones with one change, odd lengths, odd characters. */
const token = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({ unit: 'grapheme', minLength: 36, maxLength: 36 }),
  fc.stringMatching(/^evt_[0-9a-f]{32}$/),
  fc
    .tuple(
      fc.integer({ min: 0, max: TOKEN_LENGTH }),
      fc.constantFrom('', ' ', '\t', '\n', '\u0000', '\u007f', '\u00a0', '\u2028', '\ufeff', 'x', 'é', '😀'),
      fc.integer({ min: 0, max: 2 }),
    )
    .map(([at, insert, drop]) => `${REAL_TOKEN.slice(0, at)}${insert}${REAL_TOKEN.slice(at + drop)}`),
);

/** Base64 texts around the canonical form: exact, unpadded, url-safe, stray bits, junk. */
const base64Text = fc.oneof(
  fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes).toString('base64')),
  fc
    .tuple(
      fc.uint8Array({ minLength: 1, maxLength: 64 }),
      fc.nat(),
      fc.constantFrom(...`${ALPHABET}=-_ \n.*`),
    )
    .map(([bytes, at, ch]) => {
      const text = Buffer.from(bytes).toString('base64');
      const i = at % text.length;
      return `${text.slice(0, i)}${ch}${text.slice(i + 1)}`;
    }),
  fc.uint8Array({ minLength: 1, maxLength: 64 }).map((bytes) => Buffer.from(bytes).toString('base64url')),
  fc.string({ unit: fc.constantFrom(...`${ALPHABET}=-_ \n`), maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
);

describe('strict base64 fuzz', () => {
  it(
    'for any bytes, encode → decodeStrictBase64 gives the same bytes back',
    () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 512 }), (bytes) => {
          const decoded = decodeStrictBase64(Buffer.from(bytes).toString('base64'));
          expect(decoded?.equals(Buffer.from(bytes))).toBe(true);
        }),
        fuzzBudget(1_000, 2_000),
      );
    },
    fuzzTestTimeout(2_000),
  );

  it(
    'for any text, decodeStrictBase64 accepts exactly the canonical padded encodings',
    () => {
      fc.assert(
        fc.property(base64Text, (text) => {
          const decoded = decodeStrictBase64(text);
          expect(decoded !== undefined).toBe(isCanonicalBase64(text));
          if (decoded) expect(decoded.toString('base64')).toBe(text);
        }),
        fuzzBudget(2_000, 2_000),
      );
    },
    fuzzTestTimeout(2_000),
  );
});

describe('request validator fuzz', () => {
  it(
    'validateToken / tokenFrom: accept exactly the well-formed UTF-8 tokens; a refusal never repeats the token',
    () => {
      const tokenBytes = fc.oneof(
        token.map((t) => Buffer.from(t, 'utf8')),
        fc.uint8Array({ maxLength: 160 }).map((bytes) => Buffer.from(bytes)),
        // A real-looking token with one byte replaced: broken UTF-8, NUL, DEL, a lead byte.
        fc
          .tuple(fc.integer({ min: 0, max: TOKEN_LENGTH - 1 }), fc.integer({ min: 0, max: 255 }))
          .map(([at, byte]) => {
            const bytes = Buffer.from(REAL_TOKEN, 'utf8');
            bytes[at] = byte;
            return bytes;
          }),
      );
      fc.assert(
        fc.property(tokenBytes, (bytes) => {
          const text = utf8(bytes);
          const problem = text === undefined ? 'utf8' : tokenProblem(text);
          let returned: string | undefined;
          const error = refusal(() => {
            returned = tokenFrom(bytes);
          });
          expect(error === undefined).toBe(problem === undefined);
          if (error) {
            expect(error.message).toMatch(/^token: /);
            expectNoTokenIn(error.message, bytes.toString('latin1'));
            if (text !== undefined) expectNoTokenIn(error.message, text);
          } else {
            expect(returned).toBe(text);
          }
          if (text !== undefined) {
            const direct = refusal(() => validateToken(text));
            expect(direct === undefined).toBe(tokenProblem(text) === undefined);
            if (direct) expectNoTokenIn(direct.message, text);
          }
        }),
        fuzzBudget(1_000, 2_000),
      );
    },
    fuzzTestTimeout(2_000),
  );

  it(
    'decodeBlob: any bytes → the decoded blob exactly when they are canonical base64, else a clean refusal',
    () => {
      const blobText = fc.oneof(
        base64Text.map((text) => Buffer.from(text, 'utf8')),
        fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)),
        // Canonical text with one byte swapped for a non-ASCII one, which latin1 keeps visible.
        fc
          .tuple(
            fc.uint8Array({ minLength: 1, maxLength: 48 }),
            fc.nat(),
            fc.integer({ min: 0x80, max: 0xff }),
          )
          .map(([bytes, at, high]) => {
            const text = Buffer.from(Buffer.from(bytes).toString('base64'), 'latin1');
            text[at % text.length] = high;
            return text;
          }),
      );
      fc.assert(
        fc.property(blobText, (bytes) => {
          const asText = bytes.toString('latin1');
          const canonical = [...bytes].every((b) => b < 0x80) && isCanonicalBase64(asText);
          let returned: Uint8Array | undefined;
          const error = refusal(() => {
            returned = decodeBlob(bytes);
          });
          if (canonical)
            expect(returned && Buffer.from(returned).equals(Buffer.from(asText, 'base64'))).toBe(true);
          else expect(error?.message).toBe('encrypted_blob_b64: must be valid base64');
        }),
        fuzzBudget(1_000, 2_000),
      );
    },
    fuzzTestTimeout(2_000),
  );

  it(
    'checkScoresShape: an empty blob, then top_k outside 1..300, is refused by name; all else passes',
    () => {
      const topK = fc.oneof(
        fc.integer({ min: TOP_K_MIN - 2, max: TOP_K_MAX + 2 }),
        fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
      );
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 8 }), topK, (blob, k) => {
          const error = refusal(() => checkScoresShape(Buffer.from(blob), k));
          if (blob.length === 0) expect(error?.message).toBe('encrypted_blob_b64: must not be empty');
          else if (k < TOP_K_MIN || k > TOP_K_MAX) expect(error?.message).toMatch(/^top_k: /);
          else expect(error).toBeUndefined();
        }),
        fuzzBudget(1_000, 2_000),
      );
    },
    fuzzTestTimeout(2_000),
  );

  it(
    'checkMetadataShape / metadataItemsFrom: 1..1000 non-empty UTF-8 items pass; else the count or first bad item is named',
    () => {
      const item = fc.oneof(
        fc.string({ maxLength: 8 }).map((s) => Buffer.from(s, 'utf8')),
        fc.uint8Array({ maxLength: 6 }).map((bytes) => Buffer.from(bytes)),
      );
      const items = fc.oneof(
        fc.array(item, { maxLength: 12 }),
        // Around the 1,000-item limit, with an empty item somewhere or not.
        fc
          .tuple(
            fc.integer({ min: METADATA_ITEMS_MAX - 2, max: METADATA_ITEMS_MAX + 2 }),
            fc.option(fc.nat()),
          )
          .map(([count, emptyAt]) => {
            const list = Array.from({ length: count }, () => Buffer.from('{"a":"x","c":""}'));
            if (emptyAt !== null && count > 0) list[emptyAt % count] = Buffer.alloc(0);
            return list;
          }),
      );
      fc.assert(
        fc.property(items, (list) => {
          const shape = refusal(() => checkMetadataShape(list));
          const emptyAt = list.findIndex((b) => b.length === 0);
          if (list.length < 1 || list.length > METADATA_ITEMS_MAX) {
            expect(shape?.message).toMatch(/^encrypted_metadata_list: /);
          } else if (emptyAt >= 0) {
            expect(shape?.message).toBe(`encrypted_metadata_list[${emptyAt}]: must not be empty`);
          } else {
            expect(shape).toBeUndefined();
          }
          let texts: string[] | undefined;
          const decoding = refusal(() => {
            texts = metadataItemsFrom(list);
          });
          const badAt = list.findIndex((b) => utf8(b) === undefined);
          if (badAt >= 0)
            expect(decoding?.message).toBe(`encrypted_metadata_list[${badAt}]: must be valid UTF-8`);
          else expect(texts).toEqual(list.map((b) => utf8(b)));
        }),
        fuzzBudget(500, 2_000),
      );
    },
    fuzzTestTimeout(2_000),
  );
});
