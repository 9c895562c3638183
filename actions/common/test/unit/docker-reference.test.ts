// The image-reference and container-name checks the actions run before touching the engine.
// The table is distribution/reference's reference_test.go cases, rewritten, plus the cases
// where the message must say which part is wrong.
import { describe, expect, it } from 'vitest';
import { InputReader } from '../../src/action-inputs.js';
import {
  containerNameProblem,
  type ImageReference,
  parseImageReference,
} from '../../src/docker-reference.js';

const SHA256 = `sha256:${'f'.repeat(64)}`;
const SHA512 = `sha512:${'f'.repeat(128)}`;

type Expected = Partial<Pick<ImageReference, 'domain' | 'path' | 'tag' | 'digest'>> & { name: string };

describe('parseImageReference: valid references', () => {
  it.each<[string, Expected]>([
    ['runevault:dev', { name: 'runevault', path: 'runevault', tag: 'dev' }],
    [
      'ghcr.io/org/runevault:1.2',
      { name: 'ghcr.io/org/runevault', domain: 'ghcr.io', path: 'org/runevault', tag: '1.2' },
    ],
    ['test_com', { name: 'test_com' }],
    ['test.com:tag', { name: 'test.com', tag: 'tag' }],
    ['test.com:5000', { name: 'test.com', tag: '5000' }],
    ['test.com/repo:tag', { name: 'test.com/repo', domain: 'test.com', tag: 'tag' }],
    ['test:5000/repo', { name: 'test:5000/repo', domain: 'test:5000', path: 'repo' }],
    ['test:5000/repo:tag', { name: 'test:5000/repo', domain: 'test:5000', tag: 'tag' }],
    [`test:5000/repo@${SHA256}`, { name: 'test:5000/repo', domain: 'test:5000', digest: SHA256 }],
    [`test:5000/repo:tag@${SHA256}`, { name: 'test:5000/repo', tag: 'tag', digest: SHA256 }],
    ['lowercase:Uppercase', { name: 'lowercase', tag: 'Uppercase' }],
    [
      `${'a/'.repeat(127)}a:tag-puts-this-over-max`,
      { name: `${'a/'.repeat(127)}a`, tag: 'tag-puts-this-over-max' },
    ],
    [
      'sub-dom1.foo.com/bar/baz/quux:some-long-tag',
      { name: 'sub-dom1.foo.com/bar/baz/quux', domain: 'sub-dom1.foo.com', tag: 'some-long-tag' },
    ],
    [
      'b.gcr.io/test.example.com/my-app:test.example.com',
      { name: 'b.gcr.io/test.example.com/my-app', domain: 'b.gcr.io', tag: 'test.example.com' },
    ],
    ['xn--n3h.com/myimage:xn--n3h.com', { name: 'xn--n3h.com/myimage', domain: 'xn--n3h.com' }],
    [`xn--7o8h.com/myimage:xn--7o8h.com@${SHA512}`, { name: 'xn--7o8h.com/myimage', digest: SHA512 }],
    ['foo_bar.com:8080', { name: 'foo_bar.com', tag: '8080' }],
    [
      'foo/foo_bar.com:8080',
      { name: 'foo/foo_bar.com', domain: undefined, path: 'foo/foo_bar.com', tag: '8080' },
    ],
    ['192.168.1.1', { name: '192.168.1.1' }],
    ['192.168.1.1:5000', { name: '192.168.1.1', tag: '5000' }],
    ['192.168.1.1/repo', { name: '192.168.1.1/repo', domain: '192.168.1.1' }],
    [
      '192.168.1.1:5000/repo:5050',
      { name: '192.168.1.1:5000/repo', domain: '192.168.1.1:5000', tag: '5050' },
    ],
    ['[2001:db8::1]/repo', { name: '[2001:db8::1]/repo', domain: '[2001:db8::1]' }],
    ['[2001:db8:1:2:3:4:5:6]/repo:tag', { name: '[2001:db8:1:2:3:4:5:6]/repo', tag: 'tag' }],
    [
      '[2001:db8::1]:5000/repo:tag',
      { name: '[2001:db8::1]:5000/repo', domain: '[2001:db8::1]:5000', tag: 'tag' },
    ],
    ['[::1]:5000/repo', { name: '[::1]:5000/repo', domain: '[::1]:5000' }],
    ['localhost/repo', { name: 'localhost/repo', domain: 'localhost', path: 'repo' }],
    ['localhost:5000', { name: 'localhost', tag: '5000' }],
    // As `docker pull` reads it: an upper-case first component is a registry host.
    ['Uppercase/lowercase:tag', { name: 'Uppercase/lowercase', domain: 'Uppercase' }],
    ['a__b/c---d/e.f_g:_tag', { name: 'a__b/c---d/e.f_g', tag: '_tag' }],
    [`repo:${'t'.repeat(128)}`, { name: 'repo', tag: 't'.repeat(128) }],
  ])('%s', (text, expected) => {
    const parsed = parseImageReference(text);
    expect(parsed).toMatchObject({ ok: true, reference: expected });
  });
});

