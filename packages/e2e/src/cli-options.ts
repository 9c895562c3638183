import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { E2eCase } from './cases/case.js';
import { ALL_CASES } from './cases/index.js';
import { CaseSelectionError, selectCases } from './runner.js';

export const DRIVER_CHOICES = ['docker', 'process', 'address', 'auto'] as const;
export type DriverChoice = (typeof DRIVER_CHOICES)[number];

/** An already-running vault (--driver address). */
export interface AddressTarget {
  grpcAddress: string;
  httpUrl: string;
  /** Read from the environment variable named by --token-env; never passed as a flag value. */
  token: string;
  tokenEnv: string;
  logFile?: string;
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
  address?: AddressTarget;
  /** --oidc: the started vault trusts a per-run test issuer, so case 15 runs (docker/process). */
  oidc?: true;
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
  --oidc                       make the vault trust a per-run test OIDC issuer and run case 15
                               (oidc-exchange); docker and process drivers
  -h, --help                   show this help

--driver address (an already-running vault):
  --grpc HOST:PORT             its gRPC listener
  --http URL                   its /health + /metrics listener
  --token-env NAME             environment variable holding a member token
  --log-file PATH              where it writes audit lines (audit cases read it)
  --tls-ca PATH                CA certificate when it serves TLS
`;

const ADDRESS_FLAGS = ['grpc', 'http', 'token-env', 'log-file', 'tls-ca'] as const;
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
    ...(driver === 'address' && !help ? { address: addressTarget(values, env) } : {}),
    ...(values.oidc === true ? { oidc: true as const } : {}),
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
        oidc: { type: 'boolean' },
        grpc: { type: 'string' },
        http: { type: 'string' },
        'token-env': { type: 'string' },
        'log-file': { type: 'string' },
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
  const missing = (['grpc', 'http', 'token-env'] as const).filter((f) => values[f] === undefined);
  if (missing.length > 0) {
    throw new CliUsageError(
      `--driver address needs ${missing.map((f) => `--${f}`).join(', ')} (e.g. --grpc 127.0.0.1:50051 --http http://127.0.0.1:9090 --token-env VAULT_TOKEN)`,
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
  const tokenEnv = values['token-env'] as string;
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
  for (const flag of ['log-file', 'tls-ca'] as const) {
    const path = values[flag] as string | undefined;
    if (path !== undefined && !existsSync(path)) throw new CliUsageError(`--${flag}: no such file ${path}`);
  }
  return {
    grpcAddress: grpc,
    httpUrl: url.href.replace(/\/+$/, ''),
    token,
    tokenEnv,
    ...(values['log-file'] !== undefined ? { logFile: values['log-file'] as string } : {}),
    ...(values['tls-ca'] !== undefined ? { tlsCaPath: values['tls-ca'] as string } : {}),
  };
}
