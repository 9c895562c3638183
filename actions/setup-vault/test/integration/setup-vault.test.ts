// The committed bundle actions/setup-vault/dist/index.js, run by node the way the runner runs it.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type ActionRunResult, pathForNextStep, REPO_ROOT, runAction } from '@runevault/action-runner';
import { loadConfig } from '@runevault/vault';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const BUNDLE = join(REPO_ROOT, 'actions/setup-vault/dist/index.js');
const VAULT_VERSION = (
  JSON.parse(readFileSync(join(REPO_ROOT, 'packages/vault/package.json'), 'utf8')) as { version: string }
).version;
const cleanups: ActionRunResult[] = [];

async function run(options: Parameters<typeof runAction>[0]): Promise<ActionRunResult> {
  const result = await runAction(options);
  cleanups.push(result);
  return result;
}

beforeAll(() => {
  if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing; run npm run build:actions`);
});
afterAll(async () => {
  await Promise.all(cleanups.map((result) => result.remove()));
});

describe('setup-vault bundle (source: bundled)', () => {
  let result: ActionRunResult;
  let teamSecret: string;

  beforeAll(async () => {
    // cache: true with no cache service behind it, as under act or in a plain shell.
    result = await run({
      action: 'setup-vault',
      inputs: { cache: 'true', tls: 'true', 'grpc-port': '50151' },
    });
    const config = parse(readFileSync(result.outputs.config ?? '', 'utf8')) as {
      tokens: { team_secret: string };
    };
    teamSecret = config.tokens.team_secret;
  });

  it('succeeds with a single warning that caching is off', () => {
    expect(result.stderr).toBe('');
    expect(result.commands.errors).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(result.commands.warnings).toHaveLength(1);
    expect(result.commands.warnings[0]).toMatch(
      /^caching is off: no cache service \(ACTIONS_CACHE_URL is not set/,
    );
  });

  it('sets every output to something that exists', () => {
    const { home, config, 'keys-path': keysPath, 'cache-hit': cacheHit, version } = result.outputs;
    expect(home).toBe(join(result.runnerTemp, 'runevault'));
    expect(config).toBe(join(result.runnerTemp, 'runevault/configs/runevault.conf'));
    expect(statSync(config ?? '').mode & 0o777).toBe(0o600);
    expect(keysPath).toBe(join(result.runnerTemp, 'runevault/vault-keys'));
    for (const file of ['EncKey.json', 'EvalKey.json', 'SecKey.json']) {
      expect(existsSync(join(keysPath ?? '', 'vault-key', file))).toBe(true);
    }
    expect(statSync(join(keysPath ?? '', 'vault-key/SecKey.json')).mode & 0o777).toBe(0o600);
    expect(cacheHit).toBe('false');
    expect(version).toBe(VAULT_VERSION);
  });

  it('writes a config the vault loads, with TLS and the given port', () => {
    const { config } = loadConfig({ configPath: result.outputs.config ?? '' });
    expect(config.server.grpc.port).toBe(50151);
    expect(config.server.grpc.tls.disable).toBe(false);
    expect(readFileSync(config.server.grpc.tls.cert, 'utf8')).toContain('BEGIN CERTIFICATE');
    expect(statSync(config.server.grpc.tls.key).mode & 0o777).toBe(0o600);
    expect(config.tokens.teamSecret).toMatch(/^[0-9a-f]{64}$/);
  });

  it('masks the generated team secret on its first line and never prints it', () => {
    expect(result.commands.addMask).toContain(teamSecret);
    const report = result.masks.find((mask) => mask.value === teamSecret);
    expect(report).toEqual({ value: teamSecret, maskedAt: 0, firstShownAt: undefined });
    expect(result.stdout.split(teamSecret)).toHaveLength(2); // only in the ::add-mask:: line
    expect(result.stderr).not.toContain(teamSecret);
  });

  it('groups its work and puts a runnable runevault on PATH', () => {
    expect(result.commands.groups).toEqual(['Write runevault.conf', 'FHE keys']);
    const binDir = join(result.outputs.home ?? '', 'bin');
    expect(result.path).toEqual([binDir]);
    const version = spawnSync('runevault', ['version'], {
      env: { PATH: pathForNextStep(result) },
      encoding: 'utf8',
    });
    expect(version.stderr).toBe('');
    expect(version.stdout.trim()).toBe(`runevault ${VAULT_VERSION}`);
  });

  it('keeps the keys when run again on the same home, and masks a given team secret first', async () => {
    const secret = 'given-team-secret-0123456789abcdef';
    const keyFile = join(result.outputs['keys-path'] ?? '', 'vault-key/SecKey.json');
    const before = readFileSync(keyFile, 'utf8');
    const again = await run({
      action: 'setup-vault',
      inputs: { cache: 'false', 'team-secret': secret },
      runnerTemp: result.runnerTemp,
    });
    expect(again.exitCode).toBe(0);
    expect(again.commands.warnings).toEqual([]);
    expect(again.masks.find((mask) => mask.value === secret)).toEqual({
      value: secret,
      maskedAt: 0,
      firstShownAt: undefined,
    });
    expect(again.lines.some((line) => line.includes('FHE keys already in'))).toBe(true);
    expect(readFileSync(keyFile, 'utf8')).toBe(before);
    expect(loadConfig({ configPath: again.outputs.config ?? '' }).config.tokens.teamSecret).toBe(secret);
  });
});

describe('setup-vault bundle on bad input', () => {
  it.each([
    [
      { 'grpc-port': 'abc' },
      /^setup-vault: input grpc-port must be a port number from 0 to 65535, got "abc"$/,
    ],
    [{ source: 'docker' }, /^setup-vault: input source must be bundled .* or workspace .*, got "docker"$/],
    [{ tls: 'yes', 'http-port': '99999' }, /^setup-vault: input tls must be .*; input http-port must be /],
  ])('%o fails the step with one ::error:: line and no outputs', async (inputs, expected) => {
    const result = await run({ action: 'setup-vault', inputs });
    expect(result.exitCode).toBe(1);
    expect(result.commands.errors).toHaveLength(1);
    expect(result.commands.errors[0]).toMatch(expected);
    expect(result.outputs).toEqual({});
    expect(existsSync(join(result.runnerTemp, 'runevault'))).toBe(false);
  });

  it('asks for a checkout when source is workspace and working-directory has none', async () => {
    const result = await run({ action: 'setup-vault', inputs: { source: 'workspace', cache: 'false' } });
    expect(result.exitCode).toBe(1);
    expect(result.commands.errors).toEqual([
      expect.stringMatching(
        /^source: workspace needs a checkout of the vault with package-lock\.json in working-directory /,
      ),
    ]);
  });
});