describe('parseImageReference: invalid references say what is wrong', () => {
  it.each([
    ['', 'it is empty'],
    [':justtag', 'it has no repository name'],
    [`@${SHA256}`, 'it has no repository name'],
    [`repo@sha256:${'f'.repeat(34)}`, 'the digest after @ must be sha256: and 64'],
    [`validname@invaliddigest:${'f'.repeat(64)}`, 'the digest after @ must be sha256: and 64'],
    [`repo@sha256:${'F'.repeat(64)}`, 'the digest after @ must be sha256: and 64'],
    ['Uppercase:tag', 'repository names must be lowercase'],
    ['Foo:bar', 'repository names must be lowercase'],
    ['test:5000/Uppercase/lowercase:tag', 'repository names must be lowercase'],
    [`${'a/'.repeat(128)}a:tag`, 'the repository name is longer than 255 characters'],
    ['aa/asdf$$^/aa', 'path component "asdf$$^" must be lowercase letters and digits'],
    ['[2001:db8::1]', 'the tag after : must be 1 to 128'],
    ['[2001:db8::1]:5000', 'path component "[2001:db8::1]"'],
    ['[fe80::1%eth0]:5000/repo', 'registry "[fe80::1%eth0]:5000" is not a host name'],
    ['registry.example:http/repo', 'registry "registry.example:http" has a port that is not a number'],
    ['-bad.example/repo', 'registry "-bad.example" is not a host name'],
    ['repo:.tag', 'the tag after : must be 1 to 128'],
    [`repo:${'t'.repeat(129)}`, 'the tag after : must be 1 to 128'],
    ['a//b', 'empty path component'],
    ['repo/', 'empty path component'],
    ['a..b', 'path component "a..b"'],
    ['a_-b', 'path component "a_-b"'],
    ['a___b', 'path component "a___b"'],
    ['end-', 'path component "end-"'],
    ['run vault', 'a space, line break or control character'],
    ['x\n::warning::pwned', 'a space, line break or control character'],
    ['a'.repeat(64).replace(/a/g, 'f'), 'image ID, not a repository name'],
  ])('%j: %s', (text, reason) => {
    const parsed = parseImageReference(text);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.reason).toContain(reason);
  });
});

describe('containerNameProblem', () => {
  it.each(['vault-ci-123-1', 'a1', 'A.b_c-d', 'f'.repeat(64)])('accepts %s', (name) => {
    expect(containerNameProblem(name)).toBeUndefined();
  });
  it.each(['a', '-x', '_x', '.x', 'a b', 'a/b', 'x\n::warning::y', ''])('rejects %j', (name) => {
    expect(containerNameProblem(name)).toContain('at least 2 of letters, digits, _ . -');
  });
});

describe('InputReader checks built on them', () => {
  const readerOf = (given: Record<string, string>) =>
    new InputReader('some-action', (name) => given[name] ?? '');

  it('imageReference names the input, quotes the value and says what is wrong', () => {
    const reader = readerOf({ image: 'Foo:bar', other: 'ok/repo:1' });
    expect(reader.imageReference('image', 'runevault:dev')).toBeUndefined();
    expect(reader.imageReference('other', 'runevault:dev')?.path).toBe('ok/repo');
    expect(reader.imageReference('missing', 'runevault:dev')?.tag).toBe('dev');
    expect(reader.problems).toEqual([
      'input image: "Foo:bar" is not a Docker image reference: repository names must be lowercase (e.g. ghcr.io/org/runevault:1.2)',
    ]);
  });

  it('imageReference escapes a hostile value in its message', () => {
    const reader = readerOf({ image: 'x\n::warning::\u2028pwned' });
    reader.imageReference('image', 'runevault:dev');
    expect(reader.problems[0]).toBe(
      'input image: "x\\n::warning::\\u2028pwned" is not a Docker image reference: it contains a space, line break or control character (e.g. ghcr.io/org/runevault:1.2)',
    );
  });

  it('containerName accepts the fallback and names a bad value', () => {
    const reader = readerOf({ name: '-bad' });
    expect(reader.containerName('missing', 'vault-ci-1-1')).toBe('vault-ci-1-1');
    expect(reader.containerName('none')).toBe('');
    reader.containerName('name');
    expect(reader.problems).toEqual([
      'input name must be a container name (at least 2 of letters, digits, _ . -, starting with a letter or digit), got "-bad"',
    ]);
  });

  it.each([
    ['a line feed', '/tmp/x\n::warning::pwned', '"/tmp/x\\n::warning::pwned"'],
    ['a carriage return', 'dir\rname', '"dir\\rname"'],
    ['a line separator', 'dir\u2028name', '"dir\\u2028name"'],
    ['an escape', 'dir\u001bname', '"dir\\u001bname"'],
    ['the legacy marker', 'dir##[warning]x', '"dir##\\u005bwarning]x"'],
  ])('line() refuses %s, quoting the value escaped', (_what, value, quoted) => {
    const reader = readerOf({ home: value });
    expect(reader.line('home')).toBe(value);
    expect(reader.problems).toEqual([
      `input home: ${quoted} contains a line break, a control character or the runner's legacy command marker; give one line of plain text`,
    ]);
  });

  it('line() takes ordinary paths, trimmed, with no problem', () => {
    const reader = readerOf({ home: '  /tmp/my dir/ü#[x]::y  ' });
    expect(reader.line('home')).toBe('/tmp/my dir/ü#[x]::y');
    expect(reader.problems).toEqual([]);
  });
});
