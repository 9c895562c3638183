// The action's inputs, parsed and checked before the vault is contacted. Every problem is
// collected, so one `::error::` line tells the user everything to fix in one edit.
import { existsSync } from 'node:fs';
import {
  ALL_CASES,
  type E2eCase,
  MAX_RETRIES,
  parseDuration,
  parseQuarantine,
  type QuarantineEntry,
  QuarantineError,
  selectCases,
} from '@runevault/e2e/suite';
import { InputError, InputReader, inWorkspace } from '../../common/src/action-inputs.js';
import { logSafe, quoteInput } from '../../common/src/log-safe.js';

/** Where the vault is and how to reach its admin CLI and log. */
interface VaultTargetInputs {
  /** HOST:PORT. */
  grpcEndpoint: string;
  /** http(s)://HOST:PORT, no trailing slash. */
  httpEndpoint: string;
  /** Undefined: issue one through container or adminSocket. Already masked by the caller. */
  token: string | undefined;
  container: string | undefined;
  /** Absolute. */
  logFile: string | undefined;
  /** Absolute. */
  adminSocket: string | undefined;
}

/** What to run and how to report it: the part the root action shares, with its own vault. */
export interface SuiteOptionInputs {
  /** Empty: all. */
  cases: string[];
  exclude: string[];
  timeoutPerCaseMs: number;
  /** Absolute. */
  tlsCa: string | undefined;
  /** Absolute. */
  junitPath: string;
  summary: boolean;
  /** Already masked by the caller. */
  oidcToken: string | undefined;
  /** Absolute. */
  oidcNegativeTokensFile: string | undefined;
  /** Runs of a failed case after its first (0-5; absent: 0). */
  retries?: number;
  /** A flaky case (passed on a retry) fails the step (absent: false). */
  failOnFlaky?: boolean;
  /** Cases whose failure is reported but does not fail the step, each with its reason. */
  quarantine?: QuarantineEntry[];
}

export type RunE2eSuiteInputs = VaultTargetInputs & SuiteOptionInputs;

export { InputError };

/** "all" or nothing → []; otherwise entries separated by commas or newlines. */
export function parseCaseList(value: string): string[] {
  const entries = value
    .split(/[,\n]/)
    .map((entry) => entry.trim())
    .filter(Boolean);
  return entries.length === 1 && entries[0]?.toLowerCase() === 'all' ? [] : entries;
}

/**
 * `getInput` returns '' for an input that is neither given nor defaulted, as core.getInput
 * does. Relative paths resolve against GITHUB_WORKSPACE, where the runner starts steps.
 */
export function parseInputs(
  getInput: (name: string) => string,
  env: NodeJS.ProcessEnv = process.env,
  cases: readonly E2eCase[] = ALL_CASES,
): RunE2eSuiteInputs {
  const reader = new InputReader('run-e2e-suite', getInput);
  const paths = workspacePaths(reader, env);
  const inputs = { ...readVaultTarget(reader, paths), ...readSuiteOptions(reader, paths, cases) };
  inputs.tlsCa ??= exportedTlsCa(reader, env);
  reader.throwIfProblems();
  return inputs;
}

/** What start-vault-container with tls: true exported for later steps (when tls-ca is empty). */
const EXPORTED_TLS_CA_ENV = 'RUNEVAULT_TLS_CA';

function exportedTlsCa(reader: InputReader, env: NodeJS.ProcessEnv): string | undefined {
  const exported = env[EXPORTED_TLS_CA_ENV]?.trim();
  if (!exported) return undefined;
  if (!existsSync(exported)) {
    reader.problem(
      `${EXPORTED_TLS_CA_ENV} (exported by start-vault-container) names ${logSafe(exported)}, which no longer exists; set input tls-ca to the vault's CA`,
    );
  }
  return exported;
}

/** Only the suite's own inputs (cases, reports, oidc), for a caller that starts the vault itself. */
export function parseSuiteOptions(
  getInput: (name: string) => string,
  env: NodeJS.ProcessEnv = process.env,
  cases: readonly E2eCase[] = ALL_CASES,
): SuiteOptionInputs {
  const reader = new InputReader('run-e2e-suite', getInput);
  const options = readSuiteOptions(reader, workspacePaths(reader, env), cases);
  reader.throwIfProblems();
  return options;
}

interface WorkspacePaths {
  /** Absolute, against GITHUB_WORKSPACE. */
  path: (value: string) => string;
  /** Absolute; a problem when it does not exist; undefined when not given. */
  existingFile: (name: string) => string | undefined;
}

function workspacePaths(reader: InputReader, env: NodeJS.ProcessEnv): WorkspacePaths {
  const path = (value: string) => inWorkspace(value, env);
  const existingFile = (name: string): string | undefined => {
    const value = reader.line(name);
    if (value === '') return undefined;
    const absolute = path(value);
    if (!existsSync(absolute)) reader.problem(`input ${name}: no such file ${logSafe(absolute)}`);
    return absolute;
  };
  return { path, existingFile };
}

