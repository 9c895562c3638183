// mode: local — an ephemeral issuer made in this step: the template from the run's GitHub
// context, the minted token(s) masked first, the issuer handed to post, then log and outputs.
import * as core from '@actions/core';
import {
  buildTokenTemplate,
  type GithubContext,
  type LocalRunResult,
  mintLocalRun,
  type TokenTemplate,
} from '@runevault/oidc-test-issuer';
import { logSafe } from '../../common/src/log-safe.js';
import { exportIdTokenEnv } from './id-token-env.js';
import type { MintInputs } from './inputs.js';
import * as stateHelper from './state-helper.js';

export interface LocalModeOptions {
  inputs: MintInputs;
  github: GithubContext;
  namespace: string;
  workDir: string;
  env: NodeJS.ProcessEnv;
  /** How to start the issuer process when serve: true. */
  issuerCommand: { command: string; args: string[] };
}

/** Mints this run's token(s); returns the token so later steps of main (explain) can read it. */
export async function runLocalMode(options: LocalModeOptions): Promise<string> {
  const { inputs, namespace } = options;
  const template = buildTokenTemplate({
    github: options.github,
    audience: inputs.audience,
    lifetimeSeconds: inputs.lifetimeSeconds,
    subject: inputs.subject,
    namespace,
    claims: inputs.claims,
    ...(inputs.awsTags ? { awsTags: inputs.awsTags } : {}),
  });
  const result = await mintLocalRun({
    alg: inputs.alg,
    issuer: inputs.issuer,
    template,
    negatives: inputs.negatives,
    outDir: options.workDir,
    ...(inputs.serve ? { serve: options.issuerCommand } : {}),
  });
  // Masked, and the issuer handed to post, before anything else can print or fail.
  maskAll(result);
  if (result.served) {
    stateHelper.setIssuer({
      pid: result.served.pid,
      shutdownUrl: result.served.shutdownUrl,
      shutdownToken: result.served.shutdownToken,
    });
  }
  logMintedToken(result, template, inputs);
  setLocalOutputs(result, namespace);
  if (inputs.exportIdTokenEnv && result.served) exportIdTokenEnv(result.served, options.env);
  return result.token;
}

function maskAll(result: LocalRunResult): void {
  core.setSecret(result.token);
  for (const token of Object.values(result.negatives)) core.setSecret(token);
  if (result.served) {
    core.setSecret(result.served.requestToken);
    core.setSecret(result.served.shutdownToken);
  }
}

/** The token's identity (never the token) in a collapsed group of the log. */
function logMintedToken(result: LocalRunResult, template: TokenTemplate, inputs: MintInputs): void {
  core.startGroup('Test OIDC token');
  // Issuer, subject, audience and namespace come from inputs (or the claims JSON): escaped.
  core.info(`issuer:    ${logSafe(result.issuer)}`);
  core.info(`key:       ${inputs.alg}, kid ${result.kid} (per run; JWKS in ${logSafe(result.jwksFile)})`);
  core.info(`subject:   ${logSafe(template.subject)}`);
  core.info(`audience:  ${logSafe(template.audience)}`);
  core.info(`namespace: ${logSafe(String(template.claims.namespace))}`);
  core.info(`lifetime:  ${template.lifetimeSeconds}s`);
  if (inputs.negatives.length > 0) core.info(`negatives: ${inputs.negatives.join(', ')}`);
  if (result.served) {
    core.info(`served:    ${logSafe(result.served.baseUrl)} (pid ${result.served.pid}, stopped in post)`);
    core.info(`discovery: ${logSafe(result.served.discoveryUrl)}`);
  }
  core.endGroup();
}

function setLocalOutputs(result: LocalRunResult, namespace: string): void {
  core.setOutput('token', result.token);
  core.setOutput('token-file', result.tokenFile);
  core.setOutput('jwks-file', result.jwksFile);
  core.setOutput('jwks-url', result.served?.jwksUrl ?? '');
  core.setOutput('issuer', result.issuer);
  core.setOutput('discovery-url', result.served?.discoveryUrl ?? '');
  core.setOutput('namespace', namespace);
  core.setOutput('negatives-file', result.negativesFile ?? '');
}
