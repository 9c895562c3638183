import { describe, expect, it } from 'vitest';
import { inputVariable, resolveInputs } from '../../src/action-runner.js';
import { FileCommandError, parseFileCommands, parsePathFile } from '../../src/file-commands.js';
import {
  maskedLog,
  maskReports,
  parseCommandLine,
  parseCommands,
  unescapeData,
  unescapeProperty,
} from '../../src/workflow-commands.js';

describe('parseFileCommands', () => {
  it('reads name=value lines, keeping = and << after the first =', () => {
    expect(parseFileCommands('a=1\nb=x=y\nc=<<not-heredoc\n\nd=\n')).toEqual({
      a: '1',
      b: 'x=y',
      c: '<<not-heredoc',
      d: '',
    });
  });

  it('reads name<<DELIMITER blocks as @actions/core writes them, multiline and empty', () => {
    const text = [
      'home<<ghadelimiter_1',
      '/tmp/runevault',
      'ghadelimiter_1',
      'pem<<EOF',
      '-----BEGIN-----',
      'a=b',
      '',
      '-----END-----',
      'EOF',
      'empty<<E',
      'E',
      '',
    ].join('\n');
    expect(parseFileCommands(text)).toEqual({
      home: '/tmp/runevault',
      pem: '-----BEGIN-----\na=b\n\n-----END-----',
      empty: '',
    });
  });

  it('lets a later assignment win and reads CRLF files', () => {
    expect(parseFileCommands('a=1\r\nb<<E\r\nx\r\nE\r\na=2\r\n')).toEqual({ a: '2', b: 'x' });
  });

  it('rejects what the runner rejects', () => {
    expect(() => parseFileCommands('=1')).toThrow(FileCommandError);
    expect(() => parseFileCommands('just text')).toThrow(/neither name=value nor name<<DELIMITER/);
    expect(() => parseFileCommands('x<<EOF\nvalue\n')).toThrow(/delimiter EOF of x \(line 1\) never closes/);
    expect(() => parseFileCommands('<<EOF\nEOF')).toThrow(/needs a name and a delimiter/);
  });
});

describe('parsePathFile', () => {
  it('gives one entry a line, skipping blanks', () => {
    expect(parsePathFile('/a/bin\n\n/b/bin\r\n')).toEqual(['/a/bin', '/b/bin']);
  });
});

describe('workflow commands', () => {
  it('parses commands with properties and escaped data', () => {
    expect(parseCommandLine('::error file=a%2Cb.ts,line=3,title=x%3Ay::bad%0Anews 100%25', 4)).toEqual({
      command: 'error',
      properties: { file: 'a,b.ts', line: '3', title: 'x:y' },
      message: 'bad\nnews 100%',
      line: 4,
    });
    expect(parseCommandLine('::add-mask::s3cr3t')?.message).toBe('s3cr3t');
    expect(parseCommandLine('::endgroup::')).toMatchObject({ command: 'endgroup', message: '' });
    expect(parseCommandLine('plain text :: with colons')).toBeUndefined();
    expect(parseCommandLine(':: not a command')).toBeUndefined();
  });

  it('undoes exactly the escapes @actions/core applies', () => {
    expect(unescapeData('%250A')).toBe('%0A');
    expect(unescapeProperty('a%3Ab%2Cc%25')).toBe('a:b,c%');
  });

  it('ignores commands between ::stop-commands:: and its token', () => {
    const commands = parseCommands([
      '::warning::one',
      '::stop-commands::tok123',
      '::error::echoed, not a command',
      '::tok123::',
      '::error::two',
    ]);
    expect(commands.map((c) => `${c.command}:${c.message}`)).toEqual([
      'warning:one',
      'stop-commands:tok123',
      'error:two',
    ]);
  });

  it('finds where each masked value was masked and first shown', () => {
    const lines = ['starting', '::add-mask::abc', 'value is abc', '::add-mask::never-shown', 'done abc'];
    const commands = parseCommands(lines);
    expect(maskReports(lines, commands)).toEqual([
      { value: 'abc', maskedAt: 1, firstShownAt: 2 },
      { value: 'never-shown', maskedAt: 3, firstShownAt: undefined },
    ]);
    const leaked = ['token abc', '::add-mask::abc'];
    expect(maskReports(leaked, parseCommands(leaked))).toEqual([
      { value: 'abc', maskedAt: 1, firstShownAt: 0 },
    ]);
  });

  it('masks the log from the ::add-mask:: line on, as the runner does', () => {
    const lines = ['early abc', '::add-mask::abc', 'late abc abc'];
    expect(maskedLog(lines, parseCommands(lines))).toEqual(['early abc', '::add-mask::***', 'late *** ***']);
  });
});

describe('inputs as the runner passes them', () => {
  it('names INPUT_ variables like the runner: upper case, spaces to _, dashes kept', () => {
    expect(inputVariable('grpc-port')).toBe('INPUT_GRPC-PORT');
    expect(inputVariable('my input')).toBe('INPUT_MY_INPUT');
  });

  it('fills action.yml defaults, refuses unknown inputs and expression defaults', () => {
    const metadata = {
      inputs: {
        a: { default: 'x' },
        b: { default: true },
        c: { required: false },
        // biome-ignore lint/suspicious/noTemplateCurlyInString: an action.yml expression, verbatim
        token: { default: '${{ github.token }}' },
      },
    };
    expect(resolveInputs(metadata, { a: 'given', token: 't' })).toEqual({
      a: 'given',
      b: 'true',
      token: 't',
    });
    expect(() => resolveInputs(metadata, { typo: '1' })).toThrow(
      /unexpected input\(s\) typo; valid inputs are a, b, c, token/,
    );
    expect(() => resolveInputs(metadata, {})).toThrow(/default of input token is an expression/);
  });
});
