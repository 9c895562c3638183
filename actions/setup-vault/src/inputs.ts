// The action's inputs, parsed and checked before anything runs. Every problem is collected,
// so one `::error::` line tells the user everything to fix in one edit.
import { tmpdir } from 'node:os';
import { InputError, InputReader, inWorkspace } from '../../common/src/action-inputs.js';
import { quoteInput } from '../../common/src/log-safe.js';

type CliSource = 'bundled' | 'workspace';
const CLI_SOURCES: readonly CliSource[] = ['bundled', 'workspace'];

export interface SetupVaultInputs {
  /** Absolute; the checkout to install and build from when source is workspace. */
  workingDirectory: string;
  cache: boolean;
  install: boolean;
  /** Absolute. */
  home: string;
  generateKeys: boolean;
  /** Undefined: generate a random one. A given one must already be masked (core.setSecret). */
  teamSecret: string | undefined;
  tls: boolean;
  grpcPort: number;
  httpPort: number;
  source: CliSource;
}

export { InputError };

/** The home default as written in action.yml, expanded here because inputs are not shell words. */
const RUNNER_TEMP_PREFIX = /^\$(RUNNER_TEMP|\{RUNNER_TEMP\})(?=$|[/\\])/;

/**
 * `getInput` returns '' for an input that is neither given nor defaulted, as core.getInput
 * does. Relative paths resolve against GITHUB_WORKSPACE, where the runner starts steps.
 */
export function parseInputs(
  getInput: (name: string) => string,
  env: NodeJS.ProcessEnv = process.env,
): SetupVaultInputs {
  const reader = new InputReader('setup-vault', getInput);
  const get = (name: string) => reader.get(name);

  const path = (value: string) => inWorkspace(value, env);

  const sourceText = get('source') || 'bundled';
  const source = (CLI_SOURCES as readonly string[]).includes(sourceText)
    ? (sourceText as CliSource)
    : undefined;
  if (!source) {
    reader.problem(
      `input source must be bundled (the CLI shipped with the action) or workspace (build it from working-directory), got ${quoteInput(sourceText)}`,
    );
  }

  // Masked by the caller before this runs; checked here only for shape.
  const teamSecret = getInput('team-secret');
  if (/[\r\n]/.test(teamSecret)) {
    reader.problem('input team-secret must be a single line (e.g. 64 hex characters)');
  } else if (teamSecret !== '' && teamSecret.trim() !== teamSecret) {
    reader.problem('input team-secret must not start or end with whitespace');
  }

  const inputs: SetupVaultInputs = {
    workingDirectory: path(reader.line('working-directory') || '.'),
    cache: reader.boolean('cache', true),
    install: reader.boolean('install', true),
    home: path(resolveHome(reader.line('home'), env)),
    generateKeys: reader.boolean('generate-keys', true),
    teamSecret: teamSecret === '' ? undefined : teamSecret,
    tls: reader.boolean('tls', false),
    grpcPort: reader.port('grpc-port', 50051),
    httpPort: reader.port('http-port', 9090),
    source: source ?? 'bundled',
  };
  reader.throwIfProblems();
  return inputs;
}

/** `$RUNNER_TEMP/runevault` by default; outside a runner RUNNER_TEMP falls back to the OS temp dir. */
export function resolveHome(value: string, env: NodeJS.ProcessEnv = process.env): string {
  const home = value === '' ? '$RUNNER_TEMP/runevault' : value;
  return home.replace(RUNNER_TEMP_PREFIX, () => env.RUNNER_TEMP || tmpdir());
}
