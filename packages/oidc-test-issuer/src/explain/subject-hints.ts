// The usual mistakes behind a failed condition, said in one sentence: a `sub` pattern for one
// kind of run while the token is another (branch, pull request, environment, tag), a value
// that differs only in case, a wildcard under an exact-match operator. Sources: GitHub docs
// "OpenID Connect reference" (example subject claims) and the threads in
// aws-actions/configure-aws-credentials #318, #511, #686, #1137 and #1446.
import { quoteInput } from '../../../../actions/common/src/log-safe.js';
import { hasWildcard } from './wildcard.js';

type SubjectKind = 'pull request' | 'environment' | 'branch' | 'tag' | 'ref' | 'other';

const ACTUAL_KINDS: [RegExp, SubjectKind][] = [
  [/^repo:[^:]*:pull_request$/, 'pull request'],
  [/^repo:[^:]*:environment:/, 'environment'],
  [/^repo:[^:]*:ref:refs\/heads\//, 'branch'],
  [/^repo:[^:]*:ref:refs\/tags\//, 'tag'],
  [/^repo:[^:]*:ref:/, 'ref'],
];

function actualKind(sub: string): SubjectKind {
  return ACTUAL_KINDS.find(([pattern]) => pattern.test(sub))?.[1] ?? 'other';
}

/** What kinds of run a pattern admits, read from its text (wildcards included). */
function patternKinds(pattern: string): Set<SubjectKind> {
  const kinds = new Set<SubjectKind>();
  if (pattern.includes(':pull_request')) kinds.add('pull request');
  if (pattern.includes(':environment:')) kinds.add('environment');
  if (pattern.includes(':ref:refs/heads/')) kinds.add('branch');
  else if (pattern.includes(':ref:refs/tags/')) kinds.add('tag');
  else if (pattern.includes(':ref:')) kinds.add('ref');
  return kinds;
}

const WHAT_THE_RUN_IS: Record<Exclude<SubjectKind, 'other'>, string> = {
  'pull request': 'the run is a pull_request event, so its sub names no branch',
  environment: 'the job uses an environment, so its sub names the environment and no ref',
  branch: 'the run is on a branch, so its sub is the branch ref',
  tag: 'the run is on a tag, so its sub is the tag ref',
  ref: 'the run is on a ref, so its sub is that ref',
};

/** Why a `sub` value fails patterns written for another kind of run; undefined when no kind explains it. */
export function subjectShapeHint(expected: readonly string[], actual: string): string | undefined {
  const kind = actualKind(actual);
  if (kind === 'other') return undefined;
  const admitted = new Set(expected.flatMap((pattern) => [...patternKinds(pattern)]));
  if (admitted.size === 0 || admitted.has(kind) || (kind === 'branch' && admitted.has('ref')))
    return undefined;
  if ((kind === 'tag' && admitted.has('ref')) || expected.some((p) => p.endsWith(':*'))) return undefined;
  const wanted = [...admitted].join(' or ');
  return `${WHAT_THE_RUN_IS[kind]} (${quoteInput(actual)}), but the policy expects a ${wanted} sub; add a value for this kind of run if it should be trusted`;
}

/** A failure that a case-insensitive comparison would not have: conditions are case-sensitive. */
export function caseOnlyHint(
  expected: readonly string[],
  actual: readonly string[],
  matches: (pattern: string, value: string) => boolean,
): string | undefined {
  for (const value of actual) {
    const pattern = expected.find((p) => matches(p.toLowerCase(), value.toLowerCase()));
    if (pattern !== undefined) {
      return `${quoteInput(value)} differs from ${quoteInput(pattern)} only in letter case, and the comparison is case-sensitive (GitHub keeps the owner's and repository's case in its claims)`;
    }
  }
  return undefined;
}

/** An exact-match operator given a pattern: its `*` and `?` match only themselves. */
export function literalWildcardHint(operator: string, expected: readonly string[]): string | undefined {
  const pattern = expected.find(hasWildcard);
  if (pattern === undefined) return undefined;
  return `${operator} compares literally, so the * or ? in ${quoteInput(pattern)} matches only itself; use StringLike for wildcards`;
}
