/** The non-negative integer written in text[from, to), or -1 when it is not one (hot path: no regex, no slice). */
export function digitsAt(text: string, from = 0, to = text.length): number {
  if (to <= from || to - from > 15) return -1;
  let value = 0;
  for (let index = from; index < to; index++) {
    const digit = text.charCodeAt(index) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}
