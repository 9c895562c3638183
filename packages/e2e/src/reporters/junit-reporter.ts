import { caseLabel } from '../cases/case.js';
import { type AttemptFailure, type CaseResult, isFlaky, type SuiteResult } from '../runner.js';
import { cutHead, cutTail } from './byte-budget.js';
import { escapeXmlAttribute as attr, escapeXmlText as text } from './xml-escape.js';

const JUNIT_SUITE_NAME = 'runevault-e2e';
const JUNIT_CLASSNAME = 'runevault.e2e';
const FAILURE_TYPE = 'CaseFailure';

/**
 * libxml2 (behind many report readers) refuses a text node over 10 MB without XML_PARSE_HUGE;
 * a failure's text stays far below, whatever the vault printed.
 */
const JUNIT_MESSAGE_MAX_BYTES = 16 * 1024;
const JUNIT_EXCERPT_MAX_BYTES = 64 * 1024;

const seconds = (ms: number) => (ms / 1000).toFixed(3);
const short = (message: string) => cutHead(message, JUNIT_MESSAGE_MAX_BYTES);

function failureBody(message: string, logExcerpt: string | undefined): string {
  const shown = short(message);
  return logExcerpt
    ? `${shown}\n\nlog excerpt (last lines):\n${cutTail(logExcerpt, JUNIT_EXCERPT_MAX_BYTES)}`
    : shown;
}

/**
 * A retry's failure as Maven Surefire writes it (surefire-test-report-3.0.xsd): the message in
 * an attribute, the detail in <stackTrace> (our cases have no stack: the message and attempt),
 * the vault's log excerpt as the attempt's <system-out>.
 */
function rerun(element: 'flakyFailure' | 'rerunFailure', failure: AttemptFailure, attempt: number): string {
  const out = failure.logExcerpt
    ? `\n      <system-out>${text(`log excerpt (last lines):\n${cutTail(failure.logExcerpt, JUNIT_EXCERPT_MAX_BYTES)}`)}</system-out>`
    : '';
  return [
    `    <${element} message="${attr(short(failure.message))}" type="${FAILURE_TYPE}">`,
    `      <stackTrace>${text(`attempt ${attempt}: ${short(failure.message)}`)}</stackTrace>${out}`,
    `    </${element}>`,
  ].join('\n');
}

/**
 * A quarantined failure is a <skipped> with the reason and the failure in its message: every
 * report tool shows a skip's message, none counts a skip as a failure, and per-testcase
 * <properties> exist in neither the JUnit nor the Surefire schema (tools ignore them).
 */
function quarantinedSkip(r: CaseResult): string {
  const attempts = r.failedAttempts ?? [{ message: r.message ?? 'failed', durationMs: r.durationMs }];
  const body = attempts
    .map(
      (a, i) =>
        `attempt ${i + 1}: ${failureBody(a.message, a.logExcerpt ?? (i === 0 ? r.logExcerpt : undefined))}`,
    )
    .join('\n\n');
  const message = `quarantined (${r.quarantine}): failed: ${r.message ?? 'failed'}`;
  return `    <skipped message="${attr(short(message))}">${text(body)}</skipped>`;
}

function testcase(r: CaseResult): string {
  const name = caseLabel(r);
  const open = `  <testcase classname="${JUNIT_CLASSNAME}" name="${attr(name)}" time="${seconds(r.durationMs)}"`;
  const children: string[] = [];
  if (r.status === 'failed' && r.quarantine !== undefined) {
    children.push(quarantinedSkip(r));
  } else if (r.status === 'failed') {
    const message = r.message ?? 'failed';
    children.push(
      `    <failure message="${attr(short(message))}" type="${FAILURE_TYPE}">${text(failureBody(message, r.logExcerpt))}</failure>`,
    );
    for (const [i, failure] of (r.failedAttempts ?? []).slice(1).entries())
      children.push(rerun('rerunFailure', failure, i + 2));
  } else if (r.status === 'skipped') {
    children.push(`    <skipped message="${attr(r.message ?? '')}"/>`);
  } else if (isFlaky(r)) {
    for (const [i, failure] of (r.failedAttempts ?? []).entries())
      children.push(rerun('flakyFailure', failure, i + 1));
  }
  if (r.quarantine !== undefined && r.status !== 'failed') {
    children.push(`    <system-out>${text(`quarantined: ${r.quarantine} (${r.status})`)}</system-out>`);
  }
  return children.length === 0 ? `${open}/>` : `${open}>\n${children.join('\n')}\n  </testcase>`;
}

/**
 * One <testsuite> with a <testcase> per case, as CI test-report tools read it. Retries follow
 * Surefire: a flaky case passes with a <flakyFailure> per failed attempt; a case that failed
 * every attempt has the first as <failure> and the others as <rerunFailure>.
 */
export function formatJUnitXml(result: SuiteResult): string {
  const suite = [
    `name="${JUNIT_SUITE_NAME}"`,
    `tests="${result.cases.length}"`,
    `failures="${result.failed}"`,
    'errors="0"',
    `skipped="${result.skipped + (result.quarantinedFailed ?? 0)}"`,
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
