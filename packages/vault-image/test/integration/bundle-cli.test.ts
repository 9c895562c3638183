// The esbuild bundle on its own: built into a temp folder outside the repo (no node_modules
// anywhere above it) and run with plain `node`, so every dependency, the SEAL wasm, the worker
// and the protos must come from the bundle folder itself.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createVaultClient, encryptScoresBase64 } from '@runevault/vault/client';
import {
  makeVaultHome,
  type VaultHome,
  waitForAdminHealth,
} from '@runevault/vault/test-support/daemon-harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BundleResult, bundleCli } from '../../src/index.js';

const VAULT_PACKAGE = dirname(createRequire(import.meta.url).resolve('@runevault/vault/package.json'));

let root: string;
let bundle: BundleResult;
let home: VaultHome | undefined;
let daemon: ChildProcess | undefined;

function runBundled(args: string[]) {
  return spawnSync(process.execPath, [bundle.cli, ...args], { cwd: root, encoding: 'utf8', timeout: 30_000 });
}

describe('runevault bundle (dist/runevault.mjs)', () => {
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'runevault-bundle-'));
    bundle = await bundleCli({ outDir: join(root, 'dist') });
  });

  afterAll(async () => {
    if (daemon && daemon.exitCode === null) {
      daemon.kill('SIGKILL');
      await new Promise((resolve) => daemon?.once('exit', resolve));
    }
    home?.remove();
    rmSync(root, { recursive: true, force: true });
  });

  it('is an ESM file with a shebang, with the worker, package type and protos beside it', () => {
    expect(readFileSync(bundle.cli, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(existsSync(join(root, 'dist/score-decryptor-worker.js'))).toBe(true);
    expect(JSON.parse(readFileSync(join(root, 'dist/package.json'), 'utf8')).type).toBe('module');
    for (const proto of ['vault_service', 'score', 'token_exchange']) {
      expect(existsSync(join(root, `dist/proto/rune/vault/v1/${proto}.proto`))).toBe(true);
    }
    expect(existsSync(join(root, 'dist/vendor/grpc-health-check/proto/health/v1/health.proto'))).toBe(true);
  });

  it('prints its version with plain node outside the repo', () => {
    const result = runBundled(['version']);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^runevault \d+\.\d+\.\d+/);
  });

  it('serves from the bundle: daemon start, token issue, DecryptScores through the bundled SEAL worker', async () => {
    home = await makeVaultHome();
    const child = spawn(process.execPath, [bundle.cli, '--config', home.config, 'daemon', 'start'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    daemon = child;
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    await waitForAdminHealth(home.adminSocket, { child, output: () => output, exited });
    const grpcPort = /serving gRPC on 127\.0\.0\.1:(\d+)/.exec(output)?.[1];
    expect(grpcPort, output).toBeDefined();

    const issued = runBundled([
      '--config',
      home.config,
      'token',
      'issue',
      '--user',
      'bundle',
      '--role',
      'member',
    ]);
    expect(issued.status, issued.stderr).toBe(0);
    const token = /Token: (evt_[0-9a-f]{32})\n/.exec(issued.stdout)?.[1] as string;
    expect(token, issued.stdout).toBeDefined();

    const client = createVaultClient(`127.0.0.1:${grpcPort}`, { deadlineMs: 20_000 });
    try {
      const keys = await client.getPublicKeyBundle(token);
      const blob = await encryptScoresBase64(keys['EncKey.json'], [{ shardIdx: 2, scores: [0.1, 0.9, 0.5] }]);
      const { results } = await client.decryptScores(token, blob, 2);
      expect(results.map((r) => [r.shard_idx, r.row_idx])).toEqual([
        [2, 1],
        [2, 2],
      ]);
      expect(results[0]?.score).toBeCloseTo(0.9, 3);
    } finally {
      client.close();
    }

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});

describe('bundling into one folder from several processes at once', () => {
  it('every bundler succeeds and leaves one complete dist/, with no staging or retired folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'runevault-bundle-race-'));
    const outDir = join(dir, 'dist');
    // Resolved from the cwd (this package), as any script of the repository resolves it.
    const bundler = `import { bundleCli } from '@runevault/vault-image';
await bundleCli({ outDir: ${JSON.stringify(outDir)} });`;
    try {
      const runs = await Promise.all(
        [1, 2, 3].map(
          () =>
            new Promise<{ code: number | null; stderr: string }>((resolve) => {
              const child = spawn(
                process.execPath,
                ['--import', 'tsx', '--input-type=module', '-e', bundler],
                {
                  cwd: VAULT_PACKAGE,
                  stdio: ['ignore', 'ignore', 'pipe'],
                },
              );
              let stderr = '';
              child.stderr.on('data', (chunk) => {
                stderr += chunk;
              });
              child.on('close', (code) => resolve({ code, stderr }));
            }),
        ),
      );
      for (const run of runs) expect(run.code, run.stderr).toBe(0);
      expect(readdirSync(dir)).toEqual(['dist']);
      expect(readFileSync(join(outDir, 'runevault.mjs'), 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(
        true,
      );
      expect(existsSync(join(outDir, 'score-decryptor-worker.js'))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
