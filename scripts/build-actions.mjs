#!/usr/bin/env node
import { fork } from 'node:child_process';
// Rebuilds every actions/<name>/dist from actions/<name>/src/index.ts with @vercel/ncc, so
// that the same sources always give the same bytes (CI checks this with check-dist.mjs).
//
//   node scripts/build-actions.mjs [--out-root DIR] [--jobs N] [name…]
//
// --out-root DIR writes DIR/<name>/dist instead of actions/<name>/dist (check-dist uses it).
// --jobs N builds N actions at a time in N child processes (ncc keeps one thread busy, and
// chdir()s, so worker threads will not do); default: one per core.
//
// ESM: @actions/* 3.x ship only ESM. ncc compiles an ESM entry to an ESM bundle
// (dist/index.js) and emits dist/package.json {"type":"module"}, so node loads it as ESM
// whatever the action folder says; both are kept.
//
// TypeScript: ncc's ts-loader calls the TypeScript compiler API of the `typescript` package it
// finds from the repo root: keep that at 5.9.x. TypeScript 7 (the native Go compiler, installed
// as `typescript-7` for `npm run typecheck`) has no such JavaScript API, so ncc cannot use it.
// transpileOnly: type errors are the typecheck's job.
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { tsImport } from 'tsx/esm/api';

export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const ACTIONS_DIR = join(REPO_ROOT, 'actions');

const require = createRequire(import.meta.url);

/**
 * The e2e suite's clients load .proto files at run time: the vault's from proto/ beside the
 * bundle (protoDir()), @grpc/reflection's from vendor/ (reflectionProtoPath()). ncc copies
 * only what dependencies reach through __dirname, so these two are copied here.
 */
function copySuiteProtos(distDir) {
  cpSync(join(REPO_ROOT, 'packages/vault/proto'), join(distDir, 'proto'), { recursive: true });
  const reflectionDir = 'build/proto/grpc/reflection/v1';
  cpSync(
    join(dirname(require.resolve('@grpc/reflection/package.json')), reflectionDir),
    join(distDir, 'vendor/@grpc/reflection', reflectionDir),
    { recursive: true },
  );
}

/** Files an action needs beside its bundle, made from source too (so check-dist covers them). */
const EXTRA_BUILDS = {
  'run-e2e-suite': copySuiteProtos,
  'vault-e2e': copySuiteProtos,
  // source: bundled — the runevault CLI (esbuild bundle + worker + protos) ships inside the action.
  'setup-vault': async (distDir) => {
    const { bundleCli } = await tsImport('@runevault/vault-image', import.meta.url);
    await bundleCli({ outDir: join(distDir, 'runevault') });
  },
  // The vault image's build context (bundle, Dockerfile, launcher, config, version): with no
  // image input the action builds the image from it, with no checkout of this repository.
  'start-vault-container': async (distDir) => {
    const { writeVaultImageContext } = await tsImport('@runevault/vault-image', import.meta.url);
    await writeVaultImageContext(join(distDir, 'vault-image'));
  },
};

/**
 * CommonJS dependencies bundled into an ESM file may read `__dirname`/`__filename`, which ESM
 * does not define (ssh2, under dockerode, does so as it loads): give them the bundle file's own.
 */
const COMMONJS_GLOBALS = [
  "import { dirname as __actionDirname } from 'node:path';",
  "import { fileURLToPath as __actionFileURLToPath } from 'node:url';",
  'const __filename = __actionFileURLToPath(import.meta.url);',
  'const __dirname = __actionDirname(__filename);',
  '',
].join('\n');

function withCommonJsGlobals(code) {
  const text = code.toString();
  const uses = /\b__(dirname|filename)\b/.test(text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, ''));
  const declares = /^(?:const|let|var) __(?:dirname|filename)\b/m.test(text);
  return uses && !declares ? `${COMMONJS_GLOBALS}${text}` : code;
}

/** A chunk ncc split off the entry (loaded by import()): ESM, so it needs the globals too. */
function isEsmChunk(file, source) {
  return /^[\w-]+\.index\.js$/.test(file) && /^export const id = /m.test(source.toString().slice(0, 1000));
}

/**
 * Folders under actions/ whose bundle the action.yml at the repo top runs (`main:
 * actions/<name>/dist/index.js`): built like an action, though they have no action.yml.
 */
export function rootActionBundles() {
  const file = join(REPO_ROOT, 'action.yml');
  if (!existsSync(file)) return [];
  const runs = readFileSync(file, 'utf8').matchAll(
    /^\s+(?:pre|main|post):\s*['"]?actions\/([\w.-]+)\/dist\//gm,
  );
  return [...new Set([...runs].map((match) => match[1]))];
}

function isAction(name) {
  return (
    (existsSync(join(ACTIONS_DIR, name, 'action.yml')) || rootActionBundles().includes(name)) &&
    existsSync(join(ACTIONS_DIR, name, 'src', 'index.ts'))
  );
}

/** Every folder under actions/ with src/index.ts and an action.yml (its own or the root's). */
export function listActions() {
  if (!existsSync(ACTIONS_DIR)) return [];
  return readdirSync(ACTIONS_DIR).filter(isAction).sort();
}

async function bundleAction(name, distDir) {
  const ncc = require('@vercel/ncc');
  const entry = join(ACTIONS_DIR, name, 'src', 'index.ts');
  // ncc looks for tsconfig.json from the entry up to the cwd and names modules relative to
  // the cwd: the repo root makes both the same on every machine.
  const cwd = process.cwd();
  process.chdir(REPO_ROOT);
  let result;
  try {
    result = await ncc(entry, {
      cache: false,
      sourceMap: false,
      minify: false,
      quiet: true,
      transpileOnly: true,
      target: 'es2022',
      license: 'licenses.txt',
    });
  } finally {
    process.chdir(cwd);
  }
  rmSync(distDir, { recursive: true, force: true });
  mkdirSync(distDir, { recursive: true });
  writeFileSync(join(distDir, 'index.js'), withCommonJsGlobals(result.code));
  for (const [file, asset] of Object.entries(result.assets)) {
    const target = join(distDir, file);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, isEsmChunk(file, asset.source) ? withCommonJsGlobals(asset.source) : asset.source);
    // git keeps only the executable bit, so that is all a build may vary.
    chmodSync(target, (asset.permissions ?? 0) & 0o111 ? 0o755 : 0o644);
  }
  if (!existsSync(join(distDir, 'package.json'))) {
    writeFileSync(join(distDir, 'package.json'), `${JSON.stringify({ type: 'module' })}\n`);
  }
  await EXTRA_BUILDS[name]?.(distDir);
}

