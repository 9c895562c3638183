// Text cut to a number of UTF-8 bytes, always on a character boundary: GitHub counts the job
// summary in bytes, and half a multi-byte character would show as U+FFFD (or worse, break
// the Markdown around it).

const encoder = new TextEncoder();

export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** Back from `end` to the start of the character it falls in (skips continuation bytes). */
function boundary(bytes: Uint8Array, end: number): number {
  let at = end;
  while (at > 0 && at < bytes.length && ((bytes[at] as number) & 0xc0) === 0x80) at--;
  return at;
}

/** The first bytes of `text` that fit in `maxBytes`, with `… (N more bytes)` when cut. */
export function cutHead(text: string, maxBytes: number): string {
  if (utf8Bytes(text) <= maxBytes) return text;
  const bytes = encoder.encode(text);
  const note = (cut: number) => `… (${cut} more bytes)`;
  const keep = boundary(bytes, Math.max(0, maxBytes - utf8Bytes(note(bytes.length))));
  return Buffer.from(bytes.subarray(0, keep)).toString('utf8') + note(bytes.length - keep);
}

/** The last bytes of `text` that fit in `maxBytes`, with `(N bytes cut) …` in front when cut. */
export function cutTail(text: string, maxBytes: number): string {
  if (utf8Bytes(text) <= maxBytes) return text;
  const bytes = encoder.encode(text);
  const note = (cut: number) => `(${cut} earlier bytes cut) …`;
  const wanted = Math.max(0, maxBytes - utf8Bytes(note(bytes.length)));
  // Forward to the next character start, so the kept part begins on a whole character.
  let start = bytes.length - wanted;
  while (start < bytes.length && ((bytes[start] as number) & 0xc0) === 0x80) start++;
  return note(start) + Buffer.from(bytes.subarray(start)).toString('utf8');
}
