// Repo-relative path globs, one reading for every script that takes them (tier2-gate.mjs,
// check-structure.mjs): `*` stays within one folder, `**` spans any number (`**/` also none),
// `{a,b}` is either; everything else is literal.

/** The regular expression of one glob, anchored at both ends. */
export function globToRegExp(glob) {
  let pattern = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      if (glob[i + 2] === '/') {
        pattern += '(?:[^/]+/)*';
        i += 2;
      } else {
        pattern += '.*';
        i += 1;
      }
    } else if (c === '*') pattern += '[^/]*';
    else if (c === '{') {
      const end = glob.indexOf('}', i);
      pattern += `(?:${glob
        .slice(i + 1, end)
        .split(',')
        .map((part) => part.replace(/[.+?^$()|[\]\\]/g, '\\$&').replaceAll('*', '[^/]*'))
        .join('|')})`;
      i = end;
    } else pattern += c.replace(/[.+?^$()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${pattern}$`);
}

/** A test of a path against any of `globs`. */
export function matchesAny(globs) {
  const patterns = globs.map(globToRegExp);
  return (path) => patterns.some((pattern) => pattern.test(path));
}
