// GITHUB_ENV and GITHUB_PATH set the environment of every later step. A line written there from
// a value an outsider chooses (a PR title, a branch name, an issue comment) can set LD_PRELOAD,
// NODE_OPTIONS or BASH_ENV, or put a directory of their choosing first on PATH: code execution
// in every later step, with the job's token and secrets. The same value written to GITHUB_OUTPUT
// and read back with ${{ steps.<id>.outputs.<name> }} in a later run: is template injection
// one step removed. zizmor's github-env flags any non-constant write under dangerous triggers;
// this rule follows the value instead, on any trigger.
import { isScalar, type YAMLMap } from 'yaml';
import { expressionsIn, normalizeExpression, readsContext } from '../expressions.js';
import type { Rule, Violation } from '../violation.js';
import {
  jobsOf,
  pairOf,
  positionAt,
  scalarText,
  stepsOf,
  valueAt,
  type Workflow,
} from '../workflow-document.js';

/** Fields of the event payload that are numbers, hashes or flags: nobody chooses their text. */
const NOT_CHOSEN =
  /\.(sha|number|id|node_id|draft|merged|run_number|run_attempt|run_id|created_at|updated_at|size)$/;

/** True when the expression reads event data an outsider can write, or the head branch name. */
function readsOutsiderText(expression: string): boolean {
  if (readsContext(expression, 'github.head_ref')) return true;
  const normalized = normalizeExpression(expression);
  const reads = normalized.match(/(?<![\w.-])github\.event(?:\.[\w*-]+)*/g) ?? [];
  return reads.some((path) => !NOT_CHOSEN.test(path));
}

const WRITES_TO = (file: string) =>
  new RegExp(String.raw`(>>?|\btee\b[^|;&\n]*?)\s*["']?(\$\{?|\$env:|%)${file}\b`);

interface Write {
  file: 'GITHUB_ENV' | 'GITHUB_PATH' | 'GITHUB_OUTPUT';
  /** Offset in the workflow file of the line (or heredoc body line) holding the value. */
  offset: number;
  text: string;
}

/** Lines of a run: script that write to one of the runner's files, heredoc bodies included. */
function writesIn(workflow: Workflow, run: unknown): Write[] {
  if (!isScalar(run) || !run.range) return [];
  const start = run.range[0];
  const source = workflow.text.slice(start, run.range[1]);
  const writes: Write[] = [];
  let offset = 0;
  const lines = source.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? '';
    const lineOffset = start + offset;
    offset += line.length + 1;
    for (const file of ['GITHUB_ENV', 'GITHUB_PATH', 'GITHUB_OUTPUT'] as const) {
      if (!WRITES_TO(file).test(line)) continue;
      writes.push({ file, offset: lineOffset, text: line });
      // `cat >> "$GITHUB_ENV" <<EOF`: the value is in the lines up to the delimiter.
      const delimiter = /<<-?\s*["']?(\w+)["']?/.exec(line)?.[1];
      if (!delimiter) continue;
      for (let body = index + 1; body < lines.length; body++) {
        const bodyLine = lines[body] ?? '';
        const bodyOffset = start + lines.slice(0, body).join('\n').length + 1;
        if (bodyLine.trim() === delimiter) break;
        writes.push({ file, offset: bodyOffset, text: bodyLine });
      }
    }
  }
  return writes;
}

/** env: names (workflow, job, step) whose values carry outsider text. */
function outsiderEnv(workflow: Workflow, ...owners: unknown[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const owner of owners) {
    const env = valueAt(owner, 'env');
    const pairs = (env as YAMLMap | undefined)?.items ?? [];
    for (const pair of pairs) {
      if (!isScalar(pair.key) || !isScalar(pair.value)) continue;
      const expression = expressionsIn(workflow, pair.value).find((found) => readsOutsiderText(found.text));
      if (expression) names.set(String(pair.key.value), expression.text);
    }
  }
  return names;
}

/** What outsider text a written line carries: an expression, or a variable set from one. */
function taint(write: Write, env: Map<string, string>): string | undefined {
  const direct = [...write.text.matchAll(/\$\{\{([\s\S]*?)\}\}/g)].find((match) =>
    readsOutsiderText(match[1] ?? ''),
  );
  if (direct) return `\${{ ${(direct[1] ?? '').trim()} }}`;
  for (const match of write.text.matchAll(/\$\{?([A-Za-z_]\w*)\}?|%([A-Za-z_]\w*)%|\$env:([A-Za-z_]\w*)/g)) {
    const name = match[1] ?? match[2] ?? match[3] ?? '';
    const source = env.get(name);
    if (source) return `$${name} (from \${{ ${source} }})`;
  }
  return undefined;
}

export const githubEnv: Rule = {
  id: 'github-env',
  description:
    'no GITHUB_ENV / GITHUB_PATH line (or GITHUB_OUTPUT value read back in a later run:) built from event text an outsider writes',
  help: 'Keep outsider text out of the runner\'s files: pass it to the one step that needs it through that step\'s env: and quote it ("$TITLE"); if a later step needs it, validate it first (e.g. a number or an allow-list) and write only the validated value.',
  check(workflow) {
    const violations: Violation[] = [];
    const report = (offset: number, message: string) =>
      violations.push({ file: workflow.file, ...positionAt(workflow, offset), rule: this.id, message });
    for (const job of jobsOf(workflow)) {
      const taintedOutputs = new Map<string, string>();
      for (const step of stepsOf(job)) {
        const run = valueAt(step, 'run');
        // A later run: reading a tainted output back is injection, wherever the output came from.
        if (isScalar(run)) {
          for (const expression of expressionsIn(workflow, run)) {
            const read = normalizeExpression(expression.text).match(/steps\.([\w-]+)\.outputs\.([\w-]+)/);
            const origin = read ? taintedOutputs.get(`${read[1]}.${read[2]}`) : undefined;
            if (origin)
              report(
                expression.offset,
                `\${{ ${expression.text} }} in run: of job ${job.id} expands ${origin}; pass it through env: and quote it`,
              );
          }
        }
        const env = outsiderEnv(workflow, workflow.document.contents, job.map, step);
        const id = scalarText(pairOf(step, 'id')?.value);
        for (const write of writesIn(workflow, run)) {
          const carried = taint(write, env);
          if (!carried) continue;
          if (write.file === 'GITHUB_OUTPUT') {
            const name = /([\w-]+)=/.exec(write.text.replace(/^.*?(echo|printf)\s+["']?/, ''))?.[1];
            if (id && name)
              taintedOutputs.set(`${id}.${name}`, `output ${name} of step ${id}, set from ${carried}`);
            continue;
          }
          report(
            write.offset,
            `job ${job.id} writes ${carried} to ${write.file}, which sets the environment of every later step (LD_PRELOAD, NODE_OPTIONS, PATH…); keep it in the one step's env: instead`,
          );
        }
      }
    }
    return violations;
  },
};
