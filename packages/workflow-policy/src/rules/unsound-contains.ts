// contains() with a string as its first argument is a substring test, not membership:
// contains('refs/heads/main refs/heads/release', github.ref) also holds for a branch named
// `ma` (ref refs/heads/ma). Whoever chooses the value (a branch name, an actor, an input) can
// pick a substring of the allowed text. Membership wants an array: contains(fromJSON('[…]'), x).
import { expressionsOf } from '../conditions.js';
import type { Rule, Violation } from '../violation.js';

// contains('<literal>', <something that is not a literal>)
const STRING_HAYSTACK = /\bcontains\s*\(\s*'((?:[^']|'')*)'\s*,\s*(?!['\d\s])([^)]*)\)/gi;

export const unsoundContains: Rule = {
  id: 'unsound-contains',
  description:
    'contains(\'a b\', value) is a substring test: a value chosen as a piece of the string passes (use contains(fromJSON(\'["a","b"]\'), value))',
  help: 'Test membership against an array, contains(fromJSON(\'["refs/heads/main","refs/heads/release"]\'), github.ref), or compare with == for each allowed value.',
  severity: 'warning',
  check(workflow) {
    const violations: Violation[] = [];
    for (const expression of expressionsOf(workflow)) {
      for (const match of expression.text.matchAll(STRING_HAYSTACK)) {
        const value = (match[2] ?? '').trim();
        violations.push({
          file: workflow.file,
          line: expression.line,
          column: expression.column,
          rule: this.id,
          message: `contains('${match[1]}', ${value}) is true for any piece of that string; use contains(fromJSON('["…","…"]'), ${value}) or compare with ==`,
        });
      }
    }
    return violations;
  },
};
