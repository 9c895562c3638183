// Property: whatever a failing vault puts in a failure message, a log excerpt or a flaky
// attempt (workflow commands, HTML, Markdown links, line breaks of every kind), the step's
// annotations are exactly the planned ones within GitHub's limits, no other output line is a
// command, and the job summary keeps its table rows whole and its HTML our own.

import { parseCommands } from '@runevault/action-runner';
import type { CaseResult } from '@runevault/e2e/suite';
import { ANNOTATIONS_PER_STEP, formatMarkdownSummary, planAnnotations } from '@runevault/e2e/suite';
import { suiteOf } from '@runevault/e2e/test-support/suite-fixtures';
import { fuzzBudget, fuzzTestTimeout } from '@runevault/vault/test-support/fuzz-budget';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { reportFailures } from '../../src/run-e2e-suite.js';

const hostileText = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        '::error::x',
        '::add-mask::',
        '##[warning]',
        '%0A',
        '%',
        ',',
        ':',
        '\\',
        '|',
        '`',
        '```',
      ),
      fc.constantFrom(
        '<script>',
        '</details>',
        '<img src=x>',
        '&lt;',
        '[a](http://x)',
        '![i](x)',
        '@someone',
        '*',
        '_',
      ),
      fc.constantFrom('\n', '\r', '\r\n', '\u2028', '\u0085', '\t', '\u001b[31m', '\u0000'),
      fc.string({ unit: 'binary', maxLength: 8 }),
    ),
    { maxLength: 10 },
  )
  .map((parts) => parts.join(''));

const caseResult = fc
  .record({
    kind: fc.constantFrom('failed', 'flaky', 'quarantined', 'passed'),
    message: hostileText,
    excerpt: hostileText,
    attempt: hostileText,
  })
  .map(({ kind, message, excerpt, attempt }) => ({ kind, message, excerpt, attempt }));

function results(specs: { kind: string; message: string; excerpt: string; attempt: string }[]): CaseResult[] {
  return specs.map((s, i) => {
    const base = { id: i + 1, name: `case-${i + 1}`, durationMs: i };
    if (s.kind === 'passed') return { ...base, status: 'passed' };
    if (s.kind === 'flaky')
      return {
        ...base,
        status: 'passed',
        attempts: 2,
        failedAttempts: [{ message: s.attempt, durationMs: 1 }],
      };
    return {
      ...base,
      status: 'failed',
      message: s.message,
      logExcerpt: s.excerpt,
      ...(s.kind === 'quarantined' ? { quarantine: 'known: <b>bug</b> [x](y)' } : {}),
    };
  });
}

// What the runner (TryParseV2 after TrimStart, and the legacy `##[` anywhere) takes for a command.
const DOTNET_WHITESPACE = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*/;
function runnerWouldParse(line: string): boolean {
  const trimmed = line.replace(DOTNET_WHITESPACE, '');
  if (trimmed.startsWith('::') && trimmed.indexOf('::', 2) > 2) return true;
  const legacy = line.indexOf('##[');
  return legacy >= 0 && line.indexOf(']', legacy) > legacy;
}

let written: string[] = [];
beforeEach(() => {
  written = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe('annotations of hostile results (property)', () => {
  it(
    'are exactly the planned ones, within the limits, and no other line is a command',
    () => {
      fc.assert(
        fc.property(fc.array(caseResult, { maxLength: 30 }), fc.boolean(), (specs, failOnFlaky) => {
          written = [];
          const suite = suiteOf(results(specs));
          reportFailures(suite, { failOnFlaky });
          const lines = written.join('').split(/\r\n|\r|\n|\u2028|\u2029|\u0085/);
          const commands = parseCommands(lines);
          const annotations = commands.filter((c) => c.command === 'error' || c.command === 'warning');
          const plan = planAnnotations(suite, { failOnFlaky });
          expect(annotations.map((a) => [a.command, a.properties.title])).toEqual(
            plan.map((p) => [p.level, p.title]),
          );
          for (const level of ['error', 'warning'] as const)
            expect(annotations.filter((a) => a.command === level).length).toBeLessThanOrEqual(
              ANNOTATIONS_PER_STEP[level],
            );
          // Every command line is one of ours; nothing else would be parsed by the runner.
          const commandLines = new Set(commands.map((c) => c.line));
          expect(commands.every((c) => ['group', 'endgroup', 'error', 'warning'].includes(c.command))).toBe(
            true,
          );
          for (const [i, line] of lines.entries())
            if (!commandLines.has(i)) expect(runnerWouldParse(line)).toBe(false);
        }),
        fuzzBudget(150),
      );
    },
    fuzzTestTimeout(),
  );
});

/** Pipes that end a cell: not preceded by an odd number of backslashes. */
function cellBreaks(row: string): number {
  return [...row.matchAll(/(\\*)\|/g)].filter((m) => (m[1] as string).length % 2 === 0).length;
}

describe('the job summary of hostile results (property)', () => {
  it(
    'keeps every row whole, forms no link or HTML of the text, and fences every excerpt',
    () => {
      fc.assert(
        fc.property(fc.array(caseResult, { minLength: 1, maxLength: 12 }), (specs) => {
          const suite = suiteOf(results(specs));
          const md = formatMarkdownSummary(suite);
          // Outside fenced blocks: every line of a table is a whole row with its own cells.
          const outside: string[] = [];
          let fence: string | undefined;
          for (const line of md.split(/\r\n|\r|\n/)) {
            if (fence) {
              if (line === fence) fence = undefined;
              continue;
            }
            const open = /^(`{3,})text$/.exec(line);
            if (open) fence = open[1];
            else outside.push(line);
          }
          expect(fence).toBeUndefined();
          const rows = outside.filter((l) => l.startsWith('|'));
          const expectedRows =
            suite.cases.length +
            2 +
            suite.cases.filter((c) => c.quarantine).length +
            suite.cases.filter((c) => c.failedAttempts).length;
          const sections =
            (suite.cases.some((c) => c.quarantine) ? 2 : 0) +
            (suite.cases.some((c) => c.failedAttempts) ? 2 : 0);
          expect(rows).toHaveLength(expectedRows + sections);
          for (const row of rows)
            expect(cellBreaks(row)).toBe(
              row.startsWith('| |') || /^\| (✅|❌|⚠️|🚧|⏭️) \|/u.test(row) || row.startsWith('|---|---|---:')
                ? 5
                : 4,
            );
          const text = outside.join('\n');
          // The only tags are ours; no unescaped [ can open a link or image.
          expect(text.replace(/<br>|<\/?details>|<\/?summary>/g, '')).not.toMatch(/</);
          expect([...text.matchAll(/(\\*)\[/g)].every((m) => (m[1] as string).length % 2 === 1)).toBe(true);
        }),
        fuzzBudget(200),
      );
    },
    fuzzTestTimeout(),
  );
});
