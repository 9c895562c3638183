// The step modules of start-vault-container on their own: the one-line errors of a failed
// start, the artifact fallback switch, the archive inside an artifact, image references.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

vi.mock('@actions/core', () => ({
  info: vi.fn(),
  warning: vi.fn(),
  startGroup: vi.fn(),
  endGroup: vi.fn(),
}));

const core = await import('@actions/core');
const { HealthDeadlineError, TargetExitedError } = await import('@runevault/e2e/drivers/docker');
const { explainStartFailure } = await import('../../src/start-vault.js');
const { artifactUnavailableReason, downloadImageArchive, findArchive } = await import(
  '../../src/artifact-archive.js'
);
const { splitTag } = await import('../../src/vault-image.js');
const { parseInputs } = await import('../../src/inputs.js');

const inputs = parseInputs((name) => ({ name: 'vault-ci-1-1', 'health-timeout': '5s' })[name] ?? '', {});
const dir = mkdtempSync(join(tmpdir(), 'svc-steps-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('explainStartFailure', () => {
  it('a health deadline: the log lines go to a group, the error is one line saying what to do', () => {
    const error = explainStartFailure(
      new HealthDeadlineError('container 0123456789ab', 'INFO generating keys', 'GET … did not answer\nlogs'),
      inputs,
    );
    expect(error.message).toBe(
      'the vault in container 0123456789ab did not answer GET /health within health-timeout (5000 ms); ' +
        'its last log lines are above: raise health-timeout if it was still starting, or fix what the log shows',
    );
    expect(core.startGroup).toHaveBeenCalledWith('Vault log (last lines)');
    expect(core.info).toHaveBeenCalledWith('INFO generating keys');
  });

  it('an exit at start names the exit code', () => {
    const error = explainStartFailure(
      new TargetExitedError('container 0123456789ab', { exitCode: 1 }, 'bogus_key: unknown key', 'exited'),
      inputs,
    );
    expect(error.message).toMatch(
      /^the vault in container 0123456789ab exited \(code 1\) before it became healthy; /,
    );
    expect(error.message).not.toContain('\n');
  });

  it('a name conflict says how to free the name', () => {
    const conflict = Object.assign(
      new Error('(HTTP code 409) unexpected - Conflict. The container name is already in use'),
      {
        statusCode: 409,
      },
    );
    expect(explainStartFailure(conflict, inputs).message).toBe(
      'a container named vault-ci-1-1 already exists; remove it (docker rm -f vault-ci-1-1) or set the name input to one unique per job',
    );
  });

  it('anything else passes through unchanged', () => {
    const other = new Error('boom');
    expect(explainStartFailure(other, inputs)).toBe(other);
  });
});

describe('artifact-name without an artifact service', () => {
  it.each([
    [{}, /ACTIONS_RESULTS_URL is not set/],
    [{ ACTIONS_RESULTS_URL: 'https://results.example' }, /ACTIONS_RUNTIME_TOKEN is not set/],
    [{ ACT: 'true' }, /act without an artifact server/],
  ])('%o is unavailable', (env, reason) => {
    expect(artifactUnavailableReason(env)).toMatch(reason);
  });

  it('is available on a runner', () => {
    expect(
      artifactUnavailableReason({ ACTIONS_RESULTS_URL: 'https://r', ACTIONS_RUNTIME_TOKEN: 't' }),
    ).toBeUndefined();
  });

  it('says why instead of downloading, so the caller can fall back', async () => {
    expect(await downloadImageArchive('vault-image', dir, undefined, { ACT: 'true' })).toEqual({
      unavailable: 'running under act without an artifact server (act --artifact-server-path DIR gives one)',
    });
  });
});

describe('findArchive', () => {
  it('takes the only .tar/.tar.gz, a named file, and refuses to guess between two', () => {
    const one = join(dir, 'one');
    mkdirSync(one);
    writeFileSync(join(one, 'runevault.tar.gz'), '');
    writeFileSync(join(one, 'notes.txt'), '');
    expect(findArchive(one, 'vault-image')).toBe(join(one, 'runevault.tar.gz'));
    writeFileSync(join(one, 'other.tar'), '');
    expect(() => findArchive(one, 'vault-image')).toThrow(
      'artifact vault-image holds 2 .tar/.tar.gz files (other.tar, runevault.tar.gz); name the one to load with image-archive',
    );
    expect(findArchive(one, 'vault-image', 'other.tar')).toBe(join(one, 'other.tar'));
  });
});

describe('splitTag', () => {
  it.each([
    ['runevault:ci', ['runevault', 'ci']],
    ['runevault', ['runevault', 'latest']],
    ['localhost:5000/runevault', ['localhost:5000/runevault', 'latest']],
    ['localhost:5000/runevault:1', ['localhost:5000/runevault', '1']],
  ])('%s', (reference, expected) => {
    expect(splitTag(reference)).toEqual(expected);
  });
});
