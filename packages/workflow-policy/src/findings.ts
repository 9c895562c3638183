// From the rules' violations to the findings a report shows: each rule's severity (its default,
// or the config's), disabled rules dropped, and reasoned ignores set aside to be printed apart.
import { type PolicyConfig, pathMatches } from './policy-config.js';
import type { Rule, Severity, Violation } from './violation.js';

export interface Finding extends Violation {
  severity: Severity;
}

export interface IgnoredFinding extends Finding {
  reason: string;
}

export interface Findings {
  findings: Finding[];
  ignored: IgnoredFinding[];
}

/** Severity of a rule's findings: the config's, else the rule's own, else error (actionlint, yaml-syntax). */
export function severityOf(ruleId: string, rules: readonly Rule[], config: PolicyConfig): Severity {
  return config.rules.get(ruleId)?.severity ?? rules.find((rule) => rule.id === ruleId)?.severity ?? 'error';
}

export function applyConfig(
  violations: readonly Violation[],
  rules: readonly Rule[],
  config: PolicyConfig,
): Findings {
  const result: Findings = { findings: [], ignored: [] };
  for (const violation of violations) {
    if (config.rules.get(violation.rule)?.enabled === false) continue;
    const finding: Finding = { ...violation, severity: severityOf(violation.rule, rules, config) };
    const ignore = config.ignores.find(
      (entry) =>
        entry.rule === violation.rule &&
        pathMatches(entry.path, violation.file) &&
        (entry.line === undefined || entry.line === violation.line),
    );
    if (ignore) result.ignored.push({ ...finding, reason: ignore.reason });
    else result.findings.push(finding);
  }
  return result;
}

/** error and warning fail a run; a note is reported only. */
export function failsRun(finding: Finding): boolean {
  return finding.severity !== 'note';
}
