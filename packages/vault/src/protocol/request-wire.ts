// A strict protobuf wire-format reader for the vault's four request messages. grpc-js hands
// every method's deserializer the whole message; protobufjs would decode every string field
// (a 200 MB blob becomes a 200 MB JS string) before we know who is calling, and it accepts
// wire types and lengths a well-formed message never has. This reader only walks the bytes:
// length-delimited fields stay Buffer slices of the message (no copy), scalars are read,
// and anything a conforming encoder cannot produce is a problem, reported without the bytes.

type FieldType = 'bytes' | 'repeatedBytes' | 'int32';

export interface MessageSpec {
  /** The proto message name, for problem texts. */
  name: string;
  fields: Readonly<Record<number, { name: string; type: FieldType }>>;
}

/** Decoded fields by name: bytes → Buffer (last occurrence), repeatedBytes → Buffer[], int32 → number. */
export type WireFields = Record<string, Buffer | Buffer[] | number>;

export type WireResult = { ok: true; fields: WireFields } | { ok: false; problem: string };

const WIRE_VARINT = 0;
const WIRE_I64 = 1;
const WIRE_LEN = 2;
const WIRE_I32 = 5;
const WIRE_TYPE_NAMES = ['varint', 'i64', 'length-delimited', 'group start', 'group end', 'i32'];

class Malformed {
  constructor(readonly problem: string) {}
}

/** Cursor over one message; every read checks the end first and throws Malformed past it. */
class Cursor {
  pos = 0;
  constructor(readonly buf: Buffer) {}

  get done() {
    return this.pos >= this.buf.length;
  }

  /**
   * A base-128 varint as [low 32 bits, high 32 bits]. At most 10 bytes, and the 10th may only
   * carry bit 63 (protobuf's own encoders never write more; Go's decoder refuses it too).
   */
  /** Bytes the last varint took (int32 fields check it). */
  lastVarintBytes = 0;

  varint(what: string): [number, number] {
    let lo = 0;
    let hi = 0;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.buf.length) throw new Malformed(`${what} is cut off by the end of the message`);
      const byte = this.buf[this.pos++] as number;
      if (i < 4) lo |= (byte & 0x7f) << (7 * i);
      else if (i === 4) {
        lo |= (byte & 0x0f) << 28;
        hi |= (byte & 0x70) >>> 4;
      } else {
        if (i === 9 && byte > 1) throw new Malformed(`${what} overflows 64 bits`);
        hi |= (byte & 0x7f) << (7 * (i - 5) + 3);
      }
      if ((byte & 0x80) === 0) {
        // A last byte of 0 after others only pads the number: no protobuf encoder writes that.
        if (byte === 0 && i > 0) throw new Malformed(`${what} is padded (a non-minimal varint)`);
        this.lastVarintBytes = i + 1;
        return [lo >>> 0, hi >>> 0];
      }
    }
    throw new Malformed(`${what} overflows 64 bits`); // unreachable: byte 10 > 1 threw above
  }

  skip(count: number, what: string) {
    if (count > this.buf.length - this.pos) throw new Malformed(`${what} runs past the end of the message`);
    this.pos += count;
  }

  slice(count: number, what: string): Buffer {
    const start = this.pos;
    this.skip(count, what);
    return this.buf.subarray(start, start + count);
  }
}

/** Reads `buf` as `spec`; never throws. Unknown fields are skipped, proto3 style. */
export function readWireMessage(buf: Buffer, spec: MessageSpec): WireResult {
  try {
    return { ok: true, fields: read(buf, spec) };
  } catch (error) {
    if (error instanceof Malformed) return { ok: false, problem: error.problem };
    throw error;
  }
}

