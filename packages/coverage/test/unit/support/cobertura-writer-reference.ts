// The Cobertura writer as it was before output was streamed (one string from an array of lines),
// kept verbatim as the oracle for writer-bytes.test.ts: the streamed writer must give the same bytes.
// The merged coverage as Cobertura XML (GitLab, Azure DevOps, Jenkins, Codecov read it). Its
// <sources> always holds the root, so every relative filename resolves.
import { posix } from 'node:path';
import {
  branchCounter,
  type Counter,
  type CoverageTotals,
  type FileCoverage,
  fileTotals,
  sortedLines,
  sumTotals,
} from '../../../src/model.js';

export interface CoberturaWriteOptions {
  /** Absolute; written as the single <source>. */
  root: string;
  /** Milliseconds; default now. */
  timestamp?: number;
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (char) =>
    char === '&'
      ? '&amp;'
      : char === '<'
        ? '&lt;'
        : char === '>'
          ? '&gt;'
          : char === '"'
            ? '&quot;'
            : '&apos;',
  );
}

function rate(counter: Counter): string {
  return counter.total === 0 ? '1' : String(Math.round((counter.covered / counter.total) * 10000) / 10000);
}

export function writeCoberturaReference(files: FileCoverage[], options: CoberturaWriteOptions): string {
  const totals = sumTotals(files);
  const out: string[] = [
    '<?xml version="1.0" ?>',
    '<!DOCTYPE coverage SYSTEM "http://cobertura.sourceforge.net/xml/coverage-04.dtd">',
    `<coverage lines-valid="${totals.lines.total}" lines-covered="${totals.lines.covered}" line-rate="${rate(totals.lines)}" branches-valid="${totals.branches.total}" branches-covered="${totals.branches.covered}" branch-rate="${rate(totals.branches)}" timestamp="${options.timestamp ?? Date.now()}" complexity="0" version="0.1">`,
    '  <sources>',
    `    <source>${escapeXml(options.root)}</source>`,
    '  </sources>',
    '  <packages>',
  ];
  const packages = new Map<string, { file: FileCoverage; totals: CoverageTotals }[]>();
  for (const file of files) {
    const directory = posix.dirname(file.path);
    const name = directory === '.' ? '.' : directory.replace(/^\/+/, '').replace(/\//g, '.');
    let members = packages.get(name);
    if (!members) {
      members = [];
      packages.set(name, members);
    }
    members.push({ file, totals: fileTotals(file) });
  }
  for (const [name, members] of packages) {
    const lines = { covered: 0, total: 0 };
    const branches = { covered: 0, total: 0 };
    for (const { totals } of members) {
      lines.covered += totals.lines.covered;
      lines.total += totals.lines.total;
      branches.covered += totals.branches.covered;
      branches.total += totals.branches.total;
    }
    out.push(
      `    <package name="${escapeXml(name)}" line-rate="${rate(lines)}" branch-rate="${rate(branches)}" complexity="0">`,
      '      <classes>',
    );
    for (const { file, totals } of members) {
      out.push(
        `        <class name="${escapeXml(posix.basename(file.path))}" filename="${escapeXml(file.path)}" line-rate="${rate(totals.lines)}" branch-rate="${rate(totals.branches)}" complexity="0">`,
        '          <methods>',
      );
      for (const [functionName, fn] of file.functions ?? []) {
        out.push(
          `            <method name="${escapeXml(functionName)}" hits="${fn.hits}" signature="()V">`,
          `              <lines><line number="${fn.line}" hits="${fn.hits}"/></lines>`,
          '            </method>',
        );
      }
      out.push('          </methods>', '          <lines>');
      for (const line of sortedLines(file.lines)) {
        const hits = file.lines.get(line);
        const lineBranches = file.branches?.get(line);
        if (lineBranches) {
          const { covered, total } = branchCounter(lineBranches);
          const percentage = total === 0 ? 100 : Math.round((covered / total) * 100);
          out.push(
            `            <line number="${line}" hits="${hits}" branch="true" condition-coverage="${percentage}% (${covered}/${total})"/>`,
          );
        } else out.push(`            <line number="${line}" hits="${hits}" branch="false"/>`);
      }
      out.push('          </lines>', '        </class>');
    }
    out.push('      </classes>', '    </package>');
  }
  out.push('  </packages>', '</coverage>');
  return `${out.join('\n')}\n`;
}
