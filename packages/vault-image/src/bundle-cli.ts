// Bundles the `runevault` CLI into packages/vault/dist with esbuild: a self-contained folder
// that plain `node` runs on the host and in the image.
//   dist/runevault.mjs                the CLI (shebang), every dependency inlined (SEAL wasm included)
//   dist/score-decryptor-worker.js    the SEAL worker; the pool finds it beside its own file
//   dist/package.json                 {"type":"module"}, so the worker's .js loads as ESM
//   dist/proto/                       the vault protos (found by protoDir()) ...
//   dist/vendor/<package>/proto/      ... and the ones grpc-health-check and @grpc/reflection load
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, relative, sep } from 'node:path';
import { isProcessAlive } from '@runevault/vault/pid-file';
import { type BuildOptions, build, type Plugin } from 'esbuild';
import { swapDirectoryInto } from './swap-directory.js';

// The vault package whose CLI is bundled and whose Dockerfile and image/ files are built, found
// the way Node finds the package (npm links it), not by where this file sits.
export const VAULT_PACKAGE_DIR = dirname(
  createRequire(import.meta.url).resolve('@runevault/vault/package.json'),
);
export const DEFAULT_DIST_DIR = join(VAULT_PACKAGE_DIR, 'dist');
const CLI_BUNDLE_NAME = 'runevault.mjs';
// score-decryptor-pool.ts loads `./score-decryptor-worker.js` relative to its own (bundled) file.
const WORKER_BUNDLE_NAME = 'score-decryptor-worker.js';

/**
 * Dependencies that read files relative to `__dirname` at run time, and the folders they read.
 * In the bundle their `__dirname` points into dist/vendor/<package>/…, where these folders are
 * copied. @grpc/grpc-js only does so for channelz/ORCA, which the vault never serves, so it
 * gets the rewrite but no copy.
 */
const VENDOR_ASSETS: Record<string, string[]> = {
  'grpc-health-check': ['proto/health'],
  '@grpc/reflection': ['build/proto/grpc'],
  '@grpc/grpc-js': [],
};

// CommonJS dependencies call require() and read __dirname, neither of which exists in ESM.
const ESM_SHIMS = [
  "import { createRequire as __runevaultCreateRequire } from 'node:module';",
  "import { fileURLToPath as __runevaultFileURLToPath } from 'node:url';",
  "import { dirname as __runevaultDirname, join as __runevaultJoin } from 'node:path';",
  'const require = __runevaultCreateRequire(import.meta.url);',
  'const __runevaultBundleDir = __runevaultDirname(__runevaultFileURLToPath(import.meta.url));',
  'const __runevaultVendorDir = (dir) => __runevaultJoin(__runevaultBundleDir, "vendor", dir);',
].join('\n');

export interface BundleOptions {
  /** The CLI entry; default src/cli/main.ts. */
  entry?: string;
  outDir?: string;
}

export interface BundleResult {
  outDir: string;
  cli: string;
  worker: string;
}

/** Package name and the file's folder inside it, for a path under node_modules. */
function packageOf(file: string): { name: string; dirInPackage: string } | undefined {
  const parts = file.split(sep);
  const at = parts.lastIndexOf('node_modules');
  if (at < 0) return undefined;
  const scoped = parts[at + 1]?.startsWith('@');
  const nameParts = parts.slice(at + 1, at + (scoped ? 3 : 2));
  const rest = parts.slice(at + 1 + nameParts.length, -1);
  return { name: nameParts.join('/'), dirInPackage: rest.join('/') };
}

/** Rewrites `__dirname` in the listed dependencies; any other dependency using it fails the bundle. */
function vendorDirnamePlugin(unhandled: Set<string>): Plugin {
  return {
    name: 'runevault-vendor-dirname',
    setup(b) {
      b.onLoad({ filter: /[\\/]node_modules[\\/].*\.c?js$/ }, (args) => {
        const text = readFileSync(args.path, 'utf8');
        if (!/\b__dirname\b|\b__filename\b/.test(text)) return undefined;
        const pkg = packageOf(args.path);
        if (!pkg || !(pkg.name in VENDOR_ASSETS)) {
          // Mentions in comments are harmless; real uses would resolve against dist/ and break.
          const code = text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
          if (/\b__dirname\b|\b__filename\b/.test(code)) unhandled.add(args.path);
          return undefined;
        }
        const dir = JSON.stringify(`${pkg.name}/${pkg.dirInPackage}`);
        return { contents: text.replace(/\b__dirname\b/g, `__runevaultVendorDir(${dir})`), loader: 'js' };
      });
    },
  };
}

