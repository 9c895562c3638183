// The Markdown an e2e run leaves for the report workflow: totals of a JUnit report and the
// cases that failed, read with a streaming XML parser (the report is the suite's own).
import { SaxesParser } from 'saxes';

export interface JUnitTotals {
  tests: number;
  failed: string[];
  skipped: number;
}

export function readJUnit(xml: string): JUnitTotals {
  const totals: JUnitTotals = { tests: 0, failed: [], skipped: 0 };
  const parser = new SaxesParser();
  let current: string | undefined;
  let failed = false;
  parser.on('opentag', (tag) => {
    if (tag.name === 'testcase') {
      totals.tests++;
      current = String(tag.attributes.name ?? '');
      failed = false;
    } else if (current !== undefined && (tag.name === 'failure' || tag.name === 'error')) failed = true;
    else if (current !== undefined && tag.name === 'skipped') totals.skipped++;
  });
  parser.on('closetag', (tag) => {
    if (tag.name !== 'testcase') return;
    if (failed && current !== undefined) totals.failed.push(current);
    current = undefined;
  });
  parser.write(xml).close();
  return totals;
}

export function junitMarkdown(title: string, totals: JUnitTotals): string {
  const passed = totals.tests - totals.failed.length - totals.skipped;
  const lines = [
    `### ${title}`,
    '',
    '| Cases | Passed | Failed | Skipped |',
    '|--:|--:|--:|--:|',
    `| ${totals.tests} | ${passed} | ${totals.failed.length} | ${totals.skipped} |`,
  ];
  if (totals.failed.length > 0)
    lines.push(
      '',
      '**Failed**',
      '',
      ...totals.failed.slice(0, 50).map((name) => `- \`${name.replace(/`/g, "'")}\``),
    );
  return `${lines.join('\n')}\n`;
}