function readVaultTarget(reader: InputReader, { path, existingFile }: WorkspacePaths): VaultTargetInputs {
  const grpcEndpoint = reader.line('grpc-endpoint');
  const hostPort = /^(\[[0-9a-fA-F:.]+\]|[^\s:/[\]]+):(\d{1,5})$/.exec(grpcEndpoint);
  if (grpcEndpoint === '') {
    reader.problem(
      "input grpc-endpoint is required (HOST:PORT, start-vault-container's grpc-endpoint output)",
    );
  } else if (!hostPort || Number(hostPort[2]) < 1 || Number(hostPort[2]) > 65_535) {
    reader.problem(
      `input grpc-endpoint must be HOST:PORT (e.g. 127.0.0.1:50051), got ${quoteInput(grpcEndpoint)}`,
    );
  }

  // One line: the URL parser would silently drop a line break that the log then shows.
  const httpEndpoint = reader.line('http-endpoint').replace(/\/+$/, '');
  if (httpEndpoint === '') {
    reader.problem(
      "input http-endpoint is required (http://HOST:PORT, start-vault-container's http-endpoint output)",
    );
  } else if (!isHttpUrl(httpEndpoint)) {
    reader.problem(
      `input http-endpoint must be an http:// or https:// URL (e.g. http://127.0.0.1:9090), got ${quoteInput(httpEndpoint)}`,
    );
  }

  // Masked by the caller before this runs; checked here only for shape, never quoted.
  const token = reader.getInput('token');
  const container = reader.containerName('container') || undefined;
  const adminSocketText = reader.line('admin-socket');
  const adminSocket = adminSocketText ? path(adminSocketText) : undefined;
  if (/\s/.test(token)) {
    reader.problem('input token must be a single word without spaces (e.g. evt_ and 32 hex characters)');
  } else if (token === '' && !container && !adminSocket) {
    reader.problem(
      "input token is required unless container or admin-socket is given to issue one (start-vault-container's token output)",
    );
  }
  if (adminSocket && !existsSync(adminSocket))
    reader.problem(`input admin-socket: no such socket ${logSafe(adminSocket)}`);

  return {
    grpcEndpoint,
    httpEndpoint,
    token: token === '' ? undefined : token,
    container,
    logFile: existingFile('log-file'),
    adminSocket,
  };
}

function readSuiteOptions(
  reader: InputReader,
  { path, existingFile }: WorkspacePaths,
  cases: readonly E2eCase[],
): SuiteOptionInputs {
  const get = (name: string) => reader.get(name);
  const only = parseCaseList(get('cases'));
  const exclude = parseCaseList(get('exclude'));
  try {
    if (selectCases(cases, only, exclude).length === 0) {
      reader.problem('inputs cases and exclude together select no case; drop one of the exclusions');
    }
  } catch (error) {
    // Names every valid case, so one edit fixes it.
    reader.problem(`input cases/exclude: ${(error as Error).message}`);
  }

  let timeoutPerCaseMs = 30_000;
  try {
    timeoutPerCaseMs = parseDuration('input timeout-per-case', get('timeout-per-case') || '30s');
  } catch (error) {
    reader.problem((error as Error).message);
  }

  const summary = reader.boolean('summary', true);

  const oidcToken = reader.getInput('oidc-token');
  if (/\s/.test(oidcToken)) reader.problem('input oidc-token must be one JWT without spaces or newlines');
  const oidcNegativeTokensFile = existingFile('oidc-negative-tokens-file');
  if (oidcNegativeTokensFile && oidcToken === '') {
    reader.problem(
      "input oidc-negative-tokens-file needs oidc-token too: case 15 first exchanges a token the vault must accept (mint-test-oidc's token output)",
    );
  }

  const retriesText = get('retries');
  let retries = 0;
  if (/^\d$/.test(retriesText) && Number(retriesText) <= MAX_RETRIES) retries = Number(retriesText);
  else if (retriesText !== '') {
    reader.problem(
      `input retries must be a whole number from 0 to ${MAX_RETRIES} (runs of a failed case after its first), got ${quoteInput(retriesText)}`,
    );
  }
  const failOnFlaky = reader.boolean('fail-on-flaky', false);
  let quarantine: QuarantineEntry[] = [];
  try {
    quarantine = parseQuarantine(reader.getInput('quarantine').split(/\r\n|\n/), cases, quoteInput);
  } catch (error) {
    if (!(error instanceof QuarantineError)) throw error;
    reader.problem(`input quarantine: ${error.message}`);
  }

  return {
    cases: only,
    exclude,
    timeoutPerCaseMs,
    retries,
    failOnFlaky,
    quarantine,
    tlsCa: existingFile('tls-ca'),
    junitPath: path(reader.line('junit-path') || 'e2e-junit.xml'),
    summary,
    oidcToken: oidcToken === '' ? undefined : oidcToken,
    oidcNegativeTokensFile,
  };
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.host !== '';
  } catch {
    return false;
  }
}
