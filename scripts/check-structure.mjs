#!/usr/bin/env node
// The structure check (`npm run check:structure`): every static import of every TypeScript and
// JavaScript source in packages/, actions/ and scripts/ against the rules in structure-rules.mjs.
// Prints one line per crossing — file:line, the rule, what it reached and why the rule exists —
// and exits 1 when there is any; 0 with one summary line otherwise.
//
//   node scripts/check-structure.mjs [--root DIR]
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { dirname, join, posix, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { matchesAny } from './path-globs.mjs';
import { IMPORT_RULES, PACKAGE_BOUNDARY_RULE } from './structure-rules.mjs';

export { globToRegExp } from './path-globs.mjs';

const require = createRequire(import.meta.url);
const ts = require('typescript');

const SOURCE = /\.(?:ts|mts|cts|mjs|cjs|js)$/;
const SKIPPED = /(?:^|\/)(?:node_modules|dist|generated|fixtures)\//;
const BUILTINS = new Set(builtinModules);

/** `@scope/name/sub` → `@scope/name`; `name/sub` → `name`; builtins → undefined. */
export function packageOf(specifier) {
  if (specifier.startsWith('node:')) return undefined;
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  return BUILTINS.has(name) ? undefined : name;
}

/** Every import of `text` with its 1-based line: static, re-exports and import() with a literal. */
export function importsOf(text) {
  const { importedFiles } = ts.preProcessFile(text, true, true);
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const lineOf = (pos) => {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (lineStarts[mid] <= pos) low = mid;
      else high = mid - 1;
    }
    return low + 1;
  };
  return importedFiles.map((file) => ({ specifier: file.fileName, line: lineOf(file.pos) }));
}

/** The repo-relative file a relative specifier names (NodeNext: `./x.js` is `./x.ts`). */
function resolveRelative(root, fromFile, specifier) {
  const target = resolve(root, dirname(fromFile), specifier);
  const candidates = [
    target,
    target.replace(/\.js$/, '.ts'),
    `${target}.ts`,
    `${target}/index.ts`,
    `${target}.mjs`,
  ];
  const found = candidates.find((path) => existsSync(path) && statSync(path).isFile()) ?? target;
  return relative(root, found).split('\\').join('/');
}

/** The folder with the nearest package.json at or above `file` (repo-relative; '' for the root). */
function packageRootOf(root, file, cache) {
  let dir = posix.dirname(file);
  const seen = [];
  while (true) {
    if (cache.has(dir)) {
      const found = cache.get(dir);
      for (const d of seen) cache.set(d, found);
      return found;
    }
    seen.push(dir);
    if (dir === '.' || dir === '') {
      for (const d of seen) cache.set(d, '');
      return '';
    }
    if (existsSync(join(root, dir, 'package.json'))) {
      for (const d of seen) cache.set(d, dir);
      return dir;
    }
    dir = posix.dirname(dir);
  }
}

/** Files git would commit (tracked, plus untracked and not ignored) that the rules look at. */
function sourceFiles(root) {
  const out = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: root,
    maxBuffer: 64 * 1024 * 1024,
  });
  return out
    .toString('utf8')
    .split('\0')
    .filter(
      (file) =>
        SOURCE.test(file) &&
        /^(?:packages|actions|scripts)\//.test(file) &&
        !SKIPPED.test(file) &&
        existsSync(join(root, file)),
    )
    .sort();
}

/** Every crossing in the tree at `root`: { file, line, rule, reached, why }. */
export function findCrossings(root, rules = IMPORT_RULES, boundary = PACKAGE_BOUNDARY_RULE) {
  const compiled = rules.map((rule) => ({
    ...rule,
    from: matchesAny(rule.from),
    paths: matchesAny(rule.forbid.paths ?? []),
    packages: new Set(rule.forbid.packages ?? []),
  }));
  const boundaryFrom = matchesAny(boundary.from);
  const shared = matchesAny(boundary.sharedSource ?? []);
  const insides = matchesAny(boundary.insides);
  const packageRoots = new Map();
  const crossings = [];
  const files = sourceFiles(root);
  for (const file of files) {
    const applicable = compiled.filter((rule) => rule.from(file));
    const checksBoundary = boundaryFrom(file);
    if (applicable.length === 0 && !checksBoundary) continue;
    for (const { specifier, line } of importsOf(readFileSync(join(root, file), 'utf8'))) {
      const relativeImport = specifier.startsWith('.');
      const target = relativeImport ? resolveRelative(root, file, specifier) : undefined;
      const pkg = relativeImport ? undefined : packageOf(specifier);
      for (const rule of applicable) {
        if ((target && rule.paths(target)) || (pkg && rule.packages.has(pkg))) {
          crossings.push({ file, line, rule: rule.name, reached: target ?? specifier, why: rule.why });
        }
      }
      if (checksBoundary && target && insides(target) && !shared(target)) {
        const own = packageRootOf(root, file, packageRoots);
        const theirs = packageRootOf(root, target, packageRoots);
        if (own !== theirs) {
          crossings.push({ file, line, rule: boundary.name, reached: target, why: boundary.why });
        }
      }
    }
  }
  return { crossings, filesChecked: files.length };
}

function main() {
  const { values } = parseArgs({ options: { root: { type: 'string' } } });
  const root = resolve(values.root ?? fileURLToPath(new URL('..', import.meta.url)));
  const { crossings, filesChecked } = findCrossings(root);
  for (const c of crossings) {
    console.log(`${c.file}:${c.line}: ${c.rule}: imports ${c.reached} — ${c.why}`);
  }
  const ruleCount = IMPORT_RULES.length + 1;
  if (crossings.length > 0) {
    console.log(
      `structure: ${crossings.length} import(s) cross a seam in ${filesChecked} files (${ruleCount} rules in scripts/structure-rules.mjs); move the code or import it through the package's exports`,
    );
    process.exitCode = 1;
  } else {
    console.log(`structure: ${filesChecked} files, ${ruleCount} rules, no seam crossed`);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
