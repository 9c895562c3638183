// Rule selection, severities and reasoned ignores, read from .github/workflow-policy.yml beside
// the write-permissions: grants (write-allow-list.ts), so a repository can adopt the policy a
// rule at a time:
//
//   rules:
//     unsound-contains: { severity: note }   # report, do not fail
//     bot-conditions: { enabled: false }
//   ignore:
//     - rule: unpinned-images
//       path: .github/workflows/e2e.yml        # a glob; * stays inside a folder, ** crosses them
//       line: 42                               # optional: only that line
//       reason: the service image is built in this run
//
// Every rule is on at its own severity unless listed. An unknown rule id, an unknown key or an
// ignore without a reason is an error: a typo must not switch a check off silently.
import { existsSync, readFileSync } from 'node:fs';
import { isMap, isScalar, isSeq, parseDocument, type YAMLMap } from 'yaml';
import { quoteInput } from '../../../actions/common/src/log-safe.js';
import { SEVERITIES, type Severity } from './violation.js';

interface RuleSetting {
  enabled: boolean;
  severity: Severity | undefined;
}

interface Ignore {
  rule: string;
  path: string;
  line: number | undefined;
  reason: string;
}

export interface PolicyConfig {
  rules: Map<string, RuleSetting>;
  ignores: Ignore[];
}

function emptyPolicyConfig(): PolicyConfig {
  return { rules: new Map(), ignores: [] };
}

/** The top-level keys this file may hold (write-permissions: is write-allow-list.ts's). */
const TOP_LEVEL = new Set(['write-permissions', 'rules', 'ignore']);

function text(node: unknown): string | undefined {
  return isScalar(node) && node.value !== null && node.value !== undefined ? String(node.value) : undefined;
}

export function parsePolicyConfig(source: string, file: string, knownRules: readonly string[]): PolicyConfig {
  const document = parseDocument(source);
  if (document.errors.length > 0) throw new Error(`${file}: ${document.errors[0]?.message.split('\n')[0]}`);
  const config = emptyPolicyConfig();
  const root = document.contents;
  if (root === null) return config;
  if (!isMap(root)) throw new Error(`${file}: must be a mapping (write-permissions:, rules:, ignore:)`);
  const known = new Set(knownRules);
  const checkRule = (where: string, id: string) => {
    if (!known.has(id) && !/^actionlint\/[\w-]+$/.test(id))
      throw new Error(
        `${file}: ${where}: unknown rule ${quoteInput(id)} (workflow-policy --list-rules names them)`,
      );
  };
  for (const pair of root.items) {
    const key = text(pair.key) ?? '';
    if (!TOP_LEVEL.has(key))
      throw new Error(
        `${file}: unknown key ${quoteInput(key)} (expected write-permissions, rules or ignore)`,
      );
  }

  const rules = root.get('rules', true);
  if (rules !== undefined && rules !== null) {
    if (!isMap(rules)) throw new Error(`${file}: rules must map rule ids to { enabled, severity }`);
    for (const pair of (rules as YAMLMap).items) {
      const id = text(pair.key) ?? '';
      checkRule(`rules.${id}`, id);
      if (!isMap(pair.value))
        throw new Error(
          `${file}: rules.${id} must be a mapping like { enabled: false } or { severity: warning }`,
        );
      const setting: RuleSetting = { enabled: true, severity: undefined };
      for (const option of pair.value.items) {
        const name = text(option.key) ?? '';
        const value = text(option.value);
        if (name === 'enabled') {
          if (value !== 'true' && value !== 'false')
            throw new Error(
              `${file}: rules.${id}.enabled must be true or false, not ${quoteInput(String(value))}`,
            );
          setting.enabled = value === 'true';
        } else if (name === 'severity') {
          if (!SEVERITIES.includes(value as Severity))
            throw new Error(
              `${file}: rules.${id}.severity must be ${SEVERITIES.join(', ')}, not ${quoteInput(String(value))}`,
            );
          setting.severity = value as Severity;
        } else
          throw new Error(`${file}: rules.${id}: unknown option ${quoteInput(name)} (enabled, severity)`);
      }
      config.rules.set(id, setting);
    }
  }

  const ignores = root.get('ignore', true);
  if (ignores !== undefined && ignores !== null) {
    if (!isSeq(ignores)) throw new Error(`${file}: ignore must be a list of { rule, path, line?, reason }`);
    ignores.items.forEach((item, index) => {
      const where = `ignore[${index}]`;
      if (!isMap(item)) throw new Error(`${file}: ${where} must be a mapping { rule, path, line?, reason }`);
      for (const option of item.items) {
        const name = text(option.key) ?? '';
        if (!['rule', 'path', 'line', 'reason'].includes(name))
          throw new Error(`${file}: ${where}: unknown key ${quoteInput(name)} (rule, path, line, reason)`);
      }
      const rule = text(item.get('rule', true)) ?? '';
      if (rule === '') throw new Error(`${file}: ${where} needs the rule it ignores`);
      checkRule(`${where}.rule`, rule);
      const path = text(item.get('path', true))?.trim() ?? '';
      if (path === '') throw new Error(`${file}: ${where} (${rule}) needs the path it applies to`);
      const lineText = text(item.get('line', true));
      const line = lineText === undefined ? undefined : Number(lineText);
      if (line !== undefined && !(Number.isInteger(line) && line > 0))
        throw new Error(`${file}: ${where}.line must be a line number, not ${quoteInput(String(lineText))}`);
      const reason = text(item.get('reason', true))?.trim() ?? '';
      if (reason === '')
        throw new Error(
          `${file}: ${where} (${rule} at ${path}) needs a reason: say why this finding is acceptable`,
        );
      config.ignores.push({ rule, path, line, reason });
    });
  }
  return config;
}

/** The config at `path`; an absent file selects every rule at its default severity. */
export function loadPolicyConfig(path: string, knownRules: readonly string[]): PolicyConfig {
  return existsSync(path)
    ? parsePolicyConfig(readFileSync(path, 'utf8'), path, knownRules)
    : emptyPolicyConfig();
}

/** `*` matches within a path segment, `**` across segments; a pattern without `/` matches the file name. */
export function pathMatches(pattern: string, file: string): boolean {
  const normalized = file.replace(/\\/g, '/').replace(/^\.\//, '');
  const target = pattern.includes('/') ? normalized : (normalized.split('/').at(-1) ?? normalized);
  const expression = pattern
    .replace(/^\.\//, '')
    .split('**')
    .map((part) =>
      part
        .split('*')
        .map((piece) => piece.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('[^/]*'),
    )
    .join('.*');
  return new RegExp(`^${expression}$`).test(target);
}
