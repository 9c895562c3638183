import { existsSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { E2eCase } from './cases/case.js';
import { ALL_CASES } from './cases/index.js';
import { parseQuarantine, type QuarantineEntry, QuarantineError } from './quarantine.js';
import { CaseSelectionError, MAX_RETRIES, selectCases } from './runner.js';

const DRIVER_CHOICES = ['docker', 'process', 'address', 'auto'] as const;
type DriverChoice = (typeof DRIVER_CHOICES)[number];

/** An already-running vault (--driver address). */
interface AddressTarget {
  grpcAddress: string;
  httpUrl: string;
  /**
   * Read from the environment variable named by --token-env; never passed as a flag value.
   * Absent when admin access is given: the driver issues one.
   */
  token?: string;
  tokenEnv?: string;
  /** --admin-socket: the vault's admin socket on this host. */
  adminSocket?: string;
  /** --admin-command: a shell command line that runs the vault's runevault CLI. */
  adminCommand?: string;
  logFile?: string;
  /** --log-command: a shell command line that prints the vault's log so far. */
  logCommand?: string;
  tlsCaPath?: string;
}

export interface CliOptions {
  /** `auto` with --grpc given resolves to `address` here; otherwise the CLI decides. */
  driver: DriverChoice;
  cases: string[];
  exclude: string[];
  junitPath?: string;
  /** --summary, or $GITHUB_STEP_SUMMARY when set. */
  summaryPath?: string;
  keep: boolean;
  json: boolean;
  timeoutPerCaseMs?: number;
  /** --retries: runs of a failed case after its first (0-5). */
  retries: number;
  /** --fail-on-flaky: a case that passed only on a retry fails the run. */
  failOnFlaky: boolean;
  /** --quarantine 'case: reason' (repeatable): failures reported, not failing the run. */
  quarantine: QuarantineEntry[];
  address?: AddressTarget;
  /**
   * The vault this run starts (docker, process) serves gRPC over TLS with a certificate made
   * for the run, so case 16 runs; --no-tls for plaintext. Always false for --driver address.
   */
  tls: boolean;
  /** It trusts a per-run test OIDC issuer, so case 15 runs; --no-oidc opts out. */
  oidc: boolean;
  help: boolean;
}

/** A bad command line; the message names the flag, the value and what is accepted. */
export class CliUsageError extends Error {
  override name = 'CliUsageError';
}

export const CLI_USAGE = `Usage: vault-e2e [options]

Runs the runevault end-to-end cases against a vault and reports the results.

Options:
  --driver docker|process|address|auto   how to get a vault (default auto)
  --cases a,b                  only these cases (names or numbers)
  --exclude a,b                skip these cases
  --junit PATH                 write a JUnit XML report
  --summary PATH               append a Markdown summary (default $GITHUB_STEP_SUMMARY)
  --keep                       leave the vault running afterwards
  --json                       print the results as JSON on stdout (the report goes to stderr)
  --timeout-per-case 30s       one deadline for every case (ms, s or m)
  --retries N                  run a failed case up to N more times (0-5, default 0); one
                               that then passes is reported flaky and does not fail the run
  --fail-on-flaky              a flaky case fails the run too
  --quarantine 'CASE: REASON'  run CASE but do not fail the run on its failure (repeatable;
                               the reason is shown in every report)
  --no-tls                     serve plaintext gRPC (default: TLS with a certificate made for
                               the run, so case 16 tls runs); docker and process drivers
  --no-oidc                    do not trust a per-run test OIDC issuer (default: trust one, so
                               case 15 oidc-exchange runs); docker and process drivers
  -h, --help                   show this help

--driver address (an already-running vault, possibly behind a proxy):
  --grpc HOST:PORT             its gRPC listener
  --http URL                   its /health + /metrics listener
  --token-env NAME             environment variable holding a member token (optional with
                               admin access: one is issued)
  --admin-socket PATH          its admin socket on this host: issues the tokens and roles
                               cases 7, 12, 13, 14 and 17 need
  --admin-command 'CMD'        or a command line that runs its runevault CLI with admin
                               rights, e.g. 'docker exec CONTAINER runevault' or
                               'ssh HOST sudo runevault'; the suite appends
                               'token issue --user U --role R --json' / 'role create ...'
  --log-file PATH              where it writes audit lines (cases 7, 8, 14 read it)
  --log-command 'CMD'          or a command line that prints its log so far, e.g.
                               'docker logs CONTAINER' or 'ssh HOST cat /var/log/vault.log'
  --tls-ca PATH                CA certificate when it serves TLS
Without admin access or a log source, the cases that need them fail and say which flag to add.
`;

const ADDRESS_FLAGS = [
  'grpc',
  'http',
  'token-env',
  'admin-socket',
  'admin-command',
  'log-file',
  'log-command',
  'tls-ca',
] as const;
const HINT = 'run vault-e2e --help for the accepted flags';

/** Parses `vault-e2e` flags (argv without node and script). Throws CliUsageError. */
export function parseCliOptions(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  cases: readonly E2eCase[] = ALL_CASES,
): CliOptions {
  const { values } = parseFlags(argv);
  const help = values.help === true;

  const driverFlag = values.driver ?? 'auto';
  if (!(DRIVER_CHOICES as readonly string[]).includes(driverFlag)) {
    throw new CliUsageError(
      `--driver: unknown driver "${driverFlag}"; use one of ${DRIVER_CHOICES.join(', ')}`,
    );
  }
  const givenAddressFlags = ADDRESS_FLAGS.filter((f) => values[f] !== undefined);
  // Endpoints on the command line can only mean an already-running vault.
  const driver: DriverChoice =
    driverFlag === 'auto' && values.grpc !== undefined ? 'address' : (driverFlag as DriverChoice);
  if (driver !== 'address' && givenAddressFlags.length > 0) {
    throw new CliUsageError(
      `${givenAddressFlags.map((f) => `--${f}`).join(', ')} apply only to --driver address (got --driver ${driverFlag})`,
    );
  }

  for (const flag of ['tls', 'oidc'] as const) {
    if (values[flag] === true && values[`no-${flag}`] === true) {
      throw new CliUsageError(`--${flag} and --no-${flag} contradict each other; give one of them`);
    }
  }
  if (values.tls === true && driver === 'address') {
    throw new CliUsageError(
      '--tls applies to the docker and process drivers (the vault this run starts); for an address vault that serves TLS give its CA with --tls-ca PATH',
    );
  }
  if (values.oidc === true && driver === 'address') {
    throw new CliUsageError(
      '--oidc applies to the docker and process drivers (the vault this run starts); an address vault needs tokens from the issuer it trusts (the run-e2e-suite action takes them as oidc-token)',
    );
  }

  const caseList = splitList(values.cases);
  const excludeList = splitList(values.exclude);
  checkSelection('--cases', () => selectCases(cases, caseList));
  checkSelection('--exclude', () => selectCases(cases, [], excludeList));
  if (selectCases(cases, caseList, excludeList).length === 0) {
    throw new CliUsageError('--cases and --exclude together select no case; drop one of the exclusions');
  }

  const summaryPath = values.summary ?? (env.GITHUB_STEP_SUMMARY || undefined);
  return {
    driver,
    cases: caseList,
    exclude: excludeList,
    ...(values.junit !== undefined ? { junitPath: nonEmpty('--junit', values.junit) } : {}),
    ...(summaryPath !== undefined ? { summaryPath: nonEmpty('--summary', summaryPath) } : {}),
    keep: values.keep === true,
    json: values.json === true,
    ...(values['timeout-per-case'] !== undefined
      ? { timeoutPerCaseMs: parseDuration('--timeout-per-case', values['timeout-per-case']) }
      : {}),
    retries: parseRetries(values.retries),
    failOnFlaky: values['fail-on-flaky'] === true,
    quarantine: parseQuarantineFlags(values.quarantine ?? [], cases),
    ...(driver === 'address' && !help ? { address: addressTarget(values, env) } : {}),
    // Both by default, so a newcomer's run skips nothing; a vault given by address is as it is.
    tls: driver !== 'address' && values['no-tls'] !== true,
    oidc: driver !== 'address' && values['no-oidc'] !== true,
    help,
  };
}

function parseFlags(argv: readonly string[]) {
  try {
    return parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        driver: { type: 'string' },
        cases: { type: 'string', multiple: true },
        exclude: { type: 'string', multiple: true },
        junit: { type: 'string' },
        summary: { type: 'string' },
        keep: { type: 'boolean' },
        json: { type: 'boolean' },
        'timeout-per-case': { type: 'string' },
        retries: { type: 'string' },
        'fail-on-flaky': { type: 'boolean' },
        quarantine: { type: 'string', multiple: true },
        tls: { type: 'boolean' },
        'no-tls': { type: 'boolean' },
        oidc: { type: 'boolean' },
        'no-oidc': { type: 'boolean' },
        grpc: { type: 'string' },
        http: { type: 'string' },
        'token-env': { type: 'string' },
        'admin-socket': { type: 'string' },
        'admin-command': { type: 'string' },
        'log-file': { type: 'string' },
        'log-command': { type: 'string' },
        'tls-ca': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    const message = (error as Error).message;
    // A token on the command line ends up in shell history and process lists.
    if (/'--token'/.test(message)) {
      throw new CliUsageError(
        '--token is not accepted: put the token in an environment variable and pass --token-env NAME',
      );
    }
    throw new CliUsageError(`${message}; ${HINT}`);
  }
}

function splitList(values: string[] | undefined): string[] {
  return (values ?? [])
    .flatMap((v) => v.split(','))
    .map((s) => s.trim())
    .filter(Boolean);
}

function parseRetries(text: string | undefined): number {
  if (text === undefined) return 0;
  if (!/^\d$/.test(text.trim()) || Number(text) > MAX_RETRIES) {
    throw new CliUsageError(
      `--retries: "${text}" is not a number of retries; use a whole number from 0 to ${MAX_RETRIES}`,
    );
  }
  return Number(text);
}

function parseQuarantineFlags(values: string[], cases: readonly E2eCase[]): QuarantineEntry[] {
  try {
    return parseQuarantine(values, cases);
  } catch (error) {
    if (error instanceof QuarantineError) {
      throw new CliUsageError(
        `--quarantine: ${error.message.replace(/"case-name: reason" per line/, "'CASE: REASON' per flag")}`,
      );
    }
    throw error;
  }
}

function checkSelection(flag: string, select: () => unknown): void {
  try {
    select();
  } catch (error) {
    if (error instanceof CaseSelectionError) throw new CliUsageError(`${flag}: ${error.message}`);
    throw error;
  }
}

function nonEmpty(flag: string, value: string): string {
  if (value.trim() === '') throw new CliUsageError(`${flag}: needs a non-empty path`);
  return value;
}

/** "500ms", "30s", "2m" → milliseconds. */
export function parseDuration(flag: string, text: string): number {
  const match = /^(\d+)(ms|s|m)$/.exec(text.trim());
  const amount = Number(match?.[1]);
  if (!match || !(amount > 0)) {
    throw new CliUsageError(
      `${flag}: "${text}" is not a duration; use a positive number with ms, s or m (e.g. 30s)`,
    );
  }
  return amount * { ms: 1, s: 1_000, m: 60_000 }[match[2] as 'ms' | 's' | 'm'];
}

function addressTarget(
  values: Record<string, string | boolean | string[] | undefined>,
  env: NodeJS.ProcessEnv,
) {
  for (const [a, b] of [
    ['admin-socket', 'admin-command'],
    ['log-file', 'log-command'],
  ] as const) {
    if (values[a] !== undefined && values[b] !== undefined) {
      throw new CliUsageError(`--${a} and --${b} are two ways to give the same thing; pass one of them`);
    }
  }
  const hasAdmin = values['admin-socket'] !== undefined || values['admin-command'] !== undefined;
  const missing = (['grpc', 'http'] as const).filter((f) => values[f] === undefined);
  if (missing.length > 0 || (values['token-env'] === undefined && !hasAdmin)) {
    const needs = [
      ...missing.map((f) => `--${f}`),
      ...(values['token-env'] === undefined && !hasAdmin
        ? ['--token-env (or --admin-socket / --admin-command to issue a token)']
        : []),
    ];
    throw new CliUsageError(
      `--driver address needs ${needs.join(', ')} (e.g. --grpc 127.0.0.1:50051 --http http://127.0.0.1:9090 --token-env VAULT_TOKEN)`,
    );
  }
  const grpc = values.grpc as string;
  const hostPort = /^(\[[0-9a-fA-F:.]+\]|[^\s:/[\]]+):(\d{1,5})$/.exec(grpc);
  if (!hostPort || Number(hostPort[2]) < 1 || Number(hostPort[2]) > 65_535) {
    throw new CliUsageError(`--grpc: "${grpc}" is not HOST:PORT (e.g. 127.0.0.1:50051 or [::1]:50051)`);
  }
  const http = values.http as string;
  let url: URL;
  try {
    url = new URL(http);
  } catch {
    throw new CliUsageError(`--http: "${http}" is not a URL; use http://HOST:PORT`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new CliUsageError(`--http: "${http}" must start with http:// or https://`);
  }
  const tokenEnv = values['token-env'] as string | undefined;
  const token = tokenEnv === undefined ? undefined : tokenFromEnv(tokenEnv, env);
  for (const flag of ['log-file', 'tls-ca'] as const) {
    const path = values[flag] as string | undefined;
    if (path !== undefined && !existsSync(path)) throw new CliUsageError(`--${flag}: no such file ${path}`);
  }
  const adminSocket = values['admin-socket'] as string | undefined;
  if (adminSocket !== undefined) checkSocket(adminSocket);
  const adminCommand = commandLine('--admin-command', values['admin-command'] as string | undefined);
  const logCommand = commandLine('--log-command', values['log-command'] as string | undefined);
  return {
    grpcAddress: grpc,
    httpUrl: url.href.replace(/\/+$/, ''),
    ...(token !== undefined ? { token, tokenEnv } : {}),
    ...(adminSocket !== undefined ? { adminSocket } : {}),
    ...(adminCommand !== undefined ? { adminCommand } : {}),
    ...(values['log-file'] !== undefined ? { logFile: values['log-file'] as string } : {}),
    ...(logCommand !== undefined ? { logCommand } : {}),
    ...(values['tls-ca'] !== undefined ? { tlsCaPath: values['tls-ca'] as string } : {}),
  };
}

function tokenFromEnv(tokenEnv: string, env: NodeJS.ProcessEnv): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(tokenEnv)) {
    throw new CliUsageError(
      `--token-env: "${tokenEnv}" is not an environment variable name (e.g. VAULT_TOKEN)`,
    );
  }
  const token = env[tokenEnv]?.trim();
  if (!token) {
    throw new CliUsageError(
      `--token-env: environment variable ${tokenEnv} is not set or empty; export a member token in it`,
    );
  }
  return token;
}

function checkSocket(path: string): void {
  let isSocket: boolean;
  try {
    isSocket = statSync(path).isSocket();
  } catch {
    throw new CliUsageError(
      `--admin-socket: no such socket ${JSON.stringify(path)}; give the admin socket of the running vault (server.admin.socket in its config)`,
    );
  }
  if (!isSocket) {
    throw new CliUsageError(
      `--admin-socket: ${JSON.stringify(path)} is not a Unix socket; give the admin socket of the running vault (server.admin.socket in its config)`,
    );
  }
}

/** A command line as given, or undefined; blank is a usage error (it would run nothing). */
function commandLine(flag: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (value.trim() === '') {
    throw new CliUsageError(`${flag}: needs a command line (e.g. 'docker exec CONTAINER runevault')`);
  }
  return value;
}
