import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError, parseCaseList, parseInputs, parseSuiteOptions } from '../../src/inputs.js';
import { SECRET_INPUTS } from '../../src/secret-inputs.js';

const workspace = mkdtempSync(join(tmpdir(), 'run-e2e-suite-inputs-'));
afterAll(() => rmSync(workspace, { recursive: true, force: true }));
const env = { GITHUB_WORKSPACE: workspace };
const TOKEN = `evt_${'ab'.repeat(16)}`;
const REQUIRED = {
  'grpc-endpoint': '127.0.0.1:50051',
  'http-endpoint': 'http://127.0.0.1:9090',
  token: TOKEN,
};
const inputsOf = (given: Record<string, string>) => (name: string) => given[name] ?? '';

function problemsOf(given: Record<string, string>): string[] {
  try {
    parseInputs(inputsOf(given), env);
  } catch (error) {
    if (error instanceof InputError) return error.problems;
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('run-e2e-suite parseInputs', () => {
  it('gives the documented defaults for the optional inputs', () => {
    expect(parseInputs(inputsOf(REQUIRED), env)).toEqual({
      grpcEndpoint: '127.0.0.1:50051',
      httpEndpoint: 'http://127.0.0.1:9090',
      token: TOKEN,
      container: undefined,
      logFile: undefined,
      adminSocket: undefined,
      cases: [],
      exclude: [],
      timeoutPerCaseMs: 30_000,
      tlsCa: undefined,
      junitPath: join(workspace, 'e2e-junit.xml'),
      summary: true,
      oidcToken: undefined,
      oidcNegativeTokensFile: undefined,
      retries: 0,
      failOnFlaky: false,
      quarantine: [],
    });
  });

  it('resolves paths against GITHUB_WORKSPACE and reads lists, durations and booleans', () => {
    writeFileSync(join(workspace, 'vault.log'), '');
    writeFileSync(join(workspace, 'ca.pem'), '');
    writeFileSync(join(workspace, 'negatives.json'), '{}');
    const parsed = parseInputs(
      inputsOf({
        ...REQUIRED,
        'http-endpoint': 'https://vault.local:9443/',
        container: 'vault-ci-1-1',
        'log-file': 'vault.log',
        'tls-ca': join(workspace, 'ca.pem'),
        cases: '1, public-key\n03-reflection',
        exclude: 'rate-limit',
        'timeout-per-case': '1500ms',
        'junit-path': 'reports/e2e.xml',
        summary: 'False',
        'oidc-token': 'eyJ.header.sig',
        'oidc-negative-tokens-file': 'negatives.json',
      }),
      env,
    );
    expect(parsed).toMatchObject({
      httpEndpoint: 'https://vault.local:9443',
      container: 'vault-ci-1-1',
      logFile: join(workspace, 'vault.log'),
      tlsCa: join(workspace, 'ca.pem'),
      cases: ['1', 'public-key', '03-reflection'],
      exclude: ['rate-limit'],
      timeoutPerCaseMs: 1500,
      junitPath: join(workspace, 'reports/e2e.xml'),
      summary: false,
      oidcToken: 'eyJ.header.sig',
      oidcNegativeTokensFile: join(workspace, 'negatives.json'),
    });
  });

  it('trusts the CA start-vault-container exported when tls-ca is empty; an input tls-ca wins', () => {
    const exported = join(workspace, 'exported-ca.pem');
    writeFileSync(exported, '');
    writeFileSync(join(workspace, 'given-ca.pem'), '');
    const withExport = { ...env, RUNEVAULT_TLS_CA: exported };
    expect(parseInputs(inputsOf(REQUIRED), withExport).tlsCa).toBe(exported);
    expect(parseInputs(inputsOf({ ...REQUIRED, 'tls-ca': 'given-ca.pem' }), withExport).tlsCa).toBe(
      join(workspace, 'given-ca.pem'),
    );
    // The root action starts its own vault: an export of another step's vault is not its CA.
    expect(parseSuiteOptions(inputsOf({}), withExport).tlsCa).toBeUndefined();
    const gone = join(workspace, 'no-such-ca.pem');
    expect(() => parseInputs(inputsOf(REQUIRED), { ...env, RUNEVAULT_TLS_CA: gone })).toThrow(
      /RUNEVAULT_TLS_CA \(exported by start-vault-container\) names .*no-such-ca\.pem, which no longer exists/,
    );
  });

  it('lets a container or an admin socket stand in for the token', () => {
    const socket = join(workspace, 'admin.sock');
    writeFileSync(socket, '');
    const { token: _token, ...noToken } = REQUIRED;
    expect(parseInputs(inputsOf({ ...noToken, container: 'c1' }), env).token).toBeUndefined();
    expect(parseInputs(inputsOf({ ...noToken, 'admin-socket': socket }), env).adminSocket).toBe(socket);
    expect(problemsOf(noToken)).toEqual([
      "input token is required unless container or admin-socket is given to issue one (start-vault-container's token output)",
    ]);
  });

  it('names every valid case when a name is unknown', () => {
    const [problem, ...rest] = problemsOf({ ...REQUIRED, cases: 'health,nope', exclude: '99' });
    expect(rest).toEqual([]);
    expect(problem).toMatch(
      /^input cases\/exclude: unknown cases "nope", "99"; valid cases \(name or number\): /,
    );
    expect(problem).toContain('1 health');
    expect(problem).toContain('16 tls');
  });

  it('refuses a selection that leaves nothing to run', () => {
    expect(problemsOf({ ...REQUIRED, cases: 'health', exclude: '1' })).toEqual([
      'inputs cases and exclude together select no case; drop one of the exclusions',
    ]);
  });

  it('wants oidc-token with the negatives file: case 15 exchanges it first', () => {
    writeFileSync(join(workspace, 'negatives.json'), '{}');
    expect(problemsOf({ ...REQUIRED, 'oidc-negative-tokens-file': 'negatives.json' })).toEqual([
      "input oidc-negative-tokens-file needs oidc-token too: case 15 first exchanges a token the vault must accept (mint-test-oidc's token output)",
    ]);
  });

  it('collects every problem into one error', () => {
    const problems = problemsOf({
      'grpc-endpoint': 'http://127.0.0.1:50051',
      'http-endpoint': '127.0.0.1:9090',
      token: 'two words',
      'timeout-per-case': '30',
      summary: 'yes',
      'log-file': 'missing.log',
    });
    expect(problems).toEqual([
      'input grpc-endpoint must be HOST:PORT (e.g. 127.0.0.1:50051), got "http://127.0.0.1:50051"',
      'input http-endpoint must be an http:// or https:// URL (e.g. http://127.0.0.1:9090), got "127.0.0.1:9090"',
      'input token must be a single word without spaces (e.g. evt_ and 32 hex characters)',
      `input log-file: no such file ${join(workspace, 'missing.log')}`,
      'input timeout-per-case: "30" is not a duration; use a positive number with ms, s or m (e.g. 30s)',
      'input summary must be true or false, got "yes"',
    ]);
    expect(() => parseInputs(inputsOf({}), env)).toThrow(
      /^run-e2e-suite: input grpc-endpoint is required .*; input http-endpoint is required .*; input token is required/,
    );
  });

  it('parses the suite options alone for a caller that brings its own vault', () => {
    expect(parseSuiteOptions(inputsOf({ cases: 'health', summary: 'false' }), env)).toEqual({
      cases: ['health'],
      exclude: [],
      timeoutPerCaseMs: 30_000,
      tlsCa: undefined,
      junitPath: join(workspace, 'e2e-junit.xml'),
      summary: false,
      oidcToken: undefined,
      oidcNegativeTokensFile: undefined,
      retries: 0,
      failOnFlaky: false,
      quarantine: [],
    });
    expect(() => parseSuiteOptions(inputsOf({ cases: 'bogus' }), env)).toThrow(
      /^run-e2e-suite: input cases\/exclude: unknown case "bogus"; valid cases/,
    );
  });

  it('never quotes the token in a problem', () => {
    const problems = problemsOf({ ...REQUIRED, token: `${TOKEN} extra`, cases: 'nope' });
    expect(problems.join(' ')).not.toContain(TOKEN);
  });

  it('lists the secret inputs main masks first', () => {
    expect(SECRET_INPUTS).toEqual(['token', 'oidc-token']);
  });
});

describe('parseCaseList', () => {
  it.each([
    ['all', []],
    ['ALL', []],
    ['', []],
    [' 1 ,2,\n\n health ', ['1', '2', 'health']],
    ['all,1', ['all', '1']],
  ])('%j → %j', (value, expected) => {
    expect(parseCaseList(value)).toEqual(expected);
  });
});

describe('run-e2e-suite retries, fail-on-flaky and quarantine inputs', () => {
  it('reads them, a quarantine as case-name: reason lines', () => {
    const parsed = parseInputs(
      inputsOf({
        ...REQUIRED,
        retries: '2',
        'fail-on-flaky': 'true',
        quarantine: 'public-key: flaky upstream, #12\n\n# not yet\n8: audit shipper lags\r\n',
      }),
      env,
    );
    expect(parsed).toMatchObject({
      retries: 2,
      failOnFlaky: true,
      quarantine: [
        { selector: 'public-key', reason: 'flaky upstream, #12' },
        { selector: '8', reason: 'audit shipper lags' },
      ],
    });
  });

  it('names each bad value in one error: retries out of range, an unknown case, a missing reason', () => {
    const problems = problemsOf({
      ...REQUIRED,
      retries: '6',
      'fail-on-flaky': 'yes',
      quarantine: 'nope##[x]: why\npublic-key',
    });
    expect(problems).toEqual([
      'input retries must be a whole number from 0 to 5 (runs of a failed case after its first), got "6"',
      'input fail-on-flaky must be true or false, got "yes"',
      expect.stringMatching(
        /^input quarantine: quarantine entry 1: unknown case "nope##\\u005bx\]"; quarantine entry 2: "public-key" has no reason; .*valid cases, name or number: 1 health, /,
      ),
    ]);
    expect(problemsOf({ ...REQUIRED, retries: '-1' })[0]).toMatch(/^input retries must be a whole number/);
  });
});
