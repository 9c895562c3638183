import { existsSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, relative, resolve } from 'node:path';
import ts from 'typescript';

/** What a module reaches through its static imports (type-only ones too: a .d.ts carries them). */
export interface ImportGraph {
  /** Source files reached, relative to `root`, each with the chain of files that leads to it. */
  files: Map<string, string[]>;
  /** Packages reached (`jose`, `@grpc/grpc-js`; builtins as `node:fs`), each with the chain to it. */
  packages: Map<string, string[]>;
}

const BUILTINS = new Set(builtinModules);

/**
 * Follows every `import … from`, `export … from` and `import('…')` with a literal specifier,
 * starting at `entry`. Relative specifiers are resolved the way NodeNext resolves them from
 * TypeScript source (`./x.js` is `./x.ts`); bare ones are recorded as packages and not entered.
 */
export function staticImportGraph(entry: string, root: string): ImportGraph {
  const files = new Map<string, string[]>();
  const packages = new Map<string, string[]>();
  const queue: { file: string; chain: string[] }[] = [{ file: resolve(entry), chain: [] }];
  for (let next = queue.shift(); next; next = queue.shift()) {
    const name = relative(root, next.file);
    if (files.has(name)) continue;
    const chain = [...next.chain, name];
    files.set(name, chain);
    const imports = ts.preProcessFile(readFileSync(next.file, 'utf8'), true, true).importedFiles;
    for (const { fileName: specifier } of imports) {
      if (specifier.startsWith('.')) {
        queue.push({ file: sourceFileFor(resolve(dirname(next.file), specifier), next.file), chain });
      } else {
        const pkg = packageName(specifier);
        if (!packages.has(pkg)) packages.set(pkg, [...chain, pkg]);
      }
    }
  }
  return { files, packages };
}

function sourceFileFor(target: string, importer: string): string {
  const candidates = [target.replace(/\.js$/, '.ts'), target, `${target}.ts`, `${target}/index.ts`];
  const found = candidates.find((path) => existsSync(path) && statSync(path).isFile());
  if (!found) throw new Error(`${importer}: cannot resolve import of ${target}`);
  return found;
}

/** `@scope/name/sub` → `@scope/name`, `name/sub` → `name`, `fs` → `node:fs`. */
function packageName(specifier: string): string {
  if (specifier.startsWith('node:')) return specifier;
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] as string);
  return BUILTINS.has(name) ? `node:${name}` : name;
}
