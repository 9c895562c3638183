// parseInputs of start-vault-container: defaults as in action.yml, paths against the
// workspace, and every bad value named in one message.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_HEALTH_TIMEOUT_MS,
  defaultContainerName,
  describeInputs,
  InputError,
  parseDurationMs,
  parseInputs,
} from '../../src/inputs.js';

const workspace = mkdtempSync(join(tmpdir(), 'svc-inputs-'));
mkdirSync(join(workspace, 'keys'));
writeFileSync(join(workspace, 'runevault.conf'), 'server: {}\n');
const env = { GITHUB_WORKSPACE: workspace, GITHUB_RUN_ID: '4242', GITHUB_RUN_ATTEMPT: '3' };
afterAll(() => rmSync(workspace, { recursive: true, force: true }));

function parse(given: Record<string, string>) {
  return parseInputs((name) => given[name] ?? '', env);
}

function problemsOf(given: Record<string, string>): string[] {
  try {
    parse(given);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as InputError).problems;
  }
  throw new Error('expected an InputError');
}

describe('start-vault-container inputs', () => {
  it('defaults to the carried vault image on host networking, free ports, 120 s and a ci:member token', () => {
    expect(parse({})).toEqual({
      image: '',
      imageGiven: false,
      buildContext: undefined,
      imageArchive: undefined,
      artifactName: undefined,
      config: undefined,
      keys: undefined,
      oidcJwks: undefined,
      tls: false,
      network: 'host',
      grpcPort: 0,
      httpPort: 0,
      healthTimeoutMs: DEFAULT_HEALTH_TIMEOUT_MS,
      issueToken: undefined,
      name: 'vault-ci-4242-3',
      cleanup: true,
      logsOn: 'failure',
    });
    // action.yml's default for issue-token is ci:member; here the empty input means none.
    expect(parse({ 'issue-token': 'ci:member' }).issueToken).toEqual({ user: 'ci', role: 'member' });
  });

  it('resolves paths against GITHUB_WORKSPACE and keeps absolute ones', () => {
    const inputs = parse({
      config: 'runevault.conf',
      keys: join(workspace, 'keys'),
      'build-context': '.',
      image: 'runevault:ci',
    });
    expect(inputs.config).toBe(join(workspace, 'runevault.conf'));
    expect(inputs.keys).toBe(join(workspace, 'keys'));
    expect(inputs.buildContext).toBe(workspace);
    expect(inputs).toMatchObject({ image: 'runevault:ci', imageGiven: true });
  });

  it('takes image-archive as a name inside the artifact when artifact-name is set', () => {
    const inputs = parse({ 'artifact-name': 'vault-image', 'image-archive': 'runevault.tar.gz' });
    expect(inputs).toMatchObject({ artifactName: 'vault-image', imageArchive: 'runevault.tar.gz' });
  });

  it.each([
    ['120s', 120_000],
    ['2m', 120_000],
    ['500ms', 500],
    ['90', 90_000],
    ['1.5s', 1_500],
  ])('reads health-timeout %s as %i ms', (text, ms) => {
    expect(parseDurationMs(text)).toBe(ms);
    expect(parse({ 'health-timeout': text }).healthTimeoutMs).toBe(ms);
  });

  it.each([
    [
      { network: 'overlay' },
      'input network must be host or bridge (host: loopback ports on this machine), got "overlay"',
    ],
    [
      { 'grpc-port': 'abc' },
      'input grpc-port must be a port number from 0 to 65535 (0 = a free one), got "abc"',
    ],
    [
      { 'http-port': '70000' },
      'input http-port must be a port number from 0 to 65535 (0 = a free one), got "70000"',
    ],
    [
      { 'health-timeout': 'soon' },
      'input health-timeout must be a duration such as 120s, 2m or 500ms, got "soon"',
    ],
    [
      { 'health-timeout': '0s' },
      'input health-timeout must be a duration such as 120s, 2m or 500ms, got "0s"',
    ],
    [
      { 'issue-token': 'ci' },
      'input issue-token must be user:role (e.g. ci:member) or empty for no token, got "ci"',
    ],
    [{ 'logs-on': 'sometimes' }, 'input logs-on must be failure or always or never, got "sometimes"'],
    [{ cleanup: 'yes' }, 'input cleanup must be true or false, got "yes"'],
    [{ name: '-bad name' }, 'input name must be a container name'],
    [
      { 'grpc-port': '5000', 'http-port': '5000' },
      'inputs grpc-port and http-port must differ, both are 5000',
    ],
    [{ config: 'missing.conf' }, `input config: ${join(workspace, 'missing.conf')} does not exist`],
    [{ keys: 'runevault.conf' }, `input keys: ${join(workspace, 'runevault.conf')} is not a directory`],
    [{ 'image-archive': 'image.tar' }, `input image-archive: ${join(workspace, 'image.tar')} does not exist`],
  ])('rejects %o', (given, expected) => {
    const problems = problemsOf(given);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(expected);
  });

  it('names every problem at once, in one line', () => {
    try {
      parse({ network: 'overlay', 'grpc-port': 'abc', 'health-timeout': 'soon' });
      expect.unreachable();
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toMatch(
        /^start-vault-container: input health-timeout .*; input network .*; input grpc-port /,
      );
      expect(message).not.toContain('\n');
    }
  });

  it('names the container after the run and attempt, or uniquely outside a runner', () => {
    expect(defaultContainerName({ GITHUB_RUN_ID: '7', GITHUB_RUN_ATTEMPT: '2' })).toBe('vault-ci-7-2');
    expect(defaultContainerName({})).toMatch(/^vault-ci-local[0-9a-z]+-1$/);
  });

  it('says in one line what main is about to start', () => {
    expect(describeInputs(parse({ 'grpc-port': '50051' }))).toBe(
      'starting container vault-ci-4242-3 from the image of the vault this action carries, network host, gRPC on port 50051, ' +
        'HTTP on a free port, health timeout 120 s',
    );
    expect(describeInputs(parse({ image: 'ghcr.io/o/runevault:1.2.3' }))).toMatch(
      /^starting container vault-ci-4242-3 from image ghcr\.io\/o\/runevault:1\.2\.3, /,
    );
    expect(describeInputs(parse({ tls: 'true' }))).toMatch(/, gRPC over TLS on a free port, /);
  });

  it('tls is a boolean, off unless asked for', () => {
    expect(parse({ tls: 'true' }).tls).toBe(true);
    expect(parse({ tls: 'false' }).tls).toBe(false);
    expect(problemsOf({ tls: 'yes please' }).join('\n')).toMatch(/input tls/);
  });
});
