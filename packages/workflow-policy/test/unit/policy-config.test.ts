// .github/workflow-policy.yml beyond write-permissions: rule selection, severities and ignores
// with reasons. A typo must be an error naming the key, never a check silently switched off.
import { describe, expect, it } from 'vitest';
import { applyConfig } from '../../src/findings.js';
import { RULES } from '../../src/index.js';
import { parsePolicyConfig, pathMatches } from '../../src/policy-config.js';
import type { Violation } from '../../src/violation.js';

const IDS = RULES.map((rule) => rule.id);
const parse = (text: string) => parsePolicyConfig(text, '.github/workflow-policy.yml', IDS);

const violation = (rule: string, file: string, line: number): Violation => ({
  rule,
  file,
  line,
  message: 'm',
});

describe('parsePolicyConfig', () => {
  it('reads rules (enabled, severity) and ignores (rule, path, line, reason) beside write-permissions', () => {
    const config = parse(
      [
        'write-permissions:',
        '  ci.yml:',
        '    coverage-report:',
        '      pull-requests: the sticky comment',
        'rules:',
        '  unsound-contains: { severity: note }',
        '  bot-conditions:',
        '    enabled: false',
        'ignore:',
        '  - rule: unpinned-images',
        '    path: .github/workflows/*.yml',
        '    line: 12',
        '    reason: built in this run',
        '  - rule: actionlint/expression',
        '    path: e2e.yml',
        '    reason: a context actionlint does not know yet',
      ].join('\n'),
    );
    expect(config.rules.get('unsound-contains')).toEqual({ enabled: true, severity: 'note' });
    expect(config.rules.get('bot-conditions')).toEqual({ enabled: false, severity: undefined });
    expect(config.ignores).toEqual([
      { rule: 'unpinned-images', path: '.github/workflows/*.yml', line: 12, reason: 'built in this run' },
      {
        rule: 'actionlint/expression',
        path: 'e2e.yml',
        line: undefined,
        reason: 'a context actionlint does not know yet',
      },
    ]);
  });

  it('an empty file, or one with only write-permissions, selects every rule', () => {
    expect(parse('').rules.size).toBe(0);
    expect(parse('write-permissions: {}\n').ignores).toEqual([]);
  });

  it.each([
    [
      'rules:\n  unsound-contain: { severity: note }\n',
      /rules\.unsound-contain: unknown rule "unsound-contain" \(workflow-policy --list-rules names them\)/,
    ],
    [
      'ignore:\n  - rule: no-such-rule\n    path: ci.yml\n    reason: r\n',
      /ignore\[0\]\.rule: unknown rule "no-such-rule"/,
    ],
    [
      'ignore:\n  - rule: unpinned-images\n    path: ci.yml\n',
      /ignore\[0\] \(unpinned-images at ci\.yml\) needs a reason/,
    ],
    ["ignore:\n  - rule: unpinned-images\n    path: ci.yml\n    reason: '  '\n", /needs a reason/],
    ['ignore:\n  - rule: unpinned-images\n    reason: r\n', /ignore\[0\] \(unpinned-images\) needs the path/],
    [
      'ignore:\n  - rule: unpinned-images\n    path: ci.yml\n    line: ten\n    reason: r\n',
      /ignore\[0\]\.line must be a line number, not "ten"/,
    ],
    [
      'rules:\n  unsound-contains: { severity: fatal }\n',
      /severity must be error, warning, note, not "fatal"/,
    ],
    ['rules:\n  unsound-contains: { enabled: maybe }\n', /enabled must be true or false, not "maybe"/],
    ['rules:\n  unsound-contains: off\n', /rules\.unsound-contains must be a mapping/],
    ['rule:\n  unsound-contains: {}\n', /unknown key "rule" \(expected write-permissions, rules or ignore\)/],
  ])('refuses %j in one line', (text, message) => {
    let error: Error | undefined;
    try {
      parse(text);
    } catch (caught) {
      error = caught as Error;
    }
    expect(error?.message).toMatch(message);
    expect(error?.message).toMatch(/^\.github\/workflow-policy\.yml: /);
    expect(error?.message).not.toContain('\n');
  });
});

describe('applyConfig', () => {
  const config = parse(
    [
      'rules:',
      '  unsound-contains: { severity: note }',
      '  bot-conditions: { enabled: false }',
      'ignore:',
      '  - rule: unpinned-images',
      '    path: .github/workflows/e2e.yml',
      '    line: 40',
      '    reason: built in this run',
    ].join('\n'),
  );

  it('sets each finding to its severity, drops disabled rules, sets reasoned ignores apart', () => {
    const result = applyConfig(
      [
        violation('unsound-contains', '.github/workflows/ci.yml', 3),
        violation('bot-conditions', '.github/workflows/ci.yml', 4),
        violation('unpinned-images', '.github/workflows/e2e.yml', 40),
        violation('unpinned-images', '.github/workflows/e2e.yml', 41),
        violation('actionlint/expression', '.github/workflows/ci.yml', 5),
      ],
      RULES,
      config,
    );
    expect(result.findings.map((f) => `${f.rule}@${f.line} ${f.severity}`)).toEqual([
      'unsound-contains@3 note',
      'unpinned-images@41 error',
      'actionlint/expression@5 error',
    ]);
    expect(result.ignored.map((f) => `${f.rule}@${f.line} ${f.reason}`)).toEqual([
      'unpinned-images@40 built in this run',
    ]);
  });
});

describe('pathMatches', () => {
  it.each([
    ['.github/workflows/ci.yml', '.github/workflows/ci.yml', true],
    ['./.github/workflows/ci.yml', '.github/workflows/ci.yml', true],
    ['.github/workflows/*.yml', '.github/workflows/ci.yml', true],
    ['*.yml', '.github/workflows/ci.yml', true],
    ['ci.yml', '.github/workflows/ci.yml', true],
    ['**/e2e.yml', 'nested/.github/workflows/e2e.yml', true],
    ['.github/*.yml', '.github/workflows/ci.yml', false],
    ['ci.yml', '.github/workflows/ci.yaml', false],
    ['.github/workflows/c?.yml', '.github/workflows/ci.yml', false],
  ])('%s against %s: %s', (pattern, file, expected) => {
    expect(pathMatches(pattern, file)).toBe(expected);
  });
});
