// The grammar corners of each format; whole real reports are read in test/integration.
import { describe, expect, it } from 'vitest';
import {
  detectFormat,
  parseCobertura,
  parseIstanbulJson,
  parseLcov,
  ReportParseError,
} from '../../src/index.js';

function parseError(action: () => unknown): ReportParseError {
  try {
    action();
  } catch (error) {
    if (error instanceof ReportParseError) return error;
    throw error;
  }
  throw new Error('expected a ReportParseError');
}

describe('parseLcov', () => {
  it('keeps `-` (never executed) apart from 0 (executed, not taken)', () => {
    const report = parseLcov('SF:a.c\nDA:3,1\nBRDA:3,0,0,-\nBRDA:3,0,1,0\nBRF:2\nend_of_record\n', 'a.info');
    const arms = report.files[0]?.branches?.get(3);
    expect(arms).toEqual({
      kind: 'arms',
      arms: new Map([
        ['0,0', null],
        ['0,1', 0],
      ]),
    });
  });

  it('reads lcov 2 function records (FN with end line, FNL/FNA) and names holding commas', () => {
    const report = parseLcov(
      'SF:a.cpp\nFN:3,9,f<a, b>\nFNDA:2,f<a, b>\nFNL:0,12,14\nFNA:0,5,g\nDA:3,2\nend_of_record\n',
      'a.info',
    );
    // As a Map (the parser packs them: PackedFunctions answers as one).
    expect(new Map(report.files[0]?.functions)).toEqual(
      new Map([
        ['f<a, b>', { line: 3, hits: 2 }],
        ['g', { line: 12, hits: 5 }],
      ]),
    );
  });

  it('a file without BRF/BRDA has no branch data; BRF:0 means measured, none there', () => {
    const report = parseLcov(
      'SF:a.js\nDA:1,1\nend_of_record\nSF:b.js\nDA:1,1\nBRF:0\nBRH:0\nend_of_record\n',
      'x',
    );
    expect(report.files.map((file) => file.branches?.size)).toEqual([undefined, 0]);
  });

  it.each([
    ['DA:x,1', 2, 'DA line number is not an integer: x'],
    ['DA:4', 2, 'DA hits is not a count: (missing)'],
    ['BRDA:4,0,1', 2, 'BRDA needs <line>,<block>,<branch>,<taken>'],
    ['what is this', 2, 'not an LCOV line'],
  ])('names the file and line of %s', (line, at, message) => {
    const error = parseError(() => parseLcov(`SF:a.js\n${line}\nend_of_record\n`, 'job/lcov.info'));
    expect(error.line).toBe(at);
    expect(error.message).toContain(`job/lcov.info:${at}: ${message}`);
  });

  it('a record without end_of_record is an error at the line it starts', () => {
    const error = parseError(() => parseLcov('SF:a.js\nDA:1,1\nend_of_record\nSF:b.js\nDA:1,0\n', 'l.info'));
    expect(error.message).toBe('l.info:4: the record of b.js that starts here has no end_of_record');
  });
});

describe('parseCobertura', () => {
  it('reports malformed XML with the line saxes stopped at', () => {
    const error = parseError(() =>
      parseCobertura(
        '<?xml version="1.0" ?>\n<coverage>\n<packages>\n<class filename="a"\n</coverage>',
        'c.xml',
      ),
    );
    expect(error.line).toBe(5);
    expect(error.message).toMatch(/^c\.xml:5: malformed XML/);
  });

  it('refuses XML that is not Cobertura', () => {
    expect(() => parseCobertura('<testsuites/>', 'junit.xml')).toThrow(
      'junit.xml:1: root element is <testsuites>, not <coverage>: not a Cobertura report',
    );
  });

  it('names a bad hits value', () => {
    expect(() =>
      parseCobertura(
        '<coverage>\n<classes><class filename="a.py">\n<lines><line number="1" hits="many"/>',
        'c.xml',
      ),
    ).toThrow('c.xml:3: hits of line 1 is not a count: many');
  });
});

describe('parseIstanbulJson', () => {
  it('gives the line of a JSON syntax error', () => {
    const error = parseError(() =>
      parseIstanbulJson('{\n  "a.js": {\n    "path": "a.js",\n  }\n}', 'final.json'),
    );
    expect(error.line).toBe(4);
  });
});

describe('detectFormat', () => {
  it.each([
    ['TN:\nSF:a', 'lcov'],
    ['\uFEFF<?xml version="1.0"?><coverage>', 'cobertura'],
    ['{"/a.js":{"path":"/a.js"}}', 'istanbul-json'],
  ])('recognises %j', (head, format) => {
    expect(detectFormat(head, 'x')).toBe(format);
  });

  it('explains a json-summary and anything else it cannot read', () => {
    expect(() => detectFormat('{"total": {"lines": {}}}', 's.json')).toThrow(/json-summary \(totals only/);
    expect(() => detectFormat('\n\nhello', 'x.txt')).toThrow('x.txt:3: not a coverage report this reads');
    expect(() => detectFormat('', 'empty.info')).toThrow('empty.info: is empty');
  });
});
