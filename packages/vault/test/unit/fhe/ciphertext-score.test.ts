import { describe, expect, it } from 'vitest';
import { VaultError } from '../../../src/errors.js';
import { decodeCiphertextScore, encodeCiphertextScore } from '../../../src/fhe/ciphertext-score.js';

describe('CiphertextScore codec', () => {
  it('round-trips blocks, including negative shard indices and empty ciphertexts', () => {
    const blocks = [
      { shardIdx: 7, count: 3, ciphertext: Uint8Array.from([1, 2, 3, 4]) },
      { shardIdx: -2, count: 4096, ciphertext: new Uint8Array(0) },
    ];
    const decoded = decodeCiphertextScore(encodeCiphertextScore({ blocks }));
    expect(decoded.blocks.map((b) => ({ ...b, ciphertext: Array.from(b.ciphertext) }))).toEqual(
      blocks.map((b) => ({ ...b, ciphertext: Array.from(b.ciphertext) })),
    );
  });

  it('matches the proto wire format (field 1 blocks; 1 shard_idx, 2 count, 3 ciphertext)', () => {
    const bytes = encodeCiphertextScore({
      blocks: [{ shardIdx: 1, count: 2, ciphertext: Uint8Array.from([9]) }],
    });
    expect(Array.from(bytes)).toEqual([0x0a, 7, 0x08, 1, 0x10, 2, 0x1a, 1, 9]);
  });

  it('an empty message decodes to zero blocks', () => {
    expect(decodeCiphertextScore(new Uint8Array(0)).blocks).toEqual([]);
  });

  it.each([
    ['truncated length prefix', Uint8Array.from([0x0a, 0x7f, 0x08])],
    ['invalid wire type', Uint8Array.from([0x0f, 0xff, 0xff, 0xff])],
  ])('rejects %s with a generic invalid_argument', (_label, bytes) => {
    let caught: unknown;
    try {
      decodeCiphertextScore(bytes);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(VaultError);
    expect(caught).toMatchObject({
      kind: 'invalid_argument',
      message: 'encrypted_blob_b64 is not a valid CiphertextScore',
    });
  });
});
