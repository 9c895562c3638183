// Protobuf wire bytes written by hand, for requests no generated encoder would send:
// tag = field << 3 | wire type; lengths and scalars as base-128 varints.

export function varint(n: number): Buffer {
  const out: number[] = [];
  let rest = n;
  do {
    out.push((rest % 128) | (rest >= 128 ? 0x80 : 0));
    rest = Math.floor(rest / 128);
  } while (rest > 0);
  return Buffer.from(out);
}

/** A length-delimited field (bytes, string, embedded message). */
export function lengthField(number: number, body: Buffer | string): Buffer {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  return Buffer.concat([varint((number << 3) | 2), varint(bytes.length), bytes]);
}

/** A varint field (int32 ≥ 0, uint32, bool). */
export function varintField(number: number, value: number): Buffer {
  return Buffer.concat([varint(number << 3), varint(value)]);
}
