import { describe, expect, it } from 'vitest';
import { InputError, InputReader } from '../../src/action-inputs.js';

const readerOf = (given: Record<string, string>) =>
  new InputReader('some-action', (name) => given[name] ?? '');

describe('InputReader (shared by every action)', () => {
  it('reads booleans in the spellings core.getBooleanInput accepts, empty as the fallback', () => {
    const reader = readerOf({ a: 'true', b: 'False', c: ' TRUE ', d: '' });
    expect([reader.boolean('a', false), reader.boolean('b', true), reader.boolean('c', false)]).toEqual([
      true,
      false,
      true,
    ]);
    expect(reader.boolean('d', true)).toBe(true);
    expect(reader.problems).toEqual([]);
  });

  it('reads ports 0–65535 and names the range and the hint otherwise', () => {
    const reader = readerOf({ ok: '50051', zero: '0', big: '70000', word: 'abc' });
    expect(reader.port('ok', 1)).toBe(50051);
    expect(reader.port('zero', 1)).toBe(0);
    expect(reader.port('missing', 9090)).toBe(9090);
    expect(reader.port('big', 1, ' (0 = a free one)')).toBe(1);
    expect(reader.port('word', 2)).toBe(2);
    expect(reader.problems).toEqual([
      'input big must be a port number from 0 to 65535 (0 = a free one), got "70000"',
      'input word must be a port number from 0 to 65535, got "abc"',
    ]);
  });

  it('reads one of a list, empty as the fallback, listing the choices otherwise', () => {
    const reader = readerOf({ mode: 'bridge', bad: 'overlay' });
    const modes = ['host', 'bridge'] as const;
    expect(reader.oneOf('mode', modes, 'host')).toBe('bridge');
    expect(reader.oneOf('missing', modes, 'host')).toBe('host');
    expect(reader.oneOf('bad', modes, 'host', ' (host: loopback ports)')).toBe('host');
    expect(reader.problems).toEqual([
      'input bad must be host or bridge (host: loopback ports), got "overlay"',
    ]);
  });

  it('throws every problem at once, prefixed with the action, and nothing when there is none', () => {
    const clean = readerOf({});
    expect(() => clean.throwIfProblems()).not.toThrow();
    const reader = readerOf({ flag: 'yes', port: '-1' });
    reader.boolean('flag', false);
    reader.port('port', 0);
    reader.problem('inputs a and b must differ');
    let thrown: unknown;
    try {
      reader.throwIfProblems();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InputError);
    expect((thrown as InputError).problems).toHaveLength(3);
    expect((thrown as InputError).message).toBe(
      'some-action: input flag must be true or false, got "yes"; ' +
        'input port must be a port number from 0 to 65535, got "-1"; inputs a and b must differ',
    );
  });
});
