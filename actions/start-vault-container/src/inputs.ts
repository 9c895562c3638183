// The action's inputs, parsed and checked before anything runs. Every problem is collected,
// so one `::error::` line tells the user everything to fix in one edit.
import { existsSync, statSync } from 'node:fs';
import { InputError, InputReader, inWorkspace } from '../../common/src/action-inputs.js';
import { logSafe, quoteInput } from '../../common/src/log-safe.js';

type NetworkMode = 'host' | 'bridge';
export type LogsOn = 'failure' | 'always' | 'never';
const NETWORK_MODES: readonly NetworkMode[] = ['host', 'bridge'];
const LOGS_ON: readonly LogsOn[] = ['failure', 'always', 'never'];
export const DEFAULT_HEALTH_TIMEOUT_MS = 120_000;
/** Exported by main when tls is on; run-e2e-suite's tls-ca defaults to it. */
export const TLS_CA_ENV = 'RUNEVAULT_TLS_CA';

export interface StartInputs {
  /**
   * The image to run (pulled when absent and it names a registry), or the tag to give a built
   * or loaded image; checked against Docker's reference grammar. '' when not given: the image
   * built from the vault this action carries.
   */
  image: string;
  /** Whether `image` was given. */
  imageGiven: boolean;
  /** Absolute paths, undefined when not given. */
  buildContext: string | undefined;
  imageArchive: string | undefined;
  artifactName: string | undefined;
  config: string | undefined;
  keys: string | undefined;
  oidcJwks: string | undefined;
  /** Serve gRPC over TLS with a certificate made for this run; its CA goes to output tls-ca. */
  tls: boolean;
  network: NetworkMode;
  /** 0: a free port. */
  grpcPort: number;
  httpPort: number;
  healthTimeoutMs: number;
  /** undefined: issue no token. */
  issueToken: { user: string; role: string } | undefined;
  name: string;
  cleanup: boolean;
  logsOn: LogsOn;
}

export { InputError };

const DURATION = /^(\d+(?:\.\d+)?)\s*(ms|s|m)?$/;
const UNIT_MS = { ms: 1, s: 1000, m: 60_000 } as const;
// `runevault token issue --user/--role` values: no spaces, no colon in the user.
const TOKEN_SPEC = /^([^:\s]+):([^:\s]+)$/;

/** "120s", "2m", "500ms", or plain seconds ("90"); undefined when it is none of those. */
export function parseDurationMs(text: string): number | undefined {
  const match = DURATION.exec(text.trim());
  if (!match) return undefined;
  const ms = Number(match[1]) * UNIT_MS[(match[2] ?? 's') as keyof typeof UNIT_MS];
  return Number.isFinite(ms) && ms > 0 ? Math.round(ms) : undefined;
}

/** `vault-ci-<run_id>-<attempt>`; outside a runner, a name that is still unique enough. */
export function defaultContainerName(env: NodeJS.ProcessEnv = process.env): string {
  const runId = env.GITHUB_RUN_ID || `local${Date.now().toString(36)}`;
  return `vault-ci-${runId}-${env.GITHUB_RUN_ATTEMPT || '1'}`;
}

/**
 * `getInput` returns '' for an input that is neither given nor defaulted, as core.getInput
 * does. Relative paths resolve against GITHUB_WORKSPACE, where the runner starts steps.
 */
