import { caseLabel } from '../cases/case.js';
import { type CaseResult, isFlaky, type SuiteResult } from '../runner.js';
import { cutHead, cutTail, utf8Bytes } from './byte-budget.js';
import { describeAttempts, formatTotals } from './console-reporter.js';

const MARK = { passed: '✅', failed: '❌', skipped: '⏭️' } as const;
const FLAKY_MARK = '⚠️';
const QUARANTINED_MARK = '🚧';

/**
 * GitHub refuses a step summary over 1 MiB ("$GITHUB_STEP_SUMMARY upload aborted, supports
 * content up to a size of 1024k"); the budget leaves room for other text in the same step.
 */
export const STEP_SUMMARY_LIMIT_BYTES = 1024 * 1024;
export const SUMMARY_BUDGET_BYTES = STEP_SUMMARY_LIMIT_BYTES - 24 * 1024;
/** One message in a table cell; the whole message is in the JUnit report and the log. */
export const CELL_MAX_BYTES = 2_000;
/** One failure's log excerpt (its last lines are kept). */
const EXCERPT_MAX_BYTES = 32 * 1024;
/** Room kept for the note that says what was cut. */
const NOTE_RESERVE_BYTES = 400;

export interface MarkdownOptions {
  title?: string;
  /** Bytes the summary may take (default SUMMARY_BUDGET_BYTES). */
  budgetBytes?: number;
}

/**
 * A table cell: no pipe or line break ends the row, no HTML is interpreted, and no Markdown
 * (links, images, emphasis, code) is formed from the text. Capped at CELL_MAX_BYTES.
 */
function cell(value: string): string {
  return cutHead(value, CELL_MAX_BYTES)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]~]/g, '\\$&')
    .replace(/\|/g, '\\|')
    .replace(/\r\n|\r|\n/g, '<br>');
}

