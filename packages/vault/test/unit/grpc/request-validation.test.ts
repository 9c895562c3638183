import { describe, expect, it } from 'vitest';
import { VaultError } from '../../../src/errors.js';
import {
  checkMetadataShape,
  checkScoresShape,
  decodeBlob,
  metadataItemsFrom,
  tokenFrom,
} from '../../../src/grpc/request-validation.js';

const TOKEN = `evt_${'a'.repeat(32)}`;
const bytes = (text: string) => Buffer.from(text, 'utf8');
const items = (...texts: string[]) => texts.map(bytes);

function invalid(fn: () => void): VaultError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(VaultError);
    expect((error as VaultError).kind).toBe('invalid_argument');
    return error as VaultError;
  }
  throw new Error('expected an invalid_argument error, got none');
}

describe('token rules', () => {
  it('accepts a 36-char evt_ token and an older 36-char token', () => {
    expect(tokenFrom(bytes(TOKEN))).toBe(TOKEN);
    expect(tokenFrom(bytes('X'.repeat(36)))).toBe('X'.repeat(36));
    expect(tokenFrom(bytes('é'.repeat(36)))).toBe('é'.repeat(36));
  });
  it('rejects a token that is not exactly 36 characters, without echoing it', () => {
    const err = invalid(() => tokenFrom(bytes('evt_short')));
    expect(err.message).toBe('token: must be exactly 36 characters (got 9)');
    expect(invalid(() => tokenFrom(bytes(`${TOKEN}x`))).message).toContain('(got 37)');
    expect(invalid(() => tokenFrom(bytes(''))).message).toContain('(got 0)');
  });
  it('refuses a huge token field by its byte count', () => {
    expect(invalid(() => tokenFrom(Buffer.alloc(10_000, 0x61))).message).toBe(
      'token: must be exactly 36 characters (got 10000 bytes)',
    );
  });
  it('rejects a token that is not UTF-8', () => {
    const raw = Buffer.concat([bytes(TOKEN.slice(0, 35)), Buffer.from([0xff])]);
    expect(invalid(() => tokenFrom(raw)).message).toBe('token: must be valid UTF-8');
  });
  it('rejects control characters', () => {
    const err = invalid(() => tokenFrom(bytes(`evt_${'a'.repeat(31)}\n`)));
    expect(err.message).toBe('token: must not contain control characters');
  });
  it('rejects surrounding whitespace', () => {
    const err = invalid(() => tokenFrom(bytes(` evt_${'a'.repeat(31)}`)));
    expect(err.message).toBe('token: must not have leading or trailing whitespace');
  });
});

describe('DecryptScores rules', () => {
  it('accepts a well-formed request', () => {
    expect(() => checkScoresShape(bytes('AAEC'), 5)).not.toThrow();
    expect([...decodeBlob(bytes('AAEC'))]).toEqual([0, 1, 2]);
  });
  it('rejects an empty blob', () => {
    expect(invalid(() => checkScoresShape(bytes(''), 5)).message).toBe(
      'encrypted_blob_b64: must not be empty',
    );
  });
  it('rejects a blob that is not base64', () => {
    for (const text of ['not base64!', 'AAE', 'AA-_', 'AAE\u00e9']) {
      expect(invalid(() => decodeBlob(bytes(text))).message).toBe('encrypted_blob_b64: must be valid base64');
    }
    // A byte Node's decoder would skip (0xff) must not vanish from the round trip.
    const withHighByte = Buffer.from([0x41, 0x41, 0x45, 0x43, 0xff, 0x41, 0x41, 0x41]);
    expect(invalid(() => decodeBlob(withHighByte)).message).toBe('encrypted_blob_b64: must be valid base64');
  });
  it('rejects top_k below 1 and above 300, accepts both bounds', () => {
    expect(invalid(() => checkScoresShape(bytes('AAEC'), 0)).message).toBe(
      'top_k: must be between 1 and 300 (got 0)',
    );
    expect(invalid(() => checkScoresShape(bytes('AAEC'), 301)).message).toContain('(got 301)');
    expect(invalid(() => checkScoresShape(bytes('AAEC'), -4)).message).toContain('(got -4)');
    expect(() => checkScoresShape(bytes('AAEC'), 1)).not.toThrow();
    expect(() => checkScoresShape(bytes('AAEC'), 300)).not.toThrow();
  });
});

describe('DecryptMetadata rules', () => {
  it('rejects an empty list', () => {
    expect(invalid(() => checkMetadataShape([])).message).toBe(
      'encrypted_metadata_list: must hold between 1 and 1000 items (got 0)',
    );
  });
  it('rejects more than 1000 items and accepts exactly 1000', () => {
    const list = Array.from({ length: 1001 }, () => bytes('x'));
    expect(invalid(() => checkMetadataShape(list)).message).toContain('(got 1001)');
    expect(() => checkMetadataShape(list.slice(1))).not.toThrow();
  });
  it('rejects an empty item, naming its index', () => {
    expect(invalid(() => checkMetadataShape(items('x', '', 'y'))).message).toBe(
      'encrypted_metadata_list[1]: must not be empty',
    );
  });
  it('decodes items as UTF-8 and names an item that is not', () => {
    expect(metadataItemsFrom(items('x', 'ü'))).toEqual(['x', 'ü']);
    expect(invalid(() => metadataItemsFrom([bytes('x'), Buffer.from([0xc3])])).message).toBe(
      'encrypted_metadata_list[1]: must be valid UTF-8',
    );
  });
});

describe('base64 check on large blobs', () => {
  it('accepts a 12 MB blob without overflowing the regexp stack', () => {
    const big = Buffer.from(Buffer.alloc(9 * 1024 * 1024, 7).toString('base64'), 'latin1');
    expect(decodeBlob(big).length).toBe(9 * 1024 * 1024);
  });
  it('rejects padding in the middle', () => {
    expect(invalid(() => decodeBlob(bytes('AA==AAAA'))).message).toBe(
      'encrypted_blob_b64: must be valid base64',
    );
  });
});
