// Quarantined cases: known-bad cases that still run and are reported, but whose failure does
// not fail the run. Each entry needs a reason, so the list explains itself in every report.
import type { E2eCase } from './cases/case.js';
import { matchesCase } from './runner.js';

/** A case named as --cases names it (number, name or label) and why it is quarantined. */
export interface QuarantineEntry {
  selector: string;
  reason: string;
}

/** A quarantine list that names no known case or gives no reason; lists every problem. */
export class QuarantineError extends Error {
  override name = 'QuarantineError';
}

/** Reasons are shown on one table row and in annotation titles: bounded like a commit subject. */
const MAX_REASON_LENGTH = 200;
// Reasons are printed in logs, annotations and reports: one line of plain text.
const CONTROL = /[\p{Cc}\u2028\u2029\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;

/**
 * `case-name: reason` entries, one per line (blank lines and `#` comments ignored), each case
 * named as --cases names it. Throws QuarantineError naming every bad entry.
 */
export function parseQuarantine(
  lines: readonly string[],
  cases: readonly E2eCase[],
  /** How a value is quoted in the message (an action passes its log-safe quoting). */
  quote: (value: string) => string = (value) => JSON.stringify(value),
): QuarantineEntry[] {
  const matches = matchesCase;
  const entries: QuarantineEntry[] = [];
  const problems: string[] = [];
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const where = `quarantine entry ${index + 1}`;
    const colon = line.indexOf(':');
    const selector = (colon < 0 ? line : line.slice(0, colon)).trim();
    const reason = colon < 0 ? '' : line.slice(colon + 1).trim();
    if (!cases.some((c) => matches(c, selector))) {
      problems.push(`${where}: unknown case ${quote(selector)}`);
      continue;
    }
    if (reason === '') {
      problems.push(`${where}: ${quote(selector)} has no reason; write "${selector}: why it is quarantined"`);
      continue;
    }
    if (CONTROL.test(reason)) {
      problems.push(
        `${where}: the reason for ${quote(selector)} holds a control character; write it as plain text`,
      );
      continue;
    }
    if (reason.length > MAX_REASON_LENGTH) {
      problems.push(`${where}: the reason for ${quote(selector)} is over ${MAX_REASON_LENGTH} characters`);
      continue;
    }
    const duplicate = entries.find((e) => cases.some((c) => matches(c, e.selector) && matches(c, selector)));
    if (duplicate) {
      problems.push(`${where}: ${quote(selector)} is already quarantined (as ${quote(duplicate.selector)})`);
      continue;
    }
    entries.push({ selector, reason });
  }
  if (problems.length > 0) {
    const valid = cases.map((c) => `${c.id} ${c.name}`).join(', ');
    throw new QuarantineError(
      `${problems.join('; ')} (one "case-name: reason" per line; valid cases, name or number: ${valid})`,
    );
  }
  return entries;
}
