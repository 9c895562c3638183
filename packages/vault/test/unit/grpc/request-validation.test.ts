import { describe, expect, it } from 'vitest';
import { VaultError } from '../../../src/errors.js';
import {
  validateDecryptMetadata,
  validateDecryptScores,
  validateGetPublicKey,
} from '../../../src/grpc/request-validation.js';

const TOKEN = `evt_${'a'.repeat(32)}`;

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
    expect(() => validateGetPublicKey({ token: TOKEN })).not.toThrow();
    expect(() => validateGetPublicKey({ token: 'X'.repeat(36) })).not.toThrow();
  });
  it('rejects a token that is not exactly 36 characters, without echoing it', () => {
    const err = invalid(() => validateGetPublicKey({ token: 'evt_short' }));
    expect(err.message).toBe('token: must be exactly 36 characters (got 9)');
    expect(invalid(() => validateGetPublicKey({ token: `${TOKEN}x` })).message).toContain('(got 37)');
    expect(invalid(() => validateGetPublicKey({ token: '' })).message).toContain('(got 0)');
  });
  it('rejects control characters', () => {
    const err = invalid(() => validateGetPublicKey({ token: `evt_${'a'.repeat(31)}\n` }));
    expect(err.message).toBe('token: must not contain control characters');
  });
  it('rejects surrounding whitespace', () => {
    const err = invalid(() => validateGetPublicKey({ token: ` evt_${'a'.repeat(31)}` }));
    expect(err.message).toBe('token: must not have leading or trailing whitespace');
  });
});

describe('DecryptScores rules', () => {
  const ok = { token: TOKEN, encrypted_blob_b64: 'AAEC', top_k: 5 };
  it('accepts a well-formed request', () => {
    expect(() => validateDecryptScores(ok)).not.toThrow();
  });
  it('rejects an empty blob', () => {
    expect(invalid(() => validateDecryptScores({ ...ok, encrypted_blob_b64: '' })).message).toBe(
      'encrypted_blob_b64: must not be empty',
    );
  });
  it('rejects a blob that is not base64', () => {
    expect(invalid(() => validateDecryptScores({ ...ok, encrypted_blob_b64: 'not base64!' })).message).toBe(
      'encrypted_blob_b64: must be valid base64',
    );
    expect(invalid(() => validateDecryptScores({ ...ok, encrypted_blob_b64: 'AAE' })).message).toBe(
      'encrypted_blob_b64: must be valid base64',
    );
  });
  it('rejects top_k below 1 and above 300, accepts both bounds', () => {
    expect(invalid(() => validateDecryptScores({ ...ok, top_k: 0 })).message).toBe(
      'top_k: must be between 1 and 300 (got 0)',
    );
    expect(invalid(() => validateDecryptScores({ ...ok, top_k: 301 })).message).toContain('(got 301)');
    expect(invalid(() => validateDecryptScores({ ...ok, top_k: -4 })).message).toContain('(got -4)');
    expect(() => validateDecryptScores({ ...ok, top_k: 1 })).not.toThrow();
    expect(() => validateDecryptScores({ ...ok, top_k: 300 })).not.toThrow();
  });
  it('checks the token first', () => {
    expect(invalid(() => validateDecryptScores({ ...ok, token: 'bad', top_k: 0 })).message).toMatch(
      /^token:/,
    );
  });
});

describe('DecryptMetadata rules', () => {
  it('rejects an empty list', () => {
    expect(
      invalid(() => validateDecryptMetadata({ token: TOKEN, encrypted_metadata_list: [] })).message,
    ).toBe('encrypted_metadata_list: must hold between 1 and 1000 items (got 0)');
  });
  it('rejects more than 1000 items and accepts exactly 1000', () => {
    const list = Array.from({ length: 1001 }, () => 'x');
    expect(
      invalid(() => validateDecryptMetadata({ token: TOKEN, encrypted_metadata_list: list })).message,
    ).toContain('(got 1001)');
    expect(() =>
      validateDecryptMetadata({ token: TOKEN, encrypted_metadata_list: list.slice(1) }),
    ).not.toThrow();
  });
  it('rejects an empty item, naming its index', () => {
    expect(
      invalid(() => validateDecryptMetadata({ token: TOKEN, encrypted_metadata_list: ['x', '', 'y'] }))
        .message,
    ).toBe('encrypted_metadata_list[1]: must not be empty');
  });
});

describe('base64 check on large blobs', () => {
  it('accepts a 12 MB blob without overflowing the regexp stack', () => {
    const big = Buffer.alloc(9 * 1024 * 1024, 7).toString('base64');
    expect(() => validateDecryptScores({ token: TOKEN, encrypted_blob_b64: big, top_k: 1 })).not.toThrow();
  });
  it('rejects padding in the middle', () => {
    expect(
      invalid(() => validateDecryptScores({ token: TOKEN, encrypted_blob_b64: 'AA==AAAA', top_k: 1 }))
        .message,
    ).toBe('encrypted_blob_b64: must be valid base64');
  });
});
