// The one escaper every action uses before an input value reaches a log line: no line break
// survives, and no value can start a workflow command, by either of the runner's two parsers.

import { parseCommandLine } from '@runevault/action-runner';
import { describe, expect, it } from 'vitest';
import { logSafe, logSafeLines, quoteInput } from '../../src/log-safe.js';

describe('logSafe', () => {
  it.each([
    ['line feed', 'a\nb', 'a\\nb'],
    ['carriage return', 'a\rb', 'a\\rb'],
    ['CR LF', 'a\r\nb', 'a\\r\\nb'],
    ['tab', 'a\tb', 'a\\tb'],
    ['NUL', 'a\u0000b', 'a\\u0000b'],
    ['escape (terminal colours)', '\u001b[31mred', '\\u001b[31mred'],
    ['DEL', 'a\u007fb', 'a\\u007fb'],
    ['NEL (C1 line break)', 'a\u0085b', 'a\\u0085b'],
    ['line separator', 'a\u2028b', 'a\\u2028b'],
    ['paragraph separator', 'a\u2029b', 'a\\u2029b'],
    ['right-to-left override', 'a\u202eb', 'a\\u202eb'],
    ['first-strong isolate', 'a\u2068b', 'a\\u2068b'],
  ])('shows a %s as a visible escape', (_name, value, expected) => {
    expect(logSafe(value)).toBe(expected);
  });

  it('keeps ordinary text, Unicode letters, backslashes and % as they read', () => {
    expect(logSafe('/tmp/röntgen dir/C:\\x')).toBe('/tmp/röntgen dir/C:\\x');
    expect(logSafe('100% %0A %25')).toBe('100% %0A %25');
    expect(logSafe('[::1]:50051 and a::b')).toBe('[::1]:50051 and a::b');
  });

  it('escapes a :: that starts the value, after any whitespace the runner trims', () => {
    expect(logSafe('::warning::pwned')).toBe('\\u003a:warning::pwned');
    expect(logSafe('   ::error::x')).toBe('   \\u003a:error::x');
    expect(logSafe('\u00a0\u3000::notice::x')).toBe('\u00a0\u3000\\u003a:notice::x');
    // Trimmed controls are escaped first, so what follows them no longer starts the line.
    expect(logSafe('\t::add-mask::x')).toBe('\\t::add-mask::x');
  });

  it('escapes the legacy ##[ marker wherever it is', () => {
    expect(logSafe('a ##[warning]b ##[error]c')).toBe('a ##\\u005bwarning]b ##\\u005berror]c');
  });

  it('turns an injection attempt into one line that is no command', () => {
    const line = `image ${logSafe('x\n::warning::pwned')}`;
    expect(line).toBe('image x\\n::warning::pwned');
    expect(line.split('\n')).toHaveLength(1);
    expect(parseCommandLine(logSafe('::warning::pwned'))).toBeUndefined();
  });
});

describe('quoteInput', () => {
  it('quotes as JSON does, so quotes and backslashes are unambiguous', () => {
    expect(quoteInput('Foo:bar')).toBe('"Foo:bar"');
    expect(quoteInput('a"b\\c\n')).toBe('"a\\"b\\\\c\\n"');
  });

  it('also escapes what JSON leaves raw: U+2028/2029, C1 controls, bidi overrides, ##[', () => {
    expect(quoteInput('\u2028\u2029\u0085\u202e##[x]')).toBe('"\\u2028\\u2029\\u0085\\u202e##\\u005bx]"');
  });
});

describe('logSafeLines', () => {
  it('keeps the lines of a Markdown block and makes each safe on its own', () => {
    const text = '## Coverage\n::warning::x\r\n  ##[error]y\n| a | b |';
    expect(logSafeLines(text)).toBe('## Coverage\n\\u003a:warning::x\n  ##\\u005berror]y\n| a | b |');
  });

  it('leaves no lone carriage return to split a line', () => {
    expect(logSafeLines('a\rb\nc')).toBe('a\\rb\nc');
  });
});