/** A fence longer than any run of backticks inside, so the excerpt cannot close it. */
function fenced(body: string): string {
  const longest = Math.max(2, ...[...body.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}text\n${body}\n${fence}`;
}

function mark(r: CaseResult): string {
  if (r.status === 'failed' && r.quarantine !== undefined) return QUARANTINED_MARK;
  return isFlaky(r) ? FLAKY_MARK : MARK[r.status];
}

function detail(r: CaseResult): string {
  const parts = [r.message ?? '', describeAttempts(r)].filter(Boolean);
  const text = isFlaky(r) ? describeAttempts(r) : parts.join(' — ');
  return r.quarantine !== undefined ? `quarantined (${r.quarantine})${text ? `: ${text}` : ''}` : text;
}

function quarantineResult(r: CaseResult): string {
  if (r.status === 'failed') return `${MARK.failed} failed: ${r.message ?? 'failed'}`;
  if (isFlaky(r)) return `${FLAKY_MARK} ${describeAttempts(r)}`;
  return `${MARK[r.status]} ${r.status}${r.status === 'skipped' && r.message ? `: ${r.message}` : ''}`;
}

type Kind = 'table row' | 'quarantine row' | 'flaky attempt' | 'log excerpt';
interface Block {
  section: 'table' | 'quarantine' | 'flaky' | 'logs';
  kind: Kind;
  text: string;
  priority: number;
  order: number;
}

const SECTION_HEADS = {
  table: '',
  quarantine: '\n#### Quarantined cases\n\n| case | reason | result |\n|---|---|---|\n',
  flaky: '\n#### Flaky cases\n\n| case | attempt | failure |\n|---|---:|---|\n',
  logs: '',
} as const;
const SECTION_ORDER = ['table', 'quarantine', 'flaky', 'logs'] as const;

function blocks(result: SuiteResult): Block[] {
  const out: Block[] = [];
  const add = (b: Omit<Block, 'order'>) => out.push({ ...b, order: out.length });
  for (const r of result.cases) {
    const notable = r.status === 'failed' || isFlaky(r) || r.quarantine !== undefined;
    add({
      section: 'table',
      kind: 'table row',
      priority: notable ? 1 : 4,
      text: `| ${mark(r)} | ${cell(caseLabel(r))} | ${r.durationMs} | ${cell(detail(r))} |\n`,
    });
  }
  for (const r of result.cases.filter((c) => c.quarantine !== undefined)) {
    add({
      section: 'quarantine',
      kind: 'quarantine row',
      priority: 2,
      text: `| ${cell(caseLabel(r))} | ${cell(r.quarantine ?? '')} | ${cell(quarantineResult(r))} |\n`,
    });
  }
  for (const r of result.cases.filter(isFlaky)) {
    for (const [i, failure] of (r.failedAttempts ?? []).entries()) {
      add({
        section: 'flaky',
        kind: 'flaky attempt',
        priority: 3,
        text: `| ${cell(caseLabel(r))} | ${i + 1} | ${cell(failure.message)} |\n`,
      });
    }
  }
  for (const r of result.cases.filter((c) => c.status === 'failed' && c.logExcerpt)) {
    add({
      section: 'logs',
      kind: 'log excerpt',
      priority: 5,
      text: [
        '',
        `<details><summary>${cell(caseLabel(r))}: vault log excerpt</summary>`,
        '',
        fenced(cutTail(r.logExcerpt as string, EXCERPT_MAX_BYTES)),
        '',
        '</details>',
        '',
      ].join('\n'),
    });
  }
  return out;
}

function cutNote(omitted: Map<Kind, number>): string {
  const parts = [...omitted].map(([kind, n]) => `${n} ${kind}${n > 1 ? 's' : ''}`);
  return `\n_Cut to fit GitHub's 1 MiB step summary: ${parts.join(', ')} left out. The JUnit report and the step log have every case._\n`;
}

/**
 * A Markdown report for $GITHUB_STEP_SUMMARY: the case table, totals, the quarantined and flaky
 * cases, then failure logs. Over the byte budget, whole rows and excerpts are left out (the
 * least telling first: passing rows, then logs) and a note says what was cut.
 */
export function formatMarkdownSummary(result: SuiteResult, options: string | MarkdownOptions = {}): string {
  const opts = typeof options === 'string' ? { title: options } : options;
  const budget = opts.budgetBytes ?? SUMMARY_BUDGET_BYTES;
  const head = `### ${opts.title ?? 'runevault e2e'}\n\n| | case | ms | detail |\n|---|---|---:|---|\n`;
  const totals = `\n**${formatTotals(result)}**\n`;
  const all = blocks(result);

  let remaining = budget - utf8Bytes(head) - utf8Bytes(totals);
  const fitsWhole = all.reduce((sum, b) => sum + utf8Bytes(b.text), 0) + headsBytes(all) <= remaining;
  if (!fitsWhole) remaining -= NOTE_RESERVE_BYTES;
  const chosen = new Set<Block>();
  const opened = new Set<Block['section']>();
  const omitted = new Map<Kind, number>();
  for (const b of [...all].sort((x, y) => x.priority - y.priority || x.order - y.order)) {
    const cost = utf8Bytes(b.text) + (opened.has(b.section) ? 0 : utf8Bytes(SECTION_HEADS[b.section]));
    if (fitsWhole || cost <= remaining) {
      chosen.add(b);
      opened.add(b.section);
      remaining -= cost;
    } else {
      omitted.set(b.kind, (omitted.get(b.kind) ?? 0) + 1);
    }
  }

  const section = (name: Block['section']) => {
    const texts = all.filter((b) => b.section === name && chosen.has(b)).map((b) => b.text);
    return texts.length > 0 ? SECTION_HEADS[name] + texts.join('') : '';
  };
  const note = omitted.size > 0 ? cutNote(omitted) : '';
  return head + section('table') + totals + note + SECTION_ORDER.slice(1).map(section).join('');
}

function headsBytes(all: Block[]): number {
  const sections = new Set(all.map((b) => b.section));
  return [...sections].reduce((sum, s) => sum + utf8Bytes(SECTION_HEADS[s]), 0);
}
