// source: workspace — the CLI built from a checkout of the vault: npm deps (cached on the
// lockfile hash) → npm ci → `npm run build:cli`, which runs the checkout's own bundleCli.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import * as core from '@actions/core';
import * as exec from '@actions/exec';
import { logSafe } from '../../common/src/log-safe.js';
import type { ActionCache, RestoreResult } from './action-cache.js';

/** Where the checkout's `npm run build:cli` leaves the CLI bundle. */
const WORKSPACE_CLI_PATH = 'packages/vault/dist/runevault.mjs';
const NPM_CACHE_PREFIX = 'runevault-npm-';

function npmCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.npm_config_cache || join(homedir(), '.npm');
}

/** Keyed on the lockfile alone: npm's cache holds tarballs, the same for every node version. */
export function npmDepsCacheKey(
  lockfileText: string,
  platform = process.platform,
  arch = process.arch,
): string {
  const digest = createHash('sha256').update(lockfileText).digest('hex');
  return `${NPM_CACHE_PREFIX}${platform}-${arch}-${digest}`;
}

function requireCheckout(dir: string): string {
  const lockfile = join(dir, 'package-lock.json');
  if (!existsSync(lockfile)) {
    throw new Error(
      `source: workspace needs a checkout of the vault with package-lock.json in working-directory ${logSafe(dir)}; ` +
        'run actions/checkout first, point working-directory at it, or use source: bundled',
    );
  }
  return lockfile;
}

async function run(command: string, args: string[], cwd: string): Promise<void> {
  const code = await exec.exec(command, args, { cwd, ignoreReturnCode: true });
  if (code !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} failed in ${logSafe(cwd)} with exit code ${code} (its output is above)`,
    );
  }
}

/** Restores the npm cache, runs `npm ci`, saves the cache unless it was an exact hit. */
export async function installDependencies(dir: string, cache: ActionCache): Promise<RestoreResult> {
  const lockfile = requireCheckout(dir);
  const key = npmDepsCacheKey(readFileSync(lockfile, 'utf8'));
  const paths = [npmCacheDir()];
  const restore = await cache.restore(paths, key, [
    `${NPM_CACHE_PREFIX}${process.platform}-${process.arch}-`,
  ]);
  await run('npm', ['ci', '--no-audit', '--no-fund'], dir);
  if (restore !== 'exact') await cache.save(paths, key);
  return restore;
}

/** Returns the absolute path of the built CLI bundle. */
export async function buildWorkspaceCli(dir: string): Promise<string> {
  requireCheckout(dir);
  await run('npm', ['run', 'build:cli'], dir);
  const cli = join(dir, WORKSPACE_CLI_PATH);
  if (!existsSync(cli)) {
    throw new Error(
      `npm run build:cli in ${logSafe(dir)} did not produce ${WORKSPACE_CLI_PATH}; is working-directory a runevault checkout?`,
    );
  }
  core.info(`runevault CLI built at ${logSafe(cli)}`);
  return cli;
}
