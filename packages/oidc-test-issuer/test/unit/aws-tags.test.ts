import { describe, expect, it } from 'vitest';
import { AwsTagsError, awsTagsClaim } from '../../src/aws-tags.js';

function problems(input: unknown): string[] {
  try {
    awsTagsClaim(input);
  } catch (error) {
    expect(error).toBeInstanceOf(AwsTagsError);
    return (error as AwsTagsError).problems;
  }
  throw new Error('expected AwsTagsError');
}

describe('awsTagsClaim', () => {
  it('turns a flat map into principal_tags of one-value lists', () => {
    expect(awsTagsClaim({ Project: 'vault', 'ci:run': 'run-1-1' })).toEqual({
      principal_tags: { Project: ['vault'], 'ci:run': ['run-1-1'] },
    });
  });

  it('takes the full form with transitive keys', () => {
    expect(
      awsTagsClaim({ principal_tags: { Project: ['vault'], Team: 'x' }, transitive_tag_keys: ['project'] }),
    ).toEqual({ principal_tags: { Project: ['vault'], Team: ['x'] }, transitive_tag_keys: ['project'] });
  });

  it('enforces the count, length and character limits', () => {
    const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']));
    expect(problems(many)).toEqual(['51 tags; AWS allows at most 50 session tags']);
    expect(problems({ ['k'.repeat(129)]: 'v' })[0]).toMatch(/must be 1-128 characters/);
    expect(problems({ k: 'v'.repeat(257) })).toEqual(['tag "k": value is 257 characters; AWS allows 256']);
    expect(problems({ 'a#b': 'v' })[0]).toMatch(/may hold only letters/);
    expect(problems({ k: 'semi;colon' })[0]).toMatch(/value may hold only letters/);
    expect(awsTagsClaim({ 'Ünïcode key 1': 'a b_c.d:e/f=g+h-i@j' }).principal_tags).toBeDefined();
    expect(awsTagsClaim({ k: '' }).principal_tags).toEqual({ k: [''] });
  });

  it('refuses the aws: prefix, case-only duplicates, non-strings and stray transitive keys', () => {
    expect(problems({ 'AWS:x': 'v' })).toEqual(['tag key "AWS:x" uses the reserved aws: prefix']);
    expect(problems({ Project: 'a', project: 'b' })).toEqual([
      'tag keys "Project" and "project" differ only in case',
    ]);
    expect(problems({ n: 5 })).toEqual(['tag "n" needs one string value, got 5']);
    expect(problems({ n: ['a', 'b'] })[0]).toMatch(/needs one string value/);
    expect(problems({ principal_tags: { a: 'b' }, transitive_tag_keys: ['c'] })).toEqual([
      'transitive tag key "c" is not one of the principal tags',
    ]);
    expect(problems({ principal_tags: { a: 'b' }, other: 1 })).toEqual(['unknown field(s) other']);
    expect(problems([])).toEqual(['expected a JSON object of tag key → value']);
    expect(problems({})).toEqual(['at least one tag is required']);
  });
});
