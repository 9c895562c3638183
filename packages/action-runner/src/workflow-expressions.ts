// `${{ }}` templates and `if:` conditions evaluated with GitHub's own expression engine
// (@actions/expressions), over the contexts a local run knows. Status functions (success(),
// failure(), cancelled(), always()) read the job status given.
import { data, Evaluator, Lexer, Parser } from '@actions/expressions';

/** `skipped`: only while a job-level if: is evaluated and a needed job was skipped. */
export type JobStatus = 'success' | 'failure' | 'cancelled' | 'skipped';

export interface ExpressionContexts {
  github: Record<string, unknown>;
  env: Record<string, string>;
  vars: Record<string, string>;
  secrets: Record<string, string>;
  steps: Record<string, { outputs: Record<string, string>; outcome: string; conclusion: string }>;
  needs: Record<string, { outputs: Record<string, string>; result: string }>;
  job: { status: JobStatus };
  runner: Record<string, string>;
  inputs: Record<string, string>;
  matrix: Record<string, unknown>;
  strategy: Record<string, unknown>;
}

const CONTEXT_NAMES = [
  'github',
  'env',
  'vars',
  'secrets',
  'steps',
  'needs',
  'job',
  'runner',
  'inputs',
  'matrix',
  'strategy',
] as const;

const STATUS_FUNCTIONS = ['success', 'failure', 'cancelled', 'always'] as const;

function evaluate(expression: string, contexts: ExpressionContexts): data.ExpressionData {
  const lexed = new Lexer(expression).lex();
  const parsed = new Parser(
    lexed.tokens,
    [...CONTEXT_NAMES],
    [
      ...STATUS_FUNCTIONS.map((name) => ({ name, minArgs: 0, maxArgs: 0 })),
      { name: 'hashFiles', minArgs: 1, maxArgs: 255 },
    ],
  ).parse();
  const status = contexts.job.status;
  const bool = (value: boolean) => () => new data.BooleanData(value);
  const functions = new Map([
    ['success', { name: 'success', minArgs: 0, maxArgs: 0, call: bool(status === 'success') }],
    ['failure', { name: 'failure', minArgs: 0, maxArgs: 0, call: bool(status === 'failure') }],
    ['cancelled', { name: 'cancelled', minArgs: 0, maxArgs: 0, call: bool(status === 'cancelled') }],
    ['always', { name: 'always', minArgs: 0, maxArgs: 0, call: bool(true) }],
    // Only cache keys use it; a constant is enough for a local run.
    ['hashfiles', { name: 'hashFiles', minArgs: 1, maxArgs: 255, call: () => new data.StringData('local') }],
  ]);
  const dictionary = JSON.parse(JSON.stringify(contexts), data.reviver) as data.Dictionary;
  return new Evaluator(parsed, dictionary, functions).evaluate();
}

function truthy(value: data.ExpressionData): boolean {
  if (value instanceof data.Null) return false;
  if (value instanceof data.BooleanData) return value.value;
  if (value instanceof data.NumberData) return value.value !== 0 && !Number.isNaN(value.value);
  if (value instanceof data.StringData) return value.value !== '';
  return true;
}

/** A value with `${{ }}` inside: each expression replaced by its string value. */
export function evaluateTemplate(text: string, contexts: ExpressionContexts): string {
  return text.replace(/\$\{\{([\s\S]*?)\}\}/g, (_, expression: string) =>
    evaluate(expression, contexts).coerceString(),
  );
}

/**
 * An `if:` as the runner reads it: `${{ }}` optional, and `success() && (…)` implied when the
 * condition calls no status function.
 */
export function evaluateCondition(condition: string | undefined, contexts: ExpressionContexts): boolean {
  let expression = (condition ?? '').trim();
  const wrapped = /^\$\{\{([\s\S]*)\}\}$/.exec(expression);
  if (wrapped) expression = (wrapped[1] ?? '').trim();
  if (expression === '') expression = 'success()';
  else if (!/\b(success|failure|cancelled|always)\s*\(/.test(expression))
    expression = `success() && (${expression})`;
  return truthy(evaluate(expression, contexts));
}
