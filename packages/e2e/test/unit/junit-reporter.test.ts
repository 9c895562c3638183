import { describe, expect, it } from 'vitest';
import { formatJUnitXml } from '../../src/reporters/junit-reporter.js';
import { escapeXmlAttribute, escapeXmlText } from '../../src/reporters/xml-escape.js';
import { parseXml } from '../support/parse-xml.js';
import { SAMPLE_SUITE, suiteOf } from '../support/suite-fixtures.js';

describe('formatJUnitXml', () => {
  it('writes one testsuite with a testcase per case, as well-formed XML', () => {
    const suite = parseXml(formatJUnitXml(SAMPLE_SUITE));
    expect(suite.name).toBe('testsuite');
    expect(suite.attributes).toEqual({
      name: 'runevault-e2e',
      tests: '3',
      failures: '1',
      errors: '0',
      skipped: '1',
      time: '1.234',
      timestamp: '2026-03-20T10:00:00.000Z',
    });
    expect(suite.children.map((c) => [c.name, c.attributes])).toEqual([
      ['testcase', { classname: 'runevault.e2e', name: '01-health', time: '0.012' }],
      ['testcase', { classname: 'runevault.e2e', name: '05-public-key', time: '0.340' }],
      ['testcase', { classname: 'runevault.e2e', name: '16-tls', time: '0.000' }],
    ]);
    expect(suite.children[0]?.children).toEqual([]);
  });

  it('puts the message in <failure message> and message plus log excerpt in its body', () => {
    const failure = parseXml(formatJUnitXml(SAMPLE_SUITE)).children[1]?.children[0];
    expect(failure?.name).toBe('failure');
    expect(failure?.attributes.message).toBe(
      'expected a key bundle, got UNAUTHENTICATED: Invalid authentication token',
    );
    expect(failure?.text).toBe(
      'expected a key bundle, got UNAUTHENTICATED: Invalid authentication token\n\nlog excerpt (last lines):\nline one\nline two',
    );
  });

  it('marks a skip with <skipped message>', () => {
    const skipped = parseXml(formatJUnitXml(SAMPLE_SUITE)).children[2]?.children[0];
    expect(skipped).toMatchObject({ name: 'skipped', attributes: { message: 'needs tls: plaintext' } });
  });

  it('escapes markup, quotes, newlines and control characters so the XML stays valid', () => {
    const nasty = 'expected <a> & "b", got \'c\'\nline2\ttab \u001b[31mred\u001b[0m \u0000 \ud800 end';
    const xml = formatJUnitXml(
      suiteOf([
        { id: 7, name: 'audit-log', status: 'failed', durationMs: 1, message: nasty, logExcerpt: nasty },
      ]),
    );
    const failure = parseXml(xml).children[0]?.children[0];
    const readable = 'expected <a> & "b", got \'c\'\nline2\ttab \\u001b[31mred\\u001b[0m \\u0000 \ufffd end';
    expect(failure?.attributes.message).toBe(readable);
    expect(failure?.text).toBe(`${readable}\n\nlog excerpt (last lines):\n${readable}`);
  });
});

describe('the structural XML check used above', () => {
  it('rejects what a JUnit consumer would reject', () => {
    expect(() => parseXml('<a><b></a></b>')).toThrow(/closes/);
    expect(() => parseXml('<a>x & y</a>')).toThrow(/entity/);
    expect(() => parseXml('<a m="1 < 2"/>')).toThrow(/raw </);
    expect(() => parseXml('<a>\u001b</a>')).toThrow(/illegal character/);
    expect(() => parseXml('<a/><b/>')).toThrow(/more than one root/);
    expect(() => parseXml('<a>')).toThrow(/unclosed/);
  });
});

describe('xml escaping', () => {
  it('escapes the five special characters', () => {
    expect(escapeXmlText('a<b>&c')).toBe('a&lt;b&gt;&amp;c');
    expect(escapeXmlAttribute(`"x" 'y'`)).toBe('&quot;x&quot; &apos;y&apos;');
  });

  it('keeps astral characters (valid surrogate pairs) and replaces lone surrogates', () => {
    expect(escapeXmlText('ok 🔐')).toBe('ok 🔐');
    expect(escapeXmlText('\udc00x\ud83d')).toBe('\ufffdx\ufffd');
    expect(escapeXmlText('\ufffe')).toBe('\ufffd');
  });
});
