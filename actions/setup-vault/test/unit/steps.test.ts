// The pieces setupVault() is made of, with @actions/core and @actions/cache replaced.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DEFAULT_CKKS_PARAMS,
  KEY_FILE_FORMAT,
  KEY_FILE_NAMES as VAULT_KEY_FILE_NAMES,
} from '@runevault/vault';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('@actions/core', () => ({
  warning: vi.fn(),
  info: vi.fn(),
  setSecret: vi.fn(),
  addPath: vi.fn(),
  group: vi.fn((_name: string, fn: () => Promise<unknown>) => fn()),
}));
vi.mock('@actions/cache', () => ({ restoreCache: vi.fn(), saveCache: vi.fn() }));

const core = await import('@actions/core');
const cache = await import('@actions/cache');
const { ActionCache, cacheUnavailableReason } = await import('../../src/action-cache.js');
const { KEY_FILE_NAMES, KEY_SPEC, keySetMatches, keysCacheKey } = await import('../../src/fhe-keys.js');
const { installLauncher } = await import('../../src/runevault-launcher.js');
const { npmDepsCacheKey } = await import('../../src/workspace-build.js');
const { setupVault } = await import('../../src/setup-vault.js');
const { parseInputs } = await import('../../src/inputs.js');

const SERVICE = { ACTIONS_CACHE_URL: 'http://127.0.0.1:1/', ACTIONS_RUNTIME_TOKEN: 'token' };
let dir: string;

