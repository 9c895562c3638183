// Types of path-globs.mjs.
export function globToRegExp(glob: string): RegExp;
export function matchesAny(globs: readonly string[]): (path: string) => boolean;