export function parseInputs(
  getInput: (name: string) => string,
  env: NodeJS.ProcessEnv = process.env,
): StartInputs {
  const reader = new InputReader('start-vault-container', getInput);
  const get = (name: string) => reader.get(name);
  // 0 (the default) asks for a free port.
  const port = (name: string) => reader.port(name, 0, ' (0 = a free one)');

  /** An existing path of the given kind, absolute; undefined when not given. */
  const path = (name: string, kind: 'file' | 'directory'): string | undefined => {
    const value = reader.line(name);
    if (value === '') return undefined;
    const absolute = inWorkspace(value, env);
    if (!existsSync(absolute)) {
      reader.problem(`input ${name}: ${logSafe(absolute)} does not exist`);
    } else if (kind === 'file' ? !statSync(absolute).isFile() : !statSync(absolute).isDirectory()) {
      reader.problem(`input ${name}: ${logSafe(absolute)} is not a ${kind}`);
    }
    return absolute;
  };

  const healthText = get('health-timeout') || '120s';
  const healthTimeoutMs = parseDurationMs(healthText);
  if (healthTimeoutMs === undefined) {
    reader.problem(
      `input health-timeout must be a duration such as 120s, 2m or 500ms, got ${quoteInput(healthText)}`,
    );
  }

  const tokenText = get('issue-token');
  const tokenMatch = TOKEN_SPEC.exec(tokenText);
  if (tokenText !== '' && !tokenMatch) {
    reader.problem(
      `input issue-token must be user:role (e.g. ci:member) or empty for no token, got ${quoteInput(tokenText)}`,
    );
  }

  const name = reader.containerName('name', defaultContainerName(env));

  const imageText = get('image');
  const imageReference = imageText === '' ? undefined : reader.imageReference('image', '');
  const artifactName = reader.line('artifact-name') || undefined;
  // With artifact-name, image-archive names a file inside the downloaded artifact.
  const imageArchive = artifactName
    ? reader.line('image-archive') || undefined
    : path('image-archive', 'file');
  const buildContext = path('build-context', 'directory');
  if (imageReference?.digest && imageText !== '' && (artifactName || imageArchive || buildContext)) {
    // A built or loaded image is tagged with `image`; a digest names content, it cannot be given.
    reader.problem(
      `input image: ${quoteInput(imageText)} has a digest (@…), but a built or loaded image can only be given a tag; drop the digest`,
    );
  }

  const inputs: StartInputs = {
    image: imageText,
    imageGiven: imageText !== '',
    buildContext,
    imageArchive,
    artifactName,
    config: path('config', 'file'),
    keys: path('keys', 'directory'),
    oidcJwks: path('oidc-jwks', 'file'),
    tls: reader.boolean('tls', false),
    network: reader.oneOf('network', NETWORK_MODES, 'host', ' (host: loopback ports on this machine)'),
    grpcPort: port('grpc-port'),
    httpPort: port('http-port'),
    healthTimeoutMs: healthTimeoutMs ?? DEFAULT_HEALTH_TIMEOUT_MS,
    issueToken: tokenMatch ? { user: tokenMatch[1] ?? '', role: tokenMatch[2] ?? '' } : undefined,
    name,
    cleanup: reader.boolean('cleanup', true),
    logsOn: reader.oneOf('logs-on', LOGS_ON, 'failure'),
  };
  if (inputs.grpcPort !== 0 && inputs.grpcPort === inputs.httpPort) {
    reader.problem(`inputs grpc-port and http-port must differ, both are ${inputs.grpcPort}`);
  }
  reader.throwIfProblems();
  return inputs;
}

/** One line saying what main is about to do, printed before the Docker client loads. */
export function describeInputs(inputs: StartInputs): string {
  // Every value here came from an input: escaped, so none can start a workflow command.
  const image = inputs.artifactName
    ? `the image in artifact ${logSafe(inputs.artifactName)}`
    : inputs.imageArchive
      ? `the image in ${logSafe(inputs.imageArchive)}`
      : inputs.buildContext
        ? `an image built from ${logSafe(inputs.buildContext)}`
        : inputs.image
          ? `image ${logSafe(inputs.image)}`
          : 'the image of the vault this action carries';
  const ports = (port: number) => (port === 0 ? 'a free port' : `port ${port}`);
  return (
    `starting container ${logSafe(inputs.name)} from ${image}, network ${inputs.network}, ` +
    `gRPC${inputs.tls ? ' over TLS' : ''} on ${ports(inputs.grpcPort)}, ` +
    `HTTP on ${ports(inputs.httpPort)}, health timeout ${inputs.healthTimeoutMs / 1000} s`
  );
}
