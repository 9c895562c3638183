// An explanation as plain text (log, terminal), a Markdown table (job summary) or JSON. Every
// value that came from the token or the policy goes through log-safe first: no raw control
// character, no line that could start a workflow command (`::`), no `##[`.
import { logSafe, quoteInput } from '../../../../actions/common/src/log-safe.js';
import { type Check, type Explanation, POLICY_KIND_TITLES } from './explanation.js';

const RESULT_LABELS: Record<Check['result'], string> = {
  pass: 'pass',
  fail: 'FAIL',
  unknown: 'n/a',
  assumed: 'assumed',
};

/** Values longer than this are cut in the report (the JSON keeps them whole). */
const MAX_SHOWN_LENGTH = 300;

function shown(value: string): string {
  const cut = value.length > MAX_SHOWN_LENGTH ? `${value.slice(0, MAX_SHOWN_LENGTH)}…` : value;
  return quoteInput(cut);
}

function shownList(values: readonly string[] | undefined, missing: string): string {
  if (values === undefined) return missing;
  if (values.length === 0) return '(none)';
  return values.map(shown).join(' or ');
}

function verdictLine(explanation: Explanation): string {
  return `${explanation.verdict === 'allowed' ? 'ALLOWED' : 'DENIED'}: ${explanation.reason}`;
}

/** Plain text: a heading, the verdict, then one block per check. */
export function renderText(explanation: Explanation): string {
  const lines = [
    `${POLICY_KIND_TITLES[explanation.kind]} ${logSafe(explanation.policy)}`,
    `verdict: ${logSafe(verdictLine(explanation))}`,
  ];
  for (const note of explanation.notes) lines.push(`note: ${logSafe(note)}`);
  explanation.checks.forEach((check, index) => {
    const target = check.claim && check.claim !== check.key ? ` (claim ${quoteInput(check.claim)})` : '';
    lines.push(
      `${String(index + 1).padStart(2)}. ${RESULT_LABELS[check.result]} ${check.at} ${quoteInput(check.key)}${target}`,
      `    operator: ${logSafe(check.operator)}`,
      `    expected: ${shownList(check.expected, '(none)')}`,
      `    actual:   ${shownList(check.actual, '(missing)')}`,
    );
    if (check.result === 'fail' && check.code) lines.push(`    refusal:  ${logSafe(check.code)}`);
    if (check.hint) lines.push(`    why:      ${logSafe(check.hint)}`);
  });
  for (const warning of explanation.warnings) lines.push(`warning: ${logSafe(warning)}`);
  return lines.join('\n');
}

// Markdown that renders as text: entities for everything Markdown or HTML would interpret
// (emphasis in `repo:o/*:*`, table pipes, tags, link brackets, mentions).
function cell(text: string): string {
  return text.replace(/[\\`*_{}[\]<>&|~#!@]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The job summary: verdict, a table of checks, warnings and notes. */
export function renderMarkdown(explanation: Explanation): string {
  const lines = [
    `### OIDC trust: ${explanation.verdict === 'allowed' ? '✅ allowed' : '❌ denied'} by ${cell(POLICY_KIND_TITLES[explanation.kind])} ${cell(logSafe(explanation.policy))}`,
    '',
    `**First reason:** ${cell(logSafe(explanation.reason))}`,
    '',
    '| # | result | where | key | operator | expected | actual | why |',
    '|---|---|---|---|---|---|---|---|',
  ];
  explanation.checks.forEach((check, index) => {
    const why = [check.result === 'fail' && check.code ? check.code : '', check.hint ?? '']
      .filter(Boolean)
      .join(': ');
    lines.push(
      `| ${[
        String(index + 1),
        RESULT_LABELS[check.result],
        cell(logSafe(check.at)),
        cell(quoteInput(check.key)),
        cell(logSafe(check.operator)),
        cell(shownList(check.expected, '(none)')),
        cell(shownList(check.actual, '(missing)')),
        cell(logSafe(why)),
      ].join(' | ')} |`,
    );
  });
  if (explanation.warnings.length > 0) {
    lines.push('', '**Warnings**', '', ...explanation.warnings.map((w) => `- ${cell(logSafe(w))}`));
  }
  lines.push('', ...explanation.notes.map((n) => `_${cell(logSafe(n))}_`), '');
  return lines.join('\n');
}

// JSON.stringify leaves DEL, the C1 controls, U+2028/2029 and bidi controls raw, and `##[` can
// sit inside a string: escape them the JSON way, so the text is still the same JSON.
const JSON_UNSAFE = /[\u007F-\u009F\u2028\u2029\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

export function renderJson(explanation: Explanation): string {
  return JSON.stringify(explanation, null, 2)
    .replace(JSON_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/##\[/g, '##\\u005b');
}
