// The merged coverage as Cobertura XML (GitLab, Azure DevOps, Jenkins, Codecov read it). Its
// <sources> always holds the root, so every relative filename resolves. Streamed like LCOV.
import { posix } from 'node:path';
import {
  type Counter,
  type CoverageTotals,
  type FileCoverage,
  fileTotals,
  forEachFunction,
  forEachLine,
  lineBranchCounter,
  sumTotals,
} from '../model.js';
import { type ByteSink, collectText, writeFileStreamed } from './byte-sink.js';

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

export function writeCobertura(files: FileCoverage[], options: CoberturaWriteOptions): string {
  return collectText((sink) => writeCoberturaTo(files, options, sink));
}

/** Streams the XML to `path` (through a temporary file renamed when complete). */
export function writeCoberturaFile(
  files: FileCoverage[],
  options: CoberturaWriteOptions,
  path: string,
): void {
  writeFileStreamed(path, (sink) => writeCoberturaTo(files, options, sink));
}

const NEWLINE = 0x0a;

function writeCoberturaTo(files: FileCoverage[], options: CoberturaWriteOptions, sink: ByteSink): void {
  const line = (text: string) => {
    sink.text(text);
    sink.byte(NEWLINE);
  };
  const totals = sumTotals(files);
  line('<?xml version="1.0" ?>');
  line('<!DOCTYPE coverage SYSTEM "http://cobertura.sourceforge.net/xml/coverage-04.dtd">');
  line(
    `<coverage lines-valid="${totals.lines.total}" lines-covered="${totals.lines.covered}" line-rate="${rate(totals.lines)}" branches-valid="${totals.branches.total}" branches-covered="${totals.branches.covered}" branch-rate="${rate(totals.branches)}" timestamp="${options.timestamp ?? Date.now()}" complexity="0" version="0.1">`,
  );
  line('  <sources>');
  line(`    <source>${escapeXml(options.root)}</source>`);
  line('  </sources>');
  line('  <packages>');
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
    line(
      `    <package name="${escapeXml(name)}" line-rate="${rate(lines)}" branch-rate="${rate(branches)}" complexity="0">`,
    );
    line('      <classes>');
    for (const { file, totals } of members) {
      line(
        `        <class name="${escapeXml(posix.basename(file.path))}" filename="${escapeXml(file.path)}" line-rate="${rate(totals.lines)}" branch-rate="${rate(totals.branches)}" complexity="0">`,
      );
      line('          <methods>');
      if (file.functions)
        forEachFunction(file.functions, (functionName, at, hits) => {
          line(`            <method name="${escapeXml(functionName)}" hits="${hits}" signature="()V">`);
          line(`              <lines><line number="${at}" hits="${hits}"/></lines>`);
          line('            </method>');
        });
      line('          </methods>');
      line('          <lines>');
      forEachLine(file.lines, (at, hits) => {
        const lineBranches = lineBranchCounter(file.branches, at);
        sink.text('            <line number="');
        sink.number(at);
        sink.text('" hits="');
        sink.number(hits);
        if (lineBranches) {
          const { covered, total } = lineBranches;
          const percentage = total === 0 ? 100 : Math.round((covered / total) * 100);
          sink.text('" branch="true" condition-coverage="');
          sink.number(percentage);
          sink.text('% (');
          sink.number(covered);
          sink.text('/');
          sink.number(total);
          line(')"/>');
        } else line('" branch="false"/>');
      });
      line('          </lines>');
      line('        </class>');
    }
    line('      </classes>');
    line('    </package>');
  }
  line('  </packages>');
  line('</coverage>');
}
