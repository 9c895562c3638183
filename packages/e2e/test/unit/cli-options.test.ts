import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CliUsageError, parseCliOptions, parseDuration } from '../../src/cli-options.js';

const TOKEN = `evt_${'c'.repeat(32)}`;
const ADDRESS = [
  '--driver',
  'address',
  '--grpc',
  '127.0.0.1:50051',
  '--http',
  'http://127.0.0.1:9090/',
  '--token-env',
  'VT',
];

function usageError(argv: string[], env: NodeJS.ProcessEnv = {}): string {
  try {
    parseCliOptions(argv, env);
  } catch (error) {
    if (error instanceof CliUsageError) return error.message;
    throw error;
  }
  throw new Error('expected a CliUsageError');
}

const made: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'e2e-cli-'));
  made.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

describe('parseCliOptions', () => {
  it('defaults: auto driver, all cases, no reports', () => {
    expect(parseCliOptions([], {})).toEqual({
      driver: 'auto',
      cases: [],
      exclude: [],
      keep: false,
      json: false,
      retries: 0,
      failOnFlaky: false,
      quarantine: [],
      tls: true,
      oidc: true,
      help: false,
    });
  });

  it('reads every flag', () => {
    const options = parseCliOptions(
      [
        '--driver',
        'docker',
        '--cases',
        'health, 3',
        '--cases',
        'audit-log',
        '--exclude=tls',
        '--junit',
        'out/junit.xml',
        '--summary',
        's.md',
        '--keep',
        '--json',
        '--timeout-per-case',
        '30s',
      ],
      { GITHUB_STEP_SUMMARY: '/ignored/when/flag/given' },
    );
    expect(options).toEqual({
      driver: 'docker',
      cases: ['health', '3', 'audit-log'],
      exclude: ['tls'],
      junitPath: 'out/junit.xml',
      summaryPath: 's.md',
      keep: true,
      json: true,
      timeoutPerCaseMs: 30_000,
      retries: 0,
      failOnFlaky: false,
      quarantine: [],
      tls: true,
      oidc: true,
      help: false,
    });
  });

  it('writes the summary to $GITHUB_STEP_SUMMARY when no --summary is given', () => {
    expect(parseCliOptions([], { GITHUB_STEP_SUMMARY: '/gh/summary' }).summaryPath).toBe('/gh/summary');
    expect(parseCliOptions([], { GITHUB_STEP_SUMMARY: '' }).summaryPath).toBeUndefined();
  });

  it('names the flag and the accepted values on bad input', () => {
    expect(usageError(['--driver', 'k8s'])).toBe(
      '--driver: unknown driver "k8s"; use one of docker, process, address, auto',
    );
    expect(usageError(['--timeout-per-case', '30'])).toMatch(
      /^--timeout-per-case: "30" is not a duration; use .*ms, s or m/,
    );
    expect(usageError(['--cases', 'helth'])).toMatch(
      /^--cases: unknown case "helth"; valid cases .*1 health, 2 metrics/,
    );
    expect(usageError(['--exclude', '99'])).toMatch(/^--exclude: unknown case "99"/);
    expect(usageError(['--cases', 'health', '--exclude', '1'])).toMatch(/select no case/);
    expect(usageError(['--verbose'])).toMatch(/Unknown option '--verbose'.*vault-e2e --help/);
    expect(usageError(['--junit'])).toMatch(/--junit/);
    expect(usageError(['stray'])).toMatch(/stray/);
  });

  it('refuses a token as a flag value and points at --token-env', () => {
    expect(usageError(['--token', TOKEN])).toBe(
      '--token is not accepted: put the token in an environment variable and pass --token-env NAME',
    );
  });

  describe('--driver address', () => {
    it('reads the endpoints and takes the token from the named environment variable', () => {
      const dir = tempDir();
      const ca = join(dir, 'ca.pem');
      const log = join(dir, 'audit.log');
      writeFileSync(ca, 'pem');
      writeFileSync(log, '');
      const options = parseCliOptions([...ADDRESS, '--log-file', log, '--tls-ca', ca], { VT: ` ${TOKEN}\n` });
      expect(options.driver).toBe('address');
      expect(options.address).toEqual({
        grpcAddress: '127.0.0.1:50051',
        httpUrl: 'http://127.0.0.1:9090',
        token: TOKEN,
        tokenEnv: 'VT',
        logFile: log,
        tlsCaPath: ca,
      });
    });

    it('auto with --grpc means address', () => {
      const options = parseCliOptions(ADDRESS.slice(2), { VT: TOKEN });
      expect(options.driver).toBe('address');
    });

    it('says what is missing or wrong', () => {
      expect(usageError(['--driver', 'address', '--grpc', 'h:1'])).toMatch(
        /^--driver address needs --http, --token-env \(or --admin-socket \/ --admin-command to issue a token\) \(e\.g\./,
      );
      expect(usageError(ADDRESS, {})).toBe(
        '--token-env: environment variable VT is not set or empty; export a member token in it',
      );
      expect(usageError([...ADDRESS.slice(0, 3), 'localhost', ...ADDRESS.slice(4)], { VT: TOKEN })).toMatch(
        /^--grpc: "localhost" is not HOST:PORT/,
      );
      expect(usageError([...ADDRESS.slice(0, 3), 'h:70000', ...ADDRESS.slice(4)], { VT: TOKEN })).toMatch(
        /^--grpc/,
      );
      expect(usageError([...ADDRESS.slice(0, 5), 'ftp://x', ...ADDRESS.slice(6)], { VT: TOKEN })).toBe(
        '--http: "ftp://x" must start with http:// or https://',
      );
      expect(usageError([...ADDRESS.slice(0, 5), 'nope', ...ADDRESS.slice(6)], { VT: TOKEN })).toMatch(
        /^--http: "nope" is not a URL/,
      );
      expect(usageError([...ADDRESS, '--tls-ca', '/no/such/ca.pem'], { VT: TOKEN })).toBe(
        '--tls-ca: no such file /no/such/ca.pem',
      );
      expect(usageError([...ADDRESS.slice(0, 7), 'bad-name'], { 'bad-name': TOKEN })).toMatch(
        /^--token-env: "bad-name" is not/,
      );
    });

    it('accepts an IPv6 gRPC address', () => {
      const argv = [...ADDRESS.slice(0, 3), '[::1]:50051', ...ADDRESS.slice(4)];
      expect(parseCliOptions(argv, { VT: TOKEN }).address?.grpcAddress).toBe('[::1]:50051');
    });

    it('rejects address flags for other drivers', () => {
      expect(usageError(['--driver', 'docker', '--grpc', 'h:1', '--log-file', 'x'])).toBe(
        '--grpc, --log-file apply only to --driver address (got --driver docker)',
      );
    });
  });
});

describe('parseDuration', () => {
  it('reads ms, s and m', () => {
    expect(parseDuration('--x', '500ms')).toBe(500);
    expect(parseDuration('--x', '45s')).toBe(45_000);
    expect(parseDuration('--x', '2m')).toBe(120_000);
    expect(() => parseDuration('--x', '0s')).toThrow(CliUsageError);
    expect(() => parseDuration('--x', '1h')).toThrow(/^--x: "1h" is not a duration/);
  });
});

describe('parseCliOptions retries and quarantine', () => {
  it('reads --retries, --fail-on-flaky and repeated --quarantine', () => {
    const options = parseCliOptions(
      ['--retries', '3', '--fail-on-flaky', '--quarantine', 'health: known', '--quarantine=7: slow shipper'],
      {},
    );
    expect(options).toMatchObject({
      retries: 3,
      failOnFlaky: true,
      quarantine: [
        { selector: 'health', reason: 'known' },
        { selector: '7', reason: 'slow shipper' },
      ],
    });
  });

  it('names the flag, the value and what is accepted', () => {
    expect(usageError(['--retries', '9'])).toBe(
      '--retries: "9" is not a number of retries; use a whole number from 0 to 5',
    );
    expect(usageError(['--quarantine', 'health'])).toMatch(
      /^--quarantine: quarantine entry 1: "health" has no reason; .*\(one 'CASE: REASON' per flag; valid cases/,
    );
  });
});
