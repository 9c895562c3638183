import type { Workflow } from './workflow-document.js';
import type { WriteAllowList } from './write-allow-list.js';

export interface Violation {
  file: string;
  line: number;
  rule: string;
  message: string;
}

export interface RuleContext {
  writeAllowList: WriteAllowList;
}

export interface Rule {
  id: string;
  /** One line: what the rule forbids and why (printed by --list-rules, quoted in docs). */
  description: string;
  check(workflow: Workflow, context: RuleContext): Violation[];
}

export function formatViolation(violation: Violation): string {
  return `${violation.file}:${violation.line} ${violation.rule} ${violation.message}`;
}
