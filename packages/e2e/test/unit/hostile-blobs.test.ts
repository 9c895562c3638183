import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  decryptScoresRequestBytes,
  encodeScoreBlocks,
  readScoreBlocks,
  recompressAsZlib,
  sealObject,
  sealPayload,
  zlibZeros,
  zstdZeros,
} from '../../src/cases/hostile-blobs.js';

const MIB = 1024 * 1024;

describe('hostile blobs (case 17)', () => {
  it('a zlib bomb inflates to exactly the zeros it claims, from about a thousandth of the size', () => {
    const bomb = zlibZeros(3 * MIB);
    const inflated = inflateSync(bomb); // checks the Adler-32 trailer too
    expect(inflated.length).toBe(3 * MIB);
    expect(inflated.every((b) => b === 0)).toBe(true);
    expect(bomb.length).toBeLessThan((3 * MIB) / 500);
  });

  it('a zstd bomb declares its size and is 4 bytes per 128 KiB RLE block', () => {
    const bomb = zstdZeros(MIB + 5);
    expect(bomb.readUInt32LE(0)).toBe(0xfd2fb528);
    expect(bomb.readBigUInt64LE(6)).toBe(BigInt(MIB + 5));
    expect(bomb.length).toBe(14 + 9 * 4);
    const payload = sealPayload(sealObject('zstd', bomb));
    expect(payload.length).toBe(MIB + 5);
    expect(payload.every((b) => b === 0)).toBe(true);
  });

  it('SEAL headers carry the mode and the total size; zlib re-serialisation keeps the payload', () => {
    const plain = sealObject('none', Buffer.from('coefficients'));
    expect([...plain.subarray(0, 6)]).toEqual([0x5e, 0xa1, 16, 4, 1, 0]);
    expect(plain.readBigUInt64LE(8)).toBe(BigInt(plain.length));
    const zlib = recompressAsZlib(plain);
    expect(zlib[5]).toBe(1);
    expect(zlib.readBigUInt64LE(8)).toBe(BigInt(zlib.length));
    expect(sealPayload(zlib).toString()).toBe('coefficients');
  });

  it('CiphertextScore and DecryptScoresRequest round-trip through the hand-written wire format', () => {
    const blocks = [
      { shardIdx: 0, count: 1, ciphertext: Buffer.from('a') },
      { shardIdx: 300, count: 4096, ciphertext: Buffer.alloc(200, 7) },
    ];
    const decoded = readScoreBlocks(encodeScoreBlocks(blocks));
    expect(decoded.map((b) => [b.shardIdx, b.count, Buffer.from(b.ciphertext).toString('hex')])).toEqual(
      blocks.map((b) => [b.shardIdx, b.count, b.ciphertext.toString('hex')]),
    );
    const request = decryptScoresRequestBytes('evt_x', Buffer.from('QUJD'), 5);
    expect(request.toString('hex')).toBe(
      `0a05${Buffer.from('evt_x').toString('hex')}1204${Buffer.from('QUJD').toString('hex')}1805`,
    );
  });
});