beforeEach(() => {
  vi.clearAllMocks();
  dir = mkdtempSync(join(tmpdir(), 'setup-vault-unit-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('ActionCache', () => {
  it('says why the cache service is missing', () => {
    expect(cacheUnavailableReason({ ...SERVICE, ACT: 'true' })).toMatch(/act/);
    expect(cacheUnavailableReason({})).toMatch(/ACTIONS_CACHE_URL is not set/);
    expect(cacheUnavailableReason({ ACTIONS_CACHE_SERVICE_V2: 'true', ACTIONS_CACHE_URL: 'x' })).toMatch(
      /ACTIONS_RESULTS_URL is not set/,
    );
    expect(cacheUnavailableReason({ ACTIONS_CACHE_URL: 'x' })).toMatch(/ACTIONS_RUNTIME_TOKEN/);
    expect(cacheUnavailableReason(SERVICE)).toBeUndefined();
  });

  it('warns once when caching is wanted but impossible, then answers off without calling the service', async () => {
    const off = ActionCache.open(true, { ACT: 'true' });
    expect(core.warning).toHaveBeenCalledTimes(1);
    expect(vi.mocked(core.warning).mock.calls[0]?.[0]).toMatch(/^caching is off: running under act/);
    expect(await off.restore(['/x'], 'k')).toBe('off');
    await off.save(['/x'], 'k');
    expect(core.warning).toHaveBeenCalledTimes(1);
    expect(cache.restoreCache).not.toHaveBeenCalled();
    expect(cache.saveCache).not.toHaveBeenCalled();
  });

  it('stays quiet when caching is not wanted', () => {
    ActionCache.open(false, {});
    expect(core.warning).not.toHaveBeenCalled();
  });

  it('tells exact, partial and missing restores apart', async () => {
    const on = ActionCache.open(true, SERVICE);
    vi.mocked(cache.restoreCache).mockResolvedValueOnce('k');
    expect(await on.restore(['/x'], 'k', ['k-'])).toBe('exact');
    vi.mocked(cache.restoreCache).mockResolvedValueOnce('k-old');
    expect(await on.restore(['/x'], 'k', ['k-'])).toBe('partial');
    vi.mocked(cache.restoreCache).mockResolvedValueOnce(undefined);
    expect(await on.restore(['/x'], 'k')).toBe('miss');
  });

  it('turns service errors into warnings', async () => {
    const on = ActionCache.open(true, SERVICE);
    vi.mocked(cache.restoreCache).mockRejectedValueOnce(new Error('503 from cache service'));
    expect(await on.restore(['/x'], 'k')).toBe('miss');
    vi.mocked(cache.saveCache).mockRejectedValueOnce(new Error('reserve failed'));
    await expect(on.save(['/x'], 'k')).resolves.toBeUndefined();
    expect(vi.mocked(core.warning).mock.calls.map(([message]) => message)).toEqual([
      'cache restore of k failed, continuing without it: 503 from cache service',
      'cache save of k failed: reserve failed',
    ]);
  });
});

describe('FHE key cache', () => {
  it('keys on the parameters the vault generates with', () => {
    expect(KEY_SPEC.format).toBe(KEY_FILE_FORMAT);
    expect(KEY_SPEC.params).toEqual({
      poly_modulus_degree: DEFAULT_CKKS_PARAMS.polyModulusDegree,
      coeff_modulus_bits: DEFAULT_CKKS_PARAMS.coeffModulusBits,
      scale_bits: DEFAULT_CKKS_PARAMS.scaleBits,
    });
    expect([...KEY_FILE_NAMES]).toEqual([...VAULT_KEY_FILE_NAMES]);
  });

  it('gives a stable key that changes with the parameters', () => {
    expect(keysCacheKey()).toMatch(/^runevault-fhe-keys-v1-[0-9a-f]{16}$/);
    expect(keysCacheKey()).toBe(keysCacheKey());
    const other = {
      ...KEY_SPEC,
      params: { ...KEY_SPEC.params, scale_bits: 30 },
    } as unknown as typeof KEY_SPEC;
    expect(keysCacheKey(other)).not.toBe(keysCacheKey());
  });

  it('accepts a restored set only when complete and made with KEY_SPEC', () => {
    const header = { format: KEY_SPEC.format, params: KEY_SPEC.params, kind: 'EncKey', data: 'AAAA' };
    expect(keySetMatches(dir)).toBe(false);
    writeFileSync(join(dir, 'EncKey.json'), JSON.stringify(header));
    writeFileSync(join(dir, 'EvalKey.json'), '{}');
    expect(keySetMatches(dir)).toBe(false);
    writeFileSync(join(dir, 'SecKey.json'), '{}');
    expect(keySetMatches(dir)).toBe(true);
    writeFileSync(
      join(dir, 'EncKey.json'),
      JSON.stringify({ ...header, params: { ...header.params, scale_bits: 30 } }),
    );
    expect(keySetMatches(dir)).toBe(false);
  });
});

describe('npm dependency cache key', () => {
  it('depends on the lockfile, the platform and the architecture only', () => {
    const key = npmDepsCacheKey('{"lockfileVersion":3}', 'linux', 'x64');
    expect(key).toMatch(/^runevault-npm-linux-x64-[0-9a-f]{64}$/);
    expect(npmDepsCacheKey('{"lockfileVersion":3}', 'linux', 'x64')).toBe(key);
    expect(npmDepsCacheKey('{"lockfileVersion":2}', 'linux', 'x64')).not.toBe(key);
  });
});

describe('installLauncher', () => {
  it('writes an executable runevault that runs the CLI with this node, quoting odd paths', () => {
    const cliDir = join(dir, "it's a dir");
    mkdirSync(cliDir);
    const cli = join(cliDir, 'cli.mjs');
    writeFileSync(cli, 'console.log(JSON.stringify(process.argv.slice(2)));\n');
    const launcher = installLauncher(join(dir, 'bin'), cli);
    expect(statSync(launcher.path).mode & 0o111).not.toBe(0);
    const result = spawnSync(launcher.path, ['keys', 'a b', '$HOME'], { encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(['keys', 'a b', '$HOME']);
  });
});

describe('setupVault error paths', () => {
  const inputs = (given: Record<string, string>) =>
    parseInputs((name) => given[name] ?? '', { GITHUB_WORKSPACE: dir, RUNNER_TEMP: dir });

  it('names the missing bundled CLI and both ways out', async () => {
    await expect(
      setupVault(inputs({ cache: 'false' }), { actionDistDir: join(dir, 'dist'), env: {} }),
    ).rejects.toThrow(
      /bundled runevault CLI is missing at .*dist[/\\]runevault[/\\]runevault\.mjs.*npm run build:actions.*source: workspace/,
    );
  });

  it('asks for a checkout when source is workspace and there is no lockfile', async () => {
    await expect(
      setupVault(inputs({ source: 'workspace', cache: 'false', 'working-directory': 'nothing-here' }), {
        actionDistDir: dir,
        env: {},
      }),
    ).rejects.toThrow(/package-lock\.json in working-directory .*nothing-here; run actions\/checkout first/);
  });

  it('masks the generated team secret before anything else is reported', async () => {
    await setupVault(inputs({ cache: 'true' }), { actionDistDir: join(dir, 'dist'), env: {} }).catch(
      () => {},
    );
    const secretOrder = vi.mocked(core.setSecret).mock.invocationCallOrder[0] ?? Infinity;
    const firstWarning = vi.mocked(core.warning).mock.invocationCallOrder[0] ?? Infinity;
    expect(vi.mocked(core.setSecret).mock.calls[0]?.[0]).toMatch(/^[0-9a-f]{64}$/);
    expect(secretOrder).toBeLessThan(firstWarning);
  });
});
