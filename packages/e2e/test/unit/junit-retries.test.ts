// Retries and quarantine in the JUnit report: Surefire's elements, checked by libxml2 against
// Surefire's own schema (vendored), and the report without them still valid for junit.xsd.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { formatJUnitXml } from '../../src/reporters/junit-reporter.js';
import type { CaseResult } from '../../src/runner.js';
import { parseXml } from '../support/parse-xml.js';
import { SAMPLE_SUITE, suiteOf } from '../support/suite-fixtures.js';

const schemas = {
  junit: readFileSync(new URL('../fixtures/junit.xsd', import.meta.url), 'utf8'),
  surefire: readFileSync(new URL('../fixtures/surefire-test-report-3.0.xsd', import.meta.url), 'utf8'),
};

/**
 * Surefire's schema declares no testsuite `timestamp` (Surefire does not write one); every
 * other consumer reads it, so it stays in the report and is dropped for this check only.
 */
async function validate(xml: string, schema: keyof typeof schemas) {
  const contents = schema === 'surefire' ? xml.replace(/ timestamp="[^"]*"/, '') : xml;
  return validateXML({
    xml: [{ fileName: 'e2e-junit.xml', contents }],
    schema: [{ fileName: `${schema}.xsd`, contents: schemas[schema] }],
  });
}

const nasty = 'a<b>&"\'\u0001\u001b[31m]]>\ud800 end';
const FLAKY: CaseResult = {
  id: 5,
  name: 'public-key',
  status: 'passed',
  durationMs: 900,
  attempts: 3,
  failedAttempts: [
    { message: 'expected OK, got UNAVAILABLE', logExcerpt: 'log 1', durationMs: 300 },
    { message: `expected OK, got ${nasty}`, durationMs: 200 },
  ],
};
const FAILED_EVERY_TIME: CaseResult = {
  id: 2,
  name: 'metrics',
  status: 'failed',
  durationMs: 60,
  attempts: 2,
  message: 'first',
  logExcerpt: 'first log',
  failedAttempts: [
    { message: 'first', logExcerpt: 'first log', durationMs: 30 },
    { message: 'second', logExcerpt: 'second log', durationMs: 30 },
  ],
};
const QUARANTINED: CaseResult = {
  id: 7,
  name: 'audit-log',
  status: 'failed',
  durationMs: 10,
  message: 'expected an audit line, got none',
  logExcerpt: 'tail',
  quarantine: 'audit shipper lags, #41',
};
const QUARANTINED_PASSED: CaseResult = {
  id: 8,
  name: 'audit-alert',
  status: 'passed',
  durationMs: 5,
  quarantine: 'same',
};

const RETRY_SUITE = suiteOf([FLAKY, FAILED_EVERY_TIME, QUARANTINED, QUARANTINED_PASSED], {
  passed: 2,
  failed: 1,
  skipped: 0,
  flaky: 1,
  quarantinedFailed: 1,
});

describe('JUnit report with retries and quarantine', () => {
  it('passes a flaky case with a flakyFailure per failed attempt (stackTrace, system-out)', () => {
    const testcase = parseXml(formatJUnitXml(RETRY_SUITE)).children[0];
    expect(testcase?.children.map((c) => [c.name, c.attributes])).toEqual([
      ['flakyFailure', { message: 'expected OK, got UNAVAILABLE', type: 'CaseFailure' }],
      ['flakyFailure', { message: expect.stringMatching(/^expected OK, got a<b>&"'/), type: 'CaseFailure' }],
    ]);
    const first = testcase?.children[0];
    expect(first?.children.map((c) => [c.name, c.text])).toEqual([
      ['stackTrace', 'attempt 1: expected OK, got UNAVAILABLE'],
      ['system-out', 'log excerpt (last lines):\nlog 1'],
    ]);
  });

  it('reports a case that failed every attempt as its first failure plus a rerunFailure per rerun', () => {
    const testcase = parseXml(formatJUnitXml(RETRY_SUITE)).children[1];
    expect(testcase?.children.map((c) => c.name)).toEqual(['failure', 'rerunFailure']);
    expect(testcase?.children[0]?.attributes.message).toBe('first');
    expect(testcase?.children[1]?.attributes).toEqual({ message: 'second', type: 'CaseFailure' });
    expect(testcase?.children[1]?.children.map((c) => c.text)).toEqual([
      'attempt 2: second',
      'log excerpt (last lines):\nsecond log',
    ]);
  });

  it('marks a quarantined failure as skipped with the reason and the failure, and counts it as skipped', () => {
    const suite = parseXml(formatJUnitXml(RETRY_SUITE));
    expect(suite.attributes).toMatchObject({ tests: '4', failures: '1', skipped: '1' });
    const skipped = suite.children[2]?.children[0];
    expect(skipped?.name).toBe('skipped');
    expect(skipped?.attributes.message).toBe(
      'quarantined (audit shipper lags, #41): failed: expected an audit line, got none',
    );
    expect(skipped?.text).toBe(
      'attempt 1: expected an audit line, got none\n\nlog excerpt (last lines):\ntail',
    );
    expect(suite.children[3]?.children.map((c) => [c.name, c.text])).toEqual([
      ['system-out', 'quarantined: same (passed)'],
    ]);
  });

  it("is valid against Surefire's schema, hostile text included", async () => {
    const result = await validate(formatJUnitXml(RETRY_SUITE), 'surefire');
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('without retries stays valid against both schemas, a quarantined failure included', async () => {
    const plain = suiteOf([...SAMPLE_SUITE.cases, QUARANTINED, QUARANTINED_PASSED], {
      failed: 1,
      quarantinedFailed: 1,
    });
    for (const schema of ['junit', 'surefire'] as const) {
      const result = await validate(formatJUnitXml(plain), schema);
      expect(result.errors, schema).toEqual([]);
    }
  });

  it("Surefire's schema does reject a flakyFailure without its stackTrace", async () => {
    const broken = formatJUnitXml(RETRY_SUITE).replace(/<stackTrace>[^<]*<\/stackTrace>/, '');
    const result = await validate(broken, 'surefire');
    expect(result.valid).toBe(false);
    expect(result.errors.map((e) => e.message).join('\n')).toContain('stackTrace');
  });
});
