// The "against the base branch" section of the summary and comment.
import type { BaseComparison, BaseLookup } from './compare-with-base.js';

const LABEL = { lines: 'Lines', branches: 'Branches', functions: 'Functions' } as const;
const FILE_ROWS = 30;

const pct = (value: number | undefined) => (value === undefined ? '—' : `${value.toFixed(2)}%`);
function change(value: number | undefined): string {
  if (value === undefined) return '—';
  const text = `${value >= 0 ? '+' : ''}${value.toFixed(2)} pts`;
  return value < 0 ? `🔻 ${text}` : text;
}
const code = (path: string) =>
  path.includes('`') ? path.replace(/([\\`*_[\]<>|])/g, '\\$1') : `\`${path.replace(/\|/g, '\\|')}\``;

export function comparisonMarkdown(
  lookup: BaseLookup | undefined,
  comparison: BaseComparison | undefined,
): string[] {
  if (!lookup) return [];
  if ('missing' in lookup) return ['', `> ${lookup.missing}`];
  if (!comparison) return [];
  const { base } = comparison;
  const where =
    base.distance === 0
      ? `base commit \`${base.commit.slice(0, 12)}\``
      : `\`${base.commit.slice(0, 12)}\`, ${base.distance} commit(s) before the base \`${base.requested.slice(0, 12)}\` (the nearest with a summary)`;
  const lines = [
    '',
    `**Against the base branch** (${where})`,
    '',
    '| Metric | Base | This pull request | Change | Max drop |',
    '|:--|--:|--:|--:|:--|',
  ];
  for (const metric of comparison.metrics) {
    const gate =
      metric.maxDrop === undefined
        ? ''
        : metric.exceeded
          ? `❌ > ${metric.maxDrop} pts`
          : `✅ ≤ ${metric.maxDrop} pts`;
    lines.push(
      `| ${LABEL[metric.metric]} | ${pct(metric.base)} | ${pct(metric.head)} | ${change(metric.change)} | ${gate} |`,
    );
  }
  if (comparison.files.length > 0) {
    lines.push(
      '',
      `<details><summary>Line coverage of the ${comparison.files.length} file(s) this pull request touched</summary>`,
      '',
      '| File | Base | This pull request | Change |',
      '|:--|--:|--:|--:|',
    );
    for (const file of comparison.files.slice(0, FILE_ROWS))
      lines.push(
        `| ${code(file.path)} | ${pct(file.base)} | ${pct(file.head)} | ${file.base === undefined ? 'new' : file.head === undefined ? 'not measured' : change(file.head - file.base)} |`,
      );
    if (comparison.files.length > FILE_ROWS)
      lines.push(`| _${comparison.files.length - FILE_ROWS} more not shown_ | | | |`);
    lines.push('', '</details>');
  }
  return lines;
}
