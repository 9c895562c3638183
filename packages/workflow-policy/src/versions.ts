// Release versions as actions tag them (v4, v4.2, v4.2.2, 4.2.2-rc.1), compared numerically.
// A partial version stands for its lowest release (v4 → 4.0.0): the tag v4 moves through every
// 4.x, so a pin commented `# v4` may be any of them, and the lowest is the cautious reading.

export interface Version {
  parts: [number, number, number];
  /** How many parts were written (1 for v4, 3 for v4.2.2). */
  written: number;
  text: string;
}

const VERSION = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:[-+][\w.-]+)?$/i;

export function parseVersion(text: string): Version | undefined {
  const match = VERSION.exec(text.trim());
  if (!match) return undefined;
  const written = match.slice(1, 4).filter((part) => part !== undefined).length;
  const [major, minor, patch] = [match[1], match[2], match[3]].map((part) => Number(part ?? 0));
  return { parts: [major ?? 0, minor ?? 0, patch ?? 0], written, text: text.trim() };
}

export function compareVersions(a: Version, b: Version): number {
  for (let i = 0; i < 3; i++) {
    const difference = (a.parts[i] ?? 0) - (b.parts[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

/** The version a `uses:` line's comment names: its first word (`# v4.2.2 (latest)` → v4.2.2). */
export function versionOfComment(comment: string | null | undefined): Version | undefined {
  const word = (comment ?? '').trim().split(/\s+/)[0] ?? '';
  return parseVersion(word);
}

/**
 * True when one version names the other at coarser precision (v4 and v4.2.2, v4.2 and v4.2.1):
 * one commit can carry both tags. v4.2.2 and v5.0.0 cannot both be one commit's release.
 */
export function versionsCompatible(a: Version, b: Version): boolean {
  const shared = Math.min(a.written, b.written);
  for (let i = 0; i < shared; i++) if (a.parts[i] !== b.parts[i]) return false;
  return true;
}

/**
 * A range as advisories write it: comparators joined by blanks, all of which must hold
 * (`>= 4.0.0 < 4.1.7`, `<= 45.0.7`, `< 41`). Throws on text it cannot read.
 */
export function rangeContains(range: string, version: Version): boolean {
  const comparators = range.trim().match(/(<=|>=|<|>|=)\s*v?[\d.]+/g);
  if (!comparators || comparators.join('').replace(/\s/g, '') !== range.replace(/\s/g, ''))
    throw new Error(`cannot read the version range ${JSON.stringify(range)}`);
  return comparators.every((comparator) => {
    const [, operator, bound] = /^(<=|>=|<|>|=)\s*(.+)$/.exec(comparator) ?? [];
    const limit = parseVersion(bound ?? '');
    if (!limit)
      throw new Error(`cannot read the version ${JSON.stringify(bound)} in ${JSON.stringify(range)}`);
    const order = compareVersions(version, limit);
    switch (operator) {
      case '<':
        return order < 0;
      case '<=':
        return order <= 0;
      case '>':
        return order > 0;
      case '>=':
        return order >= 0;
      default:
        return order === 0;
    }
  });
}
