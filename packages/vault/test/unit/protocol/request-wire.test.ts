import { describe, expect, it } from 'vitest';
import {
  DECRYPT_METADATA_REQUEST,
  DECRYPT_SCORES_REQUEST,
  GET_PUBLIC_KEY_REQUEST,
  readWireMessage,
} from '../../../src/protocol/request-wire.js';

const TOKEN = `evt_${'a'.repeat(32)}`;

// Hand-written wire bytes: tag = field << 3 | wire type.
const tag = (field: number, wireType: number) => varint(BigInt((field << 3) | wireType));
function varint(value: bigint): number[] {
  const out: number[] = [];
  let v = BigInt.asUintN(64, value);
  do {
    const low = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v ? low | 0x80 : low);
  } while (v);
  return out;
}
const len = (field: number, bytes: number[] | string) => {
  const body = typeof bytes === 'string' ? [...Buffer.from(bytes)] : bytes;
  return [...tag(field, 2), ...varint(BigInt(body.length)), ...body];
};
const msg = (...parts: number[][]) => Buffer.from(parts.flat());

function fields(buf: Buffer, spec = DECRYPT_SCORES_REQUEST) {
  const read = readWireMessage(buf, spec);
  if (!read.ok) throw new Error(`unexpected problem: ${read.problem}`);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(read.fields)) {
    out[k] = Buffer.isBuffer(v) ? v.toString() : Array.isArray(v) ? v.map(String) : v;
  }
  return out;
}
function problem(buf: Buffer, spec = DECRYPT_SCORES_REQUEST): string {
  const read = readWireMessage(buf, spec);
  if (read.ok) throw new Error('expected a problem, got a message');
  return read.problem;
}

describe('readWireMessage: well-formed input', () => {
  it('reads every field and keeps the blob as a slice of the message (no copy)', () => {
    const buf = msg(len(1, TOKEN), len(2, 'AAEC'), tag(3, 0), varint(7n));
    expect(fields(buf)).toEqual({ token: TOKEN, encrypted_blob_b64: 'AAEC', top_k: 7 });
    const read = readWireMessage(buf, DECRYPT_SCORES_REQUEST);
    expect(read.ok && (read.fields.encrypted_blob_b64 as Buffer).buffer).toBe(buf.buffer);
  });
  it('gives proto3 defaults for absent fields', () => {
    expect(fields(Buffer.alloc(0))).toEqual({ token: '', encrypted_blob_b64: '', top_k: 0 });
  });
  it('reads a negative int32 from its 10-byte sign-extended varint', () => {
    expect(fields(msg(tag(3, 0), varint(-4n))).top_k).toBe(-4);
    expect(varint(-4n)).toHaveLength(10);
  });
  it('keeps the low 32 bits of a wider varint, as protobuf int32 does', () => {
    expect(fields(msg(tag(3, 0), varint(2n ** 32n + 5n))).top_k).toBe(5);
  });
  it('lets the last occurrence of a singular field win', () => {
    const buf = msg(len(1, 'first'), tag(3, 0), varint(1n), len(1, TOKEN), tag(3, 0), varint(9n));
    expect(fields(buf)).toMatchObject({ token: TOKEN, top_k: 9 });
  });
  it('appends every occurrence of a repeated field, in order', () => {
    const buf = msg(len(2, 'a'), len(1, TOKEN), len(2, 'b'), len(2, ''));
    expect(fields(buf, DECRYPT_METADATA_REQUEST)).toEqual({
      token: TOKEN,
      encrypted_metadata_list: ['a', 'b', ''],
    });
  });
  it('skips unknown fields of every valid wire type', () => {
    const buf = msg(
      tag(9, 0),
      varint(300n),
      tag(10, 1),
      [1, 2, 3, 4, 5, 6, 7, 8],
      len(11, 'ignored'),
      tag(12, 5),
      [1, 2, 3, 4],
      len(1, TOKEN),
    );
    expect(fields(buf, GET_PUBLIC_KEY_REQUEST)).toEqual({ token: TOKEN });
  });
});

