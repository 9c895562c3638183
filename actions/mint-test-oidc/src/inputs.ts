// The action's inputs, parsed and checked before anything runs. Every problem is collected,
// so one `::error::` line tells the user everything to fix in one edit.
import {
  type AwsTagsClaim,
  AwsTagsError,
  awsTagsClaim,
  isProductionGithubIssuer,
  isSigningAlg,
  MAX_LIFETIME_SECONDS,
  type NegativePreset,
  parseLifetimeSeconds,
  parseNegativePresets,
  SIGNING_ALGS,
  type SigningAlg,
} from '@runevault/oidc-test-issuer';
import { InputError, InputReader, inWorkspace } from '../../common/src/action-inputs.js';
import { logSafe, quoteInput } from '../../common/src/log-safe.js';

type MintMode = 'local' | 'github';

export interface MintInputs {
  mode: MintMode;
  /** '' = default (served URL or https://oidc.test.invalid). */
  issuer: string;
  audience: string;
  subject: string;
  claims: Record<string, unknown>;
  lifetimeSeconds: number;
  alg: SigningAlg;
  namespace: string;
  awsTags: AwsTagsClaim | undefined;
  negatives: NegativePreset[];
  serve: boolean;
  exportIdTokenEnv: boolean;
  /** A trust policy file to explain the minted token against (absolute); '' = none. */
  explainPolicy: string;
  /** The runevault.conf provider to explain, when the file has several. */
  explainProvider: string;
  failOnDeny: boolean;
}

export { InputError };

// Inputs that shape a locally minted token; mode github cannot honour them. (namespace is
// still the output there, just not a claim.)
const LOCAL_ONLY = ['issuer', 'subject', 'claims', 'aws-principal-tags', 'negatives'] as const;

/** `getInput` returns '' for an input that is neither given nor defaulted, as core.getInput does. */
export function parseInputs(
  getInput: (name: string) => string,
  env: NodeJS.ProcessEnv = process.env,
): MintInputs {
  const reader = new InputReader('mint-test-oidc', getInput);
  const get = (name: string) => reader.get(name);

  const json = <T>(name: string, use: (value: unknown) => T): T | undefined => {
    const text = get(name);
    if (text === '') return undefined;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      reader.problem(`input ${name} is not JSON: ${(error as Error).message}`);
      return undefined;
    }
    try {
      return use(value);
    } catch (error) {
      reader.problem(
        error instanceof AwsTagsError ? error.message : `input ${name}: ${(error as Error).message}`,
      );
      return undefined;
    }
  };

  const modeText = get('mode') || 'local';
  const mode = modeText === 'local' || modeText === 'github' ? modeText : undefined;
  if (!mode) {
    reader.problem(
      `input mode must be local (an ephemeral test issuer) or github (the job's real token), got ${quoteInput(modeText)}`,
    );
  }

  // One line each: they are printed in the step's log and written into the token's claims.
  const issuer = reader.line('issuer');
  if (issuer && isProductionGithubIssuer(issuer)) {
    reader.problem(
      `input issuer ${logSafe(issuer)} is GitHub's production issuer; mode local never mints tokens for it (leave issuer empty for a test URL, or use mode: github for real tokens)`,
    );
  } else if (issuer && !/^https?:\/\/[^\s/]+\S*$/.test(issuer)) {
    reader.problem(
      `input issuer must be an http(s) URL such as https://oidc.test.invalid, got ${quoteInput(issuer)}`,
    );
  }

  const audience = reader.line('audience') || 'runevault';

  const claims =
    json('claims', (value) => {
      if (!value || typeof value !== 'object' || Array.isArray(value))
        throw new Error('must be a JSON object');
      return value as Record<string, unknown>;
    }) ?? {};

  const lifetimeText = get('lifetime') || '300s';
  const lifetimeSeconds = parseLifetimeSeconds(lifetimeText);
  if (lifetimeSeconds === undefined || lifetimeSeconds < 1 || lifetimeSeconds > MAX_LIFETIME_SECONDS) {
    reader.problem(
      `input lifetime must be a duration from 1s to 24h such as 300s, 5m or 1h, got ${quoteInput(lifetimeText)}`,
    );
  }

  const algText = get('alg') || 'RS256';
  if (!isSigningAlg(algText)) {
    reader.problem(`input alg must be one of ${SIGNING_ALGS.join(', ')}, got ${quoteInput(algText)}`);
  }

  const awsTags = json('aws-principal-tags', awsTagsClaim);

  let negatives: NegativePreset[] = [];
  try {
    negatives = parseNegativePresets(get('negatives'));
  } catch (error) {
    reader.problem(`input negatives: ${(error as Error).message}`);
  }

  const serve = reader.boolean('serve', false);
  const exportIdTokenEnv = reader.boolean('export-id-token-env', false);
  if (exportIdTokenEnv && !serve) {
    reader.problem(
      'input export-id-token-env: true needs serve: true (the exported endpoint is the served issuer)',
    );
  }

  const explainPolicy = reader.line('explain-policy');
  const explainProvider = reader.line('explain-provider');
  // Default false: the step's job is to mint; a denial is often the point (checking that a
  // pull request cannot assume a deploy role), so failing is opt-in.
  const failOnDeny = reader.boolean('fail-on-deny', false);
  if (!explainPolicy && (failOnDeny || explainProvider)) {
    reader.problem(
      `input(s) ${[failOnDeny ? 'fail-on-deny' : '', explainProvider ? 'explain-provider' : ''].filter(Boolean).join(', ')} need explain-policy (the trust policy file to explain the token against)`,
    );
  }

  if (mode === 'github') {
    const given = LOCAL_ONLY.filter((name) => get(name) !== '');
    if (given.length > 0) {
      reader.problem(
        `input(s) ${given.join(', ')} apply only to mode: local; GitHub mints the real token itself`,
      );
    }
    if (serve) reader.problem('input serve applies only to mode: local');
  }

  reader.throwIfProblems();
  return {
    mode: mode as MintMode,
    issuer,
    audience,
    subject: reader.line('subject'),
    claims,
    lifetimeSeconds: lifetimeSeconds as number,
    alg: algText as SigningAlg,
    namespace: reader.line('namespace'),
    awsTags,
    negatives,
    serve,
    exportIdTokenEnv,
    explainPolicy: explainPolicy ? inWorkspace(explainPolicy, env) : '',
    explainProvider,
    failOnDeny,
  };
}
