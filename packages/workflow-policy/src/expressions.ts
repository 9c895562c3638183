// `${{ … }}` expressions inside a scalar, located by offset in the file, and the questions the
// rules ask of them. Context names are case-insensitive in GitHub's expression language and
// `github['event']` means `github.event`, so an expression is normalised before it is asked.
import type { Scalar } from 'yaml';
import type { Workflow } from './workflow-document.js';

export interface Expression {
  /** The text between `${{` and `}}`, trimmed. */
  text: string;
  /** Offset of `${{` in the workflow file. */
  offset: number;
}

const EXPRESSION = /\$\{\{([\s\S]*?)\}\}/g;

/**
 * The expressions in a scalar. They are searched in the scalar's own source text (its range,
 * as the parser reports it), so each one has the line it is written on, also inside a `|` block.
 */
export function expressionsIn(workflow: Workflow, scalar: Scalar): Expression[] {
  const range = scalar.range;
  if (!range) return [];
  const source = workflow.text.slice(range[0], range[1]);
  const found = [...source.matchAll(EXPRESSION)].map((match) => ({
    text: (match[1] ?? '').trim(),
    offset: range[0] + match.index,
  }));
  if (found.length > 0 || typeof scalar.value !== 'string') return found;
  // A quoted scalar whose escapes split `${{` in the source: fall back to the scalar's start.
  return [...scalar.value.matchAll(EXPRESSION)].map((match) => ({
    text: (match[1] ?? '').trim(),
    offset: range[0],
  }));
}

/** Lower-cased, `x['y']` → `x.y`, other string literals emptied, no blanks around dots. */
export function normalizeExpression(expression: string): string {
  return expression
    .replace(/\[\s*'((?:[^']|'')*)'\s*\]/g, (_, name: string) => `.${name.replace(/''/g, "'")}`)
    .replace(/'(?:[^']|'')*'/g, "''")
    .toLowerCase()
    .replace(/\s*\.\s*/g, '.');
}

/** True when the expression reads `path` (e.g. `secrets`, `github.event`) or something under it. */
export function readsContext(expression: string, path: string): boolean {
  const escaped = path.toLowerCase().replace(/\./g, '\\.');
  return new RegExp(`(^|[^\\w.-])${escaped}(?![\\w-])`).test(normalizeExpression(expression));
}

/** `toJson(secrets)` (any case, any blanks): every secret of the repository in one string. */
export function serializesSecrets(expression: string): boolean {
  return /(^|[^\w.-])tojson\s*\(\s*secrets\s*\)/.test(normalizeExpression(expression));
}

/** The first context of `paths` the expression reads, for a message; undefined when none. */
export function firstContextRead(expression: string, paths: readonly string[]): string | undefined {
  return paths.find((path) => readsContext(expression, path));
}