describe('readWireMessage: malformed input', () => {
  it('refuses reserved wire types 6 and 7, naming the field', () => {
    expect(problem(msg(len(1, TOKEN), tag(2, 7), [0]))).toBe(
      'field 2 (encrypted_blob_b64) uses reserved wire type 7',
    );
    expect(problem(msg(tag(15, 6)))).toBe('field 15 uses reserved wire type 6');
  });
  it('refuses groups (wire types 3 and 4), which proto3 requests never carry', () => {
    expect(problem(msg(tag(5, 3), tag(5, 4)))).toBe('field 5 uses the deprecated group wire type');
    expect(problem(msg(tag(5, 4)))).toBe('field 5 uses the deprecated group wire type');
  });
  it('refuses a length that runs past the end of the message instead of cutting it short', () => {
    const truncated = msg(len(1, TOKEN), [...tag(2, 2), ...varint(100n)], [...Buffer.from('AAEC')]);
    expect(problem(truncated)).toBe('field 2 (encrypted_blob_b64) runs past the end of the message');
    expect(problem(msg([...tag(20, 2), ...varint(2n ** 40n)]))).toBe(
      'field 20 runs past the end of the message',
    );
  });
  it('refuses fixed-width unknown fields cut off by the end', () => {
    expect(problem(msg(tag(9, 1), [1, 2, 3]))).toBe('field 9 runs past the end of the message');
    expect(problem(msg(tag(9, 5), [1]))).toBe('field 9 runs past the end of the message');
  });
  it('refuses varints that are cut off or overflow 64 bits (more than 10 bytes)', () => {
    expect(problem(msg(tag(3, 0), [0x80, 0x80]))).toBe(
      'field 3 (top_k) is cut off by the end of the message',
    );
    // An 11-byte varint needs a continuation bit on byte 10, which already overflows.
    expect(problem(msg(tag(3, 0), Array(10).fill(0x80), [0]))).toBe('field 3 (top_k) overflows 64 bits');
    expect(problem(msg(tag(3, 0), Array(9).fill(0xff), [0x02]))).toBe('field 3 (top_k) overflows 64 bits');
    expect(problem(msg([...tag(1, 2), 0x80]))).toBe(
      'the length of field 1 (token) is cut off by the end of the message',
    );
    expect(problem(msg([0x80]))).toBe('a field tag is cut off by the end of the message');
  });
  it('refuses padded varints (a last byte of 0 after others), in tags and values alike', () => {
    expect(problem(msg([0x98, 0x00], [5]))).toBe('a field tag is padded (a non-minimal varint)');
    expect(problem(msg(tag(3, 0), [0x85, 0x80, 0x00]))).toBe(
      'field 3 (top_k) is padded (a non-minimal varint)',
    );
    expect(fields(msg(tag(3, 0), [0x00])).top_k).toBe(0);
  });
  it('refuses an int32 varint of 6 to 9 bytes, which no encoder writes (protobufjs refuses it too)', () => {
    expect(problem(msg(tag(3, 0), varint(2n ** 35n)))).toBe(
      'field 3 (top_k) is not an int32 varint (6 bytes)',
    );
    // An unknown varint field may be any 64-bit value.
    expect(fields(msg(tag(9, 0), varint(2n ** 35n), tag(3, 0), [7])).top_k).toBe(7);
  });
  it('refuses field number 0 and tags beyond 32 bits', () => {
    expect(problem(msg([0x02, 0x00]))).toBe('a field tag has an invalid field number');
    expect(problem(msg(varint(2n ** 35n)))).toBe('a field tag has an invalid field number');
  });
  it('refuses a known field sent with the wrong wire type', () => {
    expect(problem(msg(tag(1, 0), [1]))).toBe(
      'field 1 (token) has wire type varint; expected length-delimited',
    );
    expect(problem(msg(len(3, 'x')))).toBe('field 3 (top_k) has wire type length-delimited; expected varint');
    expect(problem(msg(tag(3, 5), [0, 0, 0, 0]))).toBe('field 3 (top_k) has wire type i32; expected varint');
  });
  it('never echoes the bytes it refuses', () => {
    const secret = 'evt_0123456789abcdef0123456789abcdef';
    expect(problem(msg(len(1, secret), tag(2, 7)))).not.toContain(secret);
  });
});
