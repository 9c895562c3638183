// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the planted workflows hold GitHub's ${{ }} syntax
// --format sarif / json / text over planted workflows: the SARIF log validates against the
// official SARIF 2.1.0 schema (vendored), names every rule with its help, and places each
// result at its repository-relative file, line and column; --output writes whole files.
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RULES, runCli } from '../../src/index.js';
import { README_URL } from '../../src/report/sarif-report.js';
import { sarifValidator } from '../support/sarif-schema.js';

const CHECKOUT = 'actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8 # v5.0.0';
const WORKFLOW = [
  'name: planted', // 1
  'on: push', // 2
  'permissions:', // 3
  '  contents: read', // 4
  'jobs:', // 5
  '  build:', // 6
  '    runs-on: ubuntu-latest', // 7
  '    container: node:20', // 8  unpinned-images at column 16
  '    steps:', // 9
  `      - uses: ${CHECKOUT}`, // 10
  '        with:', // 11
  '          persist-credentials: false', // 12
  "      - if: contains('main release', github.ref_name)", // 13 unsound-contains (warning)
  '        run: echo "${{ github.event.head_commit.message }}"', // 14 expression-in-run
  '',
].join('\n');

let root: string;
let cwd: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'workflow-policy-report-'));
  mkdirSync(join(root, '.github', 'workflows'), { recursive: true });
  writeFileSync(join(root, '.github', 'workflows', 'planted.yml'), WORKFLOW);
  cwd = process.cwd();
  // The CLI names files relative to the working directory, as it does at a repository's root.
  process.chdir(root);
});
afterEach(() => {
  process.chdir(cwd);
  rmSync(root, { recursive: true, force: true });
});

async function cli(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['--no-actionlint', ...args], {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
  });
  return { code, out, err };
}

interface SarifLog {
  version: string;
  runs: {
    tool: { driver: { name: string; rules: Record<string, unknown>[] } };
    results: {
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: {
        physicalLocation: { artifactLocation: { uri: string }; region: Record<string, number> };
      }[];
      suppressions?: { kind: string; justification: string }[];
    }[];
  }[];
}