/** Builds dist/ from scratch; throws when esbuild reports errors or a dependency needs new assets. */
export async function bundleCli(options: BundleOptions = {}): Promise<BundleResult> {
  const finalDir = options.outDir ?? DEFAULT_DIST_DIR;
  // Built beside the target and swapped in at the end: an image build or a process reading
  // dist/ meanwhile sees the old complete bundle or the new one, never a half-written one.
  const outDir = `${finalDir}.staging-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const entry = options.entry ?? join(VAULT_PACKAGE_DIR, 'src/cli/main.ts');
  removeAbandonedStaging(finalDir);
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  try {
    await buildInto(outDir, entry);
    swapDirectoryInto(outDir, finalDir);
  } catch (error) {
    rmSync(outDir, { recursive: true, force: true });
    throw error;
  }
  return {
    outDir: finalDir,
    cli: join(finalDir, CLI_BUNDLE_NAME),
    worker: join(finalDir, WORKER_BUNDLE_NAME),
  };
}

/**
 * Staging folders of bundles whose process died mid-build (a SIGKILL, a killed test run): no one
 * will swap them in, and each holds a 5 MB bundle. A live builder's folder is left alone.
 */
export function removeAbandonedStaging(finalDir: string): void {
  const dir = dirname(finalDir);
  const prefix = `${basename(finalDir)}.staging-`;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return; // no parent yet: nothing to sweep
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(name.slice(prefix.length).split('-')[0]);
    if (Number.isInteger(pid) && pid > 0 && !isProcessAlive(pid)) {
      rmSync(join(dir, name), { recursive: true, force: true });
    }
  }
}

async function buildInto(outDir: string, entry: string): Promise<void> {
  const unhandled = new Set<string>();
  const common: BuildOptions = {
    bundle: true,
    // Paths in the output's comments are relative to this: fixed, so the bytes (and the image
    // content hash) do not depend on where the bundle was started from.
    absWorkingDir: VAULT_PACKAGE_DIR,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    banner: { js: ESM_SHIMS },
    plugins: [vendorDirnamePlugin(unhandled)],
    logLevel: 'warning',
    // protobufjs reaches fs through eval("require"): that must see the shim's `require`.
    logOverride: { 'direct-eval': 'silent' },
    legalComments: 'none',
  };
  const cli = join(outDir, CLI_BUNDLE_NAME);
  const worker = join(outDir, WORKER_BUNDLE_NAME);
  await Promise.all([
    build({ ...common, entryPoints: [entry], outfile: cli }),
    build({
      ...common,
      entryPoints: [join(VAULT_PACKAGE_DIR, 'src/fhe/score-decryptor-worker.ts')],
      outfile: worker,
    }),
  ]);
  if (unhandled.size > 0) {
    throw new Error(
      `these bundled files read __dirname, which points at dist/ in the bundle: ${[...unhandled].join(', ')}; ` +
        'add their package and asset folders to VENDOR_ASSETS in packages/vault-image/src/bundle-cli.ts',
    );
  }

  // esbuild keeps the entry's hashbang when it has one; the bundle must have one either way.
  const cliText = readFileSync(cli, 'utf8');
  if (!cliText.startsWith('#!')) writeFileSync(cli, `#!/usr/bin/env node\n${cliText}`);
  writeFileSync(join(outDir, 'package.json'), `${JSON.stringify({ type: 'module', private: true })}\n`);
  cpSync(join(VAULT_PACKAGE_DIR, 'proto'), join(outDir, 'proto'), { recursive: true });
  const require = createRequire(join(VAULT_PACKAGE_DIR, 'package.json'));
  for (const [name, folders] of Object.entries(VENDOR_ASSETS)) {
    const packageDir = dirname(require.resolve(`${name}/package.json`));
    for (const folder of folders) {
      cpSync(join(packageDir, folder), join(outDir, 'vendor', name, folder), { recursive: true });
    }
  }
}

/** Paths relative to the repo, for log lines. */
export function repoRelative(path: string): string {
  return relative(join(VAULT_PACKAGE_DIR, '../..'), path) || '.';
}
