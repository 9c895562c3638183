import { describe, expect, it } from 'vitest';
import { claimStrings, firstBoundClaimMismatch, globMatches } from '../../../src/oidc/claim-glob.js';

describe('globMatches', () => {
  it.each<[string, string, boolean]>([
    ['org/*', 'org/repo', true],
    ['org/*', 'org/', true],
    ['org/*', 'other/repo', false],
    ['org/*', 'org', false],
    ['*', '', true],
    ['repo:org/*:ref:refs/heads/main', 'repo:org/a:ref:refs/heads/main', true],
    ['repo:org/*:ref:refs/heads/main', 'repo:org/a:ref:refs/heads/dev', false],
    ['a.b', 'axb', false],
    ['a+(b)?', 'a+(b)?', true],
    ['refs/*/main', 'refs/heads/x/main', true],
    ['line', 'line\nnext', false],
  ])('%s ~ %j → %s', (pattern, value, expected) => {
    expect(globMatches(pattern, value)).toBe(expected);
  });
});

describe('claimStrings', () => {
  it('takes strings, numbers, booleans and non-empty lists of them', () => {
    expect(claimStrings('x')).toEqual(['x']);
    expect(claimStrings(12)).toEqual(['12']);
    expect(claimStrings(true)).toEqual(['true']);
    expect(claimStrings(['a', 1])).toEqual(['a', '1']);
    for (const value of [undefined, null, {}, [], [{}]]) expect(claimStrings(value)).toBeUndefined();
  });
});

describe('firstBoundClaimMismatch', () => {
  const claims = { repository: 'org/repo', run_attempt: '1', groups: ['a', 'ci-bots'], nested: { x: 1 } };
  it('is undefined when every bound claim matches (a list matches through any item)', () => {
    expect(
      firstBoundClaimMismatch(claims, { repository: 'org/*', groups: 'ci-*', run_attempt: '1' }),
    ).toBeUndefined();
    expect(firstBoundClaimMismatch(claims, {})).toBeUndefined();
  });
  it('names the first claim that is missing, not a scalar, or does not match', () => {
    expect(firstBoundClaimMismatch(claims, { repository: 'other/*' })).toBe('repository');
    expect(firstBoundClaimMismatch(claims, { repository: 'org/*', environment: '*' })).toBe('environment');
    expect(firstBoundClaimMismatch(claims, { nested: '*' })).toBe('nested');
    expect(firstBoundClaimMismatch({ toString: 'x' }, { constructor: '*' })).toBe('constructor');
  });
});