/** Absolute paths of this checkout in a bundle would make it differ from machine to machine. */
function assertNoLocalPaths(distDir, outRoot) {
  const needles = [...new Set([REPO_ROOT, outRoot].map((dir) => dir.replace(/[/\\]+$/, '')))];
  const offenders = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else {
        const text = readFileSync(path, 'latin1');
        for (const needle of needles)
          if (text.includes(needle)) offenders.push(`${relative(REPO_ROOT, path)} contains ${needle}`);
      }
    }
  };
  walk(distDir);
  if (offenders.length > 0) throw new Error(`not reproducible: ${offenders.join('; ')}`);
}

/** Builds one action in this process: ncc, then the extras, then the reproducibility check. */
async function buildOne(name, outRoot, log) {
  const started = Date.now();
  const distDir = join(outRoot, name, 'dist');
  await bundleAction(name, distDir);
  assertNoLocalPaths(distDir, outRoot);
  const size = statSync(join(distDir, 'index.js')).size;
  log(`built actions/${name}/dist (index.js ${(size / 1024).toFixed(0)} KiB) in ${Date.now() - started} ms`);
  return { name, distDir };
}

/**
 * A child process of this script that builds whichever action it is sent ({ name, outRoot }) and
 * answers { ok, lines } or { ok: false, message }. Each child loads ncc and TypeScript once
 * (about 3 s of CPU), so a few long-lived children beat one per action.
 */
function startBuilder() {
  const child = fork(fileURLToPath(import.meta.url), ['--builder'], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });
  const build = (name, outRoot) =>
    new Promise((resolve, reject) => {
      const onExit = (code, signal) =>
        reject(
          new Error(
            `building actions/${name}: the builder died (${signal ?? `exit ${code}`}):\n${output.trim()}`,
          ),
        );
      child.once('exit', onExit);
      child.once('message', (reply) => {
        child.off('exit', onExit);
        if (reply.ok) resolve(reply.lines);
        else reject(new Error(`building actions/${name} failed: ${reply.message}\n${output.trim()}`.trim()));
      });
      child.send({ name, outRoot });
    });
  return { build, stop: () => child.disconnect() };
}

/** The builder's side: one build per message, the log lines sent back instead of printed. */
function serveBuilds() {
  process.on('message', async ({ name, outRoot }) => {
    const lines = [];
    try {
      await buildOne(name, outRoot, (line) => lines.push(line));
      process.send({ ok: true, lines });
    } catch (error) {
      process.send({
        ok: false,
        message: error instanceof Error ? (error.stack ?? error.message) : String(error),
      });
    }
  });
}

/**
 * Builds the named actions (default: all) into <outRoot>/<name>/dist, `jobs` at a time. Results
 * come back in the order of `names`, whatever order the builds finish in.
 */
export async function buildActions({
  names = listActions(),
  outRoot = ACTIONS_DIR,
  log = console.log,
  jobs = availableParallelism(),
} = {}) {
  for (const name of names) if (!isAction(name)) throw new Error(`no action named ${name} under actions/`);
  if (jobs <= 1 || names.length <= 1) {
    const built = [];
    for (const name of names) built.push(await buildOne(name, outRoot, log));
    return built;
  }
  const queue = [...names];
  const builders = Array.from({ length: Math.min(jobs, names.length) }, startBuilder);
  const drain = async (builder) => {
    for (let name = queue.shift(); name; name = queue.shift()) {
      for (const line of await builder.build(name, outRoot)) log(line);
    }
  };
  try {
    const settled = await Promise.allSettled(builders.map(drain));
    const failure = settled.find((outcome) => outcome.status === 'rejected');
    if (failure) throw failure.reason;
  } finally {
    for (const builder of builders) builder.stop();
  }
  return names.map((name) => ({ name, distDir: join(outRoot, name, 'dist') }));
}

function parseJobs(text) {
  const jobs = Number(text);
  if (!Number.isInteger(jobs) || jobs < 1) {
    console.error(`--jobs wants a whole number of at least 1, not ${JSON.stringify(text)}`);
    process.exit(2);
  }
  return jobs;
}

const isMain = import.meta.url === pathToFileURL(process.argv[1] ?? '').href;
if (isMain && process.argv.includes('--builder')) serveBuilds();
else if (isMain) {
  const { values, positionals } = parseArgs({
    options: { 'out-root': { type: 'string' }, jobs: { type: 'string' } },
    allowPositionals: true,
  });
  try {
    await buildActions({
      ...(positionals.length > 0 ? { names: positionals } : {}),
      ...(values['out-root'] ? { outRoot: values['out-root'] } : {}),
      ...(values.jobs ? { jobs: parseJobs(values.jobs) } : {}),
    });
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  }
}
