import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { formatJUnitXml } from '../../src/reporters/junit-reporter.js';
import { SAMPLE_SUITE, suiteOf } from '../support/suite-fixtures.js';

// The JUnit report validated by libxml2 (xmllint compiled to WebAssembly) against the JUnit
// schema CI servers read, including a failure whose text holds XML specials and control bytes.

const schema = readFileSync(new URL('../fixtures/junit.xsd', import.meta.url), 'utf8');

async function validate(xml: string) {
  return validateXML({
    xml: [{ fileName: 'e2e-junit.xml', contents: xml }],
    schema: [{ fileName: 'junit.xsd', contents: schema }],
  });
}

describe('JUnit report against the schema', () => {
  it('the sample suite (passed, failed with log excerpt, skipped) is valid', async () => {
    const result = await validate(formatJUnitXml(SAMPLE_SUITE));
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('stays valid with hostile text in names, messages and excerpts', async () => {
    const nasty = 'a<b>&"\'\u0001\u001b[31m]]>\ud800 end';
    const suite = suiteOf([
      {
        id: 1,
        name: `health${nasty}`,
        status: 'failed',
        durationMs: 5,
        message: nasty,
        logExcerpt: `${nasty}\n${nasty}`,
      },
      { id: 2, name: 'metrics', status: 'skipped', durationMs: 0, message: nasty },
    ]);
    const result = await validate(formatJUnitXml(suite));
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('the validator does reject a report that breaks the schema', async () => {
    const broken = formatJUnitXml(SAMPLE_SUITE).replace(/ tests="\d+"/, ' tests="many"');
    const result = await validate(broken);
    expect(result.valid).toBe(false);
    expect(result.errors.map((e) => e.message).join('\n')).toContain('tests');
  });
});