describe('--format sarif', () => {
  it('writes a SARIF 2.1.0 log that the official schema accepts, with every rule and its help', async () => {
    const result = await cli('--format', 'sarif', '--output', 'results.sarif');
    expect(result.code).toBe(1);
    const log = JSON.parse(readFileSync(join(root, 'results.sarif'), 'utf8')) as SarifLog;
    const validate = sarifValidator();
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);

    const driver = log.runs[0]?.tool.driver;
    expect(driver?.name).toBe('workflow-policy');
    expect(driver?.rules.map((rule) => rule.id)).toEqual(
      expect.arrayContaining(RULES.map((rule) => rule.id)),
    );
    for (const rule of driver?.rules ?? []) {
      expect(rule).toMatchObject({
        shortDescription: { text: expect.any(String) },
        fullDescription: { text: expect.any(String) },
        help: {
          text: expect.stringContaining('What to do:'),
          markdown: expect.stringContaining('**What to do:**'),
        },
        helpUri: `${README_URL}#${rule.id}`,
        defaultConfiguration: { level: expect.stringMatching(/^(error|warning|note)$/) },
      });
    }
    const unsound = driver?.rules.find((rule) => rule.id === 'unsound-contains');
    expect(unsound?.defaultConfiguration).toEqual({ level: 'warning' });
  });

  it('places each result at its repository-relative file, line and column, at its level', async () => {
    await cli('--format', 'sarif', '--output', 'results.sarif');
    const log = JSON.parse(readFileSync(join(root, 'results.sarif'), 'utf8')) as SarifLog;
    const run = log.runs[0];
    const results = (run?.results ?? []).map((result) => ({
      rule: result.ruleId,
      level: result.level,
      uri: result.locations[0]?.physicalLocation.artifactLocation.uri,
      region: result.locations[0]?.physicalLocation.region,
      indexed: run?.tool.driver.rules[result.ruleIndex]?.id,
    }));
    expect(results).toEqual([
      {
        rule: 'unpinned-images',
        level: 'error',
        uri: '.github/workflows/planted.yml',
        region: { startLine: 8, startColumn: 16 },
        indexed: 'unpinned-images',
      },
      {
        rule: 'unsound-contains',
        level: 'warning',
        uri: '.github/workflows/planted.yml',
        region: { startLine: 13, startColumn: 13 },
        indexed: 'unsound-contains',
      },
      {
        rule: 'expression-in-run',
        level: 'error',
        uri: '.github/workflows/planted.yml',
        // expression-in-run names the line only: the column is the line's first character.
        region: { startLine: 14, startColumn: 9 },
        indexed: 'expression-in-run',
      },
    ]);
  });

  it('keeps an ignored finding as a suppressed result with its reason; a severity set to note does not fail', async () => {
    writeFileSync(
      join(root, '.github', 'workflow-policy.yml'),
      [
        'rules:',
        '  unsound-contains: { severity: note }',
        '  expression-in-run: { enabled: false }',
        'ignore:',
        '  - rule: unpinned-images',
        '    path: .github/workflows/planted.yml',
        '    reason: the job container is rebuilt from this commit',
        '',
      ].join('\n'),
    );
    const result = await cli('--format', 'sarif', '--output', 'out/results.sarif');
    expect(result.code).toBe(0);
    expect(result.out).toEqual([
      '.github/workflows/planted.yml:13 unsound-contains (note) ' +
        'contains(\'main release\', github.ref_name) is true for any piece of that string; use contains(fromJSON(\'["…","…"]\'), github.ref_name) or compare with ==',
      'ignored: unpinned-images at .github/workflows/planted.yml:8 — the job container is rebuilt from this commit',
      '1 workflow clean (1 note, 1 ignored)',
    ]);
    const log = JSON.parse(readFileSync(join(root, 'out', 'results.sarif'), 'utf8')) as SarifLog;
    expect(sarifValidator()(log)).toBe(true);
    const results = log.runs[0]?.results ?? [];
    expect(results.map((r) => [r.ruleId, r.level, r.suppressions])).toEqual([
      ['unsound-contains', 'note', undefined],
      [
        'unpinned-images',
        'error',
        [{ kind: 'external', justification: 'the job container is rebuilt from this commit' }],
      ],
    ]);
    expect(log.runs[0]?.tool.driver.rules.map((rule) => rule.id)).not.toContain('expression-in-run');
  });

  it('the validator is not vacuous: a log with a bad level or a line 0 is refused', async () => {
    await cli('--format', 'sarif', '--output', 'results.sarif');
    const validate = sarifValidator();
    const broken = JSON.parse(readFileSync(join(root, 'results.sarif'), 'utf8')) as SarifLog;
    const first = broken.runs[0]?.results[0];
    if (!first) throw new Error('no result to break');
    first.level = 'fatal';
    expect(validate(broken)).toBe(false);
    first.level = 'error';
    (
      first.locations[0] as { physicalLocation: { region: Record<string, number> } }
    ).physicalLocation.region.startLine = 0;
    expect(validate(broken)).toBe(false);
  });
});

describe('--format json and text', () => {
  it('json: the findings as data, with a summary', async () => {
    const result = await cli('--format', 'json');
    expect(result.code).toBe(1);
    const report = JSON.parse(result.out.join('\n'));
    expect(report.workflows).toEqual(['.github/workflows/planted.yml']);
    expect(report.findings[0]).toEqual({
      file: '.github/workflows/planted.yml',
      line: 8,
      column: 16,
      rule: 'unpinned-images',
      severity: 'error',
      message: expect.stringContaining('node:20'),
    });
    expect(report.summary).toEqual({ errors: 2, warnings: 1, notes: 0, ignored: 0, failed: true });
  });

  it('text stays `file:line rule message`, a warning says so after the rule', async () => {
    const result = await cli();
    expect(result.out[0]).toMatch(
      /^\.github\/workflows\/planted\.yml:8 unpinned-images the container of job build/,
    );
    expect(result.out[1]).toMatch(/^\.github\/workflows\/planted\.yml:13 unsound-contains \(warning\) /);
    expect(result.out.at(-1)).toBe('3 problems in 1 of 1 workflow');
  });
});

describe('--output', () => {
  it('leaves no temp file beside the report, and a path it cannot write is one line, exit 1', async () => {
    await cli('--format', 'json', '--output', 'report.json');
    expect(readdirSync(root).filter((name) => name.includes('report'))).toEqual(['report.json']);
    writeFileSync(join(root, 'blocker'), 'a file where a folder should be');
    const result = await cli('--format', 'sarif', '--output', 'blocker/results.sarif');
    expect(result.code).toBe(1);
    expect(result.err).toEqual([
      'workflow-policy: cannot write "blocker/results.sarif" (EEXIST); choose a writable --output path',
    ]);
    expect(existsSync(join(root, 'blocker', 'results.sarif'))).toBe(false);
  });
});
