// Figures of the shipped binary (the esbuild bundle run by plain node, as in the image):
// daemon start → SERVING, with and without keys on disk, and a `token list` round trip
// with process start included.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeVaultHome, type VaultHome, waitForAdminHealth } from '../test/support/daemon-harness.js';
import { percentile, timeMs } from './stats.js';

const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));
const BUNDLE = join(PACKAGE_DIR, 'dist', 'runevault.mjs');

/** The bundle `npm run build:cli` makes (with @runevault/vault-image's bundler), made if missing. */
export async function ensureBundle(): Promise<string> {
  if (!existsSync(BUNDLE)) {
    const built = spawnSync('npm', ['run', 'build:cli', '--silent'], {
      cwd: join(PACKAGE_DIR, '../..'),
      stdio: 'inherit',
    });
    if (built.status !== 0)
      throw new Error('npm run build:cli failed; the bench measures the bundle it makes');
  }
  return BUNDLE;
}

async function timeStartToServing(home: VaultHome): Promise<number> {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, [BUNDLE, '--config', home.config, 'daemon', 'start'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let output = '';
  child.stderr?.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  await waitForAdminHealth(home.adminSocket, { child, output: () => output, exited });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  child.kill('SIGTERM');
  await exited;
  return ms;
}

export async function benchCliProcess(runs = 5) {
  await ensureBundle();
  const home = await makeVaultHome();
  try {
    const warm: number[] = [];
    for (let i = 0; i < runs; i++) warm.push(await timeStartToServing(home));
    const cold: number[] = [];
    for (let i = 0; i < 3; i++) {
      rmSync(join(home.dir, 'vault-keys'), { recursive: true, force: true });
      cold.push(await timeStartToServing(home));
    }
    const child = spawn(process.execPath, [BUNDLE, '--config', home.config, 'daemon', 'start'], {
      stdio: 'ignore',
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    await waitForAdminHealth(home.adminSocket, { child, output: () => '', exited });
    for (const user of ['alice', 'bob', 'carol']) {
      spawnSync(process.execPath, [
        BUNDLE,
        '--config',
        home.config,
        'token',
        'issue',
        '--user',
        user,
        '--role',
        'member',
      ]);
    }
    const list: number[] = [];
    for (let i = 0; i < 10; i++) {
      list.push(
        await timeMs(async () => {
          const r = spawnSync(process.execPath, [BUNDLE, '--config', home.config, 'token', 'list']);
          if (r.status !== 0) throw new Error(`token list failed: ${r.stderr}`);
        }),
      );
    }
    child.kill('SIGTERM');
    await exited;
    return {
      startWarmMedianMs: percentile(warm, 50),
      startColdMedianMs: percentile(cold, 50),
      tokenListMedianMs: percentile(list, 50),
    };
  } finally {
    home.remove();
  }
}
