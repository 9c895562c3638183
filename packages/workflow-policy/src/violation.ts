import type { Workflow } from './workflow-document.js';
import type { WriteAllowList } from './write-allow-list.js';

/** How much a finding matters: error and warning fail the run, a note is only reported (SARIF levels). */
export type Severity = 'error' | 'warning' | 'note';

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'note'];

export interface Violation {
  file: string;
  line: number;
  /** 1-based; absent when the rule names only a line (reports then point at the line's first character). */
  column?: number;
  rule: string;
  message: string;
}

export interface RuleContext {
  writeAllowList: WriteAllowList;
  /**
   * Every workflow checked in this run (the one being checked among them), for rules that compare
   * files with each other (ref-version-mismatch). A single-file check sees only itself.
   */
  workflows: readonly Workflow[];
}

export interface Rule {
  id: string;
  /** One line: what the rule forbids and why (printed by --list-rules, quoted in docs). */
  description: string;
  /** What to do about a finding, in a sentence or two (SARIF help text, README). */
  help?: string;
  /** Level of its findings unless .github/workflow-policy.yml says otherwise (default error). */
  severity?: Severity;
  check(workflow: Workflow, context: RuleContext): Violation[];
}

export function formatViolation(violation: Violation): string {
  return `${violation.file}:${violation.line} ${violation.rule} ${violation.message}`;
}
