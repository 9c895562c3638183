// `oidc-explain`: which condition of a trust policy a token (or the claims mint-test-oidc would
// mint) fails. Exit 0 allowed, 1 denied, 2 on a usage or input error (one line on stderr).
import { parseArgs } from 'node:util';
import { logSafe } from '../../../../actions/common/src/log-safe.js';
import { parseLifetimeSeconds } from '../token-template.js';
import { type ClaimsInput, ExplainError } from './explanation.js';
import { mintedClaims } from './minted-claims.js';
import { explainTrust, readTrustPolicy } from './policy-file.js';
import { renderJson, renderText } from './render-report.js';
import {
  decodeTokenUnverified,
  MAX_CLAIMS_BYTES,
  MAX_TOKEN_BYTES,
  parseClaimsJson,
  readBoundedFile,
  readBoundedStream,
} from './token-input.js';

const USAGE = `usage: oidc-explain --policy FILE (--token FILE|- | --claims FILE | --repository OWNER/REPO [run options]) [--provider NAME] [--json]

Explains, condition by condition, whether a trust policy accepts an OIDC token. Offline: a
token is decoded WITHOUT verifying its signature.

  --policy FILE        an AWS IAM role trust policy (JSON), a runevault.conf or one of its
                       oidc providers (YAML/JSON), or a Vault JWT role (JSON)
  --token FILE|-       a JWT (from a file, or - for stdin)
  --claims FILE        a JSON object of claims
  --provider NAME      the runevault.conf provider to explain (when it has several)
  --json               print the explanation as JSON
  --now ISO-8601       the instant to check exp/nbf/iat against (default: now)

run options (the claims mint-test-oidc would mint; no token needed):
  --repository OWNER/REPO  --ref REF (refs/heads/main)  --event-name NAME (push)
  --pull-request N  --environment NAME  --audience AUD (runevault)  --subject SUB
  --actor NAME  --workflow-ref REF  --extra-claims JSON  --lifetime 300s  --issuer URL

exit status: 0 allowed, 1 denied, 2 usage or input error`;

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  stdin: AsyncIterable<Buffer | string>;
}

const OPTIONS = {
  policy: { type: 'string' },
  token: { type: 'string' },
  claims: { type: 'string' },
  provider: { type: 'string' },
  json: { type: 'boolean' },
  now: { type: 'string' },
  repository: { type: 'string' },
  ref: { type: 'string' },
  'event-name': { type: 'string' },
  'pull-request': { type: 'string' },
  environment: { type: 'string' },
  audience: { type: 'string' },
  subject: { type: 'string' },
  actor: { type: 'string' },
  'workflow-ref': { type: 'string' },
  'extra-claims': { type: 'string' },
  lifetime: { type: 'string' },
  issuer: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

class UsageError extends Error {}

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; strict: true }>>['values'];

async function readInput(values: Values, io: CliIo, now: Date): Promise<ClaimsInput> {
  const given = [values.token, values.claims, values.repository].filter((v) => v !== undefined);
  if (given.length !== 1) throw new UsageError('give exactly one of --token, --claims and --repository');
  if (values.token !== undefined) {
    const text =
      values.token === '-'
        ? await readBoundedStream(io.stdin, MAX_TOKEN_BYTES, 'token')
        : readBoundedFile(values.token, MAX_TOKEN_BYTES, 'token');
    return decodeTokenUnverified(text);
  }
  if (values.claims !== undefined) {
    return parseClaimsJson(
      readBoundedFile(values.claims, MAX_CLAIMS_BYTES, 'claims file'),
      logSafe(values.claims),
    );
  }
  let extra: Record<string, unknown> | undefined;
  if (values['extra-claims'] !== undefined) {
    try {
      extra = JSON.parse(values['extra-claims']);
    } catch {
      throw new UsageError('--extra-claims is not JSON');
    }
    if (!extra || typeof extra !== 'object' || Array.isArray(extra))
      throw new UsageError('--extra-claims must be a JSON object');
  }
  const lifetime = values.lifetime === undefined ? 300 : parseLifetimeSeconds(values.lifetime);
  if (lifetime === undefined || lifetime < 1)
    throw new UsageError('--lifetime must be a duration such as 300s or 5m');
  const pr = values['pull-request'] === undefined ? undefined : Number(values['pull-request']);
  if (pr !== undefined && !(Number.isInteger(pr) && pr > 0))
    throw new UsageError('--pull-request must be a positive integer');
  return mintedClaims({
    repository: values.repository as string,
    ...(values.ref !== undefined ? { ref: values.ref } : {}),
    ...(values['event-name'] !== undefined ? { eventName: values['event-name'] } : {}),
    ...(values.environment !== undefined ? { environment: values.environment } : {}),
    ...(values.audience !== undefined ? { audience: values.audience } : {}),
    ...(values.subject !== undefined ? { subject: values.subject } : {}),
    ...(values.actor !== undefined ? { actor: values.actor } : {}),
    ...(values['workflow-ref'] !== undefined ? { workflowRef: values['workflow-ref'] } : {}),
    ...(values.issuer !== undefined ? { issuer: values.issuer } : {}),
    ...(pr !== undefined ? { pullRequestNumber: pr } : {}),
    ...(extra ? { claims: extra } : {}),
    lifetimeSeconds: lifetime,
    now,
  });
}

export async function runOidcExplain(argv: string[], io: CliIo): Promise<number> {
  let values: Values;
  try {
    values = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false }).values;
  } catch (error) {
    // node:util names the option it did not know; the option text is the user's: escaped.
    io.stderr(`oidc-explain: ${logSafe((error as Error).message)} (see oidc-explain --help)`);
    return 2;
  }
  if (values.help) {
    io.stdout(USAGE);
    return 0;
  }
  try {
    if (values.policy === undefined) throw new UsageError('--policy FILE is required');
    const now = values.now === undefined ? new Date() : new Date(values.now);
    if (Number.isNaN(now.getTime()))
      throw new UsageError('--now must be an ISO-8601 instant such as 2025-01-01T00:00:00Z');
    const options = { now, ...(values.provider !== undefined ? { provider: values.provider } : {}) };
    const policy = readTrustPolicy(values.policy, options);
    const input = await readInput(values, io, now);
    const explanation = explainTrust(policy, input, options);
    io.stdout(values.json ? renderJson(explanation) : renderText(explanation));
    return explanation.verdict === 'allowed' ? 0 : 1;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`oidc-explain: ${error.message} (see oidc-explain --help)`);
      return 2;
    }
    if (error instanceof ExplainError) {
      io.stderr(`oidc-explain: ${error.message}`);
      return 2;
    }
    throw error;
  }
}
