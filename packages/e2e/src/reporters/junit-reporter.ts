import { caseLabel } from '../cases/case.js';
import type { CaseResult, SuiteResult } from '../runner.js';
import { escapeXmlAttribute as attr, escapeXmlText as text } from './xml-escape.js';

export const JUNIT_SUITE_NAME = 'runevault-e2e';
export const JUNIT_CLASSNAME = 'runevault.e2e';

const seconds = (ms: number) => (ms / 1000).toFixed(3);

function testcase(r: CaseResult): string {
  const name = caseLabel(r);
  const open = `  <testcase classname="${JUNIT_CLASSNAME}" name="${attr(name)}" time="${seconds(r.durationMs)}"`;
  if (r.status === 'passed') return `${open}/>`;
  if (r.status === 'skipped')
    return `${open}>\n    <skipped message="${attr(r.message ?? '')}"/>\n  </testcase>`;
  const message = r.message ?? 'failed';
  const body = r.logExcerpt ? `${message}\n\nlog excerpt (last lines):\n${r.logExcerpt}` : message;
  return `${open}>\n    <failure message="${attr(message)}" type="CaseFailure">${text(body)}</failure>\n  </testcase>`;
}

/** One <testsuite> with a <testcase> per case, as CI test-report tools read it. */
export function formatJUnitXml(result: SuiteResult): string {
  const suite = [
    `name="${JUNIT_SUITE_NAME}"`,
    `tests="${result.cases.length}"`,
    `failures="${result.failed}"`,
    'errors="0"',
    `skipped="${result.skipped}"`,
    `time="${seconds(result.durationMs)}"`,
    `timestamp="${attr(result.startedAt)}"`,
  ].join(' ');
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuite ${suite}>`,
    ...result.cases.map(testcase),
    '</testsuite>',
    '',
  ].join('\n');
}
