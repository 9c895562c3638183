// Wildcard patterns as trust policies use them: `*` is any run of characters (`/` and `:`
// included); with `singleCharacter`, `?` is any one character (AWS StringLike). Matched by
// walking both strings (no RegExp), so a hostile pattern costs at most |pattern| x |value|.

export interface WildcardOptions {
  /** AWS StringLike: `?` matches one character. runevault and Vault globs take `?` literally. */
  singleCharacter: boolean;
}

export function wildcardMatches(pattern: string, value: string, options: WildcardOptions): boolean {
  // Code points, so `?` stands for one character even outside the BMP.
  const p = Array.from(pattern);
  const v = Array.from(value);
  let pi = 0;
  let vi = 0;
  // The last `*` seen and the value position it was tried at: on a mismatch, let it eat one more.
  let star = -1;
  let starValue = 0;
  while (vi < v.length) {
    const token = p[pi];
    if (token === '*') {
      star = pi++;
      starValue = vi;
    } else if (token !== undefined && (token === v[vi] || (options.singleCharacter && token === '?'))) {
      pi++;
      vi++;
    } else if (star >= 0) {
      pi = star + 1;
      vi = ++starValue;
    } else {
      return false;
    }
  }
  while (p[pi] === '*') pi++;
  return pi === p.length;
}

/** True when `pattern` holds a character that would be a wildcard under StringLike. */
export function hasWildcard(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
}
