// bound_claims: each configured claim must be present in the verified JWT and match its glob.
// `*` stands for any run of characters (`/` and `:` included); everything else is literal.

const cache = new Map<string, RegExp>();

export function globMatches(pattern: string, value: string): boolean {
  let regex = cache.get(pattern);
  if (!regex) {
    const body = pattern
      .split('*')
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*');
    regex = new RegExp(`^${body}$`, 's');
    if (cache.size < 1_000) cache.set(pattern, regex);
  }
  return regex.test(value);
}

/** A claim's value as the strings a glob is matched against; undefined when it has none. */
export function claimStrings(value: unknown): string[] | undefined {
  const scalar = (v: unknown) =>
    typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
  if (Array.isArray(value)) {
    const strings = value.map(scalar);
    return strings.every((s) => s !== undefined) && strings.length > 0 ? (strings as string[]) : undefined;
  }
  const single = scalar(value);
  return single === undefined ? undefined : [single];
}

/**
 * The first bound claim the JWT does not satisfy (missing, not a scalar or list of scalars,
 * or no value matching), or undefined when all match. A list claim matches when any item does.
 */
export function firstBoundClaimMismatch(
  claims: Record<string, unknown>,
  bound: Record<string, string>,
): string | undefined {
  for (const [claim, pattern] of Object.entries(bound)) {
    const values = Object.hasOwn(claims, claim) ? claimStrings(claims[claim]) : undefined;
    if (!values?.some((value) => globMatches(pattern, value))) return claim;
  }
  return undefined;
}