function read(buf: Buffer, spec: MessageSpec): WireFields {
  const fields: WireFields = {};
  for (const [, field] of Object.entries(spec.fields)) {
    fields[field.name] = field.type === 'int32' ? 0 : field.type === 'bytes' ? EMPTY : [];
  }
  const cursor = new Cursor(buf);
  while (!cursor.done) {
    const [tagLo, tagHi] = cursor.varint('a field tag');
    const number = tagLo >>> 3;
    const wireType = tagLo & 7;
    if (tagHi !== 0 || number === 0) throw new Malformed('a field tag has an invalid field number');
    const known = spec.fields[number];
    const label = known ? `field ${number} (${known.name})` : `field ${number}`;
    if (wireType === 6 || wireType === 7) throw new Malformed(`${label} uses reserved wire type ${wireType}`);
    if (wireType === 3 || wireType === 4) {
      // proto3 has no groups; a vault request carrying one was not written by a vault client.
      throw new Malformed(`${label} uses the deprecated group wire type`);
    }
    if (known) {
      const expected = known.type === 'int32' ? WIRE_VARINT : WIRE_LEN;
      if (wireType !== expected) {
        throw new Malformed(
          `${label} has wire type ${WIRE_TYPE_NAMES[wireType]}; expected ${WIRE_TYPE_NAMES[expected]}`,
        );
      }
      if (known.type === 'int32') {
        // int32 is sign-extended to 64 bits on the wire: at most 5 bytes when not negative,
        // exactly 10 when negative; anything between is no encoder's int32 (protobufjs refuses
        // it too). The low 32 bits are the value.
        const [lo] = cursor.varint(label);
        if (cursor.lastVarintBytes > 5 && cursor.lastVarintBytes < 10) {
          throw new Malformed(`${label} is not an int32 varint (${cursor.lastVarintBytes} bytes)`);
        }
        fields[known.name] = lo | 0;
      } else {
        const value = cursor.slice(length(cursor, label), label);
        if (known.type === 'bytes') fields[known.name] = value;
        else (fields[known.name] as Buffer[]).push(value);
      }
      continue;
    }
    skipValue(cursor, wireType, label);
  }
  return fields;
}

function skipValue(cursor: Cursor, wireType: number, label: string): void {
  if (wireType === WIRE_VARINT) cursor.varint(label);
  else if (wireType === WIRE_I64) cursor.skip(8, label);
  else if (wireType === WIRE_I32) cursor.skip(4, label);
  else cursor.skip(length(cursor, label), label);
}

/**
 * How often length-delimited field `field` occurs at the top level of `buf`, walked by the same
 * strict rules without decoding or allocating; counting stops once it passes `limit`.
 * Undefined when the bytes are not a well-formed message.
 */
export function countLengthDelimited(buf: Uint8Array, field: number, limit: number): number | undefined {
  const cursor = new Cursor(Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength));
  let count = 0;
  try {
    while (!cursor.done && count <= limit) {
      const [tagLo, tagHi] = cursor.varint('a field tag');
      const number = tagLo >>> 3;
      const wireType = tagLo & 7;
      if (tagHi !== 0 || number === 0 || wireType === 3 || wireType === 4 || wireType > 5) return undefined;
      if (number === field && wireType === WIRE_LEN) count++;
      skipValue(cursor, wireType, `field ${number}`);
    }
  } catch (error) {
    if (error instanceof Malformed) return undefined;
    throw error;
  }
  return count;
}

const EMPTY = Buffer.alloc(0);

function length(cursor: Cursor, label: string): number {
  const [lo, hi] = cursor.varint(`the length of ${label}`);
  // Anything at or above 2^32 is past the end of any message grpc-js will hand us.
  return hi === 0 ? lo : Number.MAX_SAFE_INTEGER;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** proto3 strings must be UTF-8; undefined when they are not. */
export function utf8OrUndefined(bytes: Buffer): string | undefined {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}

export const GET_PUBLIC_KEY_REQUEST: MessageSpec = {
  name: 'GetPublicKeyRequest',
  fields: { 1: { name: 'token', type: 'bytes' } },
};
export const DECRYPT_SCORES_REQUEST: MessageSpec = {
  name: 'DecryptScoresRequest',
  fields: {
    1: { name: 'token', type: 'bytes' },
    2: { name: 'encrypted_blob_b64', type: 'bytes' },
    3: { name: 'top_k', type: 'int32' },
  },
};
export const DECRYPT_METADATA_REQUEST: MessageSpec = {
  name: 'DecryptMetadataRequest',
  fields: {
    1: { name: 'token', type: 'bytes' },
    2: { name: 'encrypted_metadata_list', type: 'repeatedBytes' },
  },
};
export const EXCHANGE_TOKEN_REQUEST: MessageSpec = {
  name: 'ExchangeTokenRequest',
  fields: {
    1: { name: 'subject_token', type: 'bytes' },
    2: { name: 'provider', type: 'bytes' },
  },
};
