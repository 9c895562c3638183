// mode: github — the job's real ID token from GitHub's OIDC service, with a clear message for
// the two ways it is missing: under act (no such service) and without id-token: write.
import { join } from 'node:path';
import * as core from '@actions/core';
import { GITHUB_ACTIONS_ISSUER, writeSecretFile } from '@runevault/oidc-test-issuer';
import { decodeJwt } from 'jose';
import { logSafe, quoteInput } from '../../common/src/log-safe.js';
import type { MintInputs } from './inputs.js';

const ACT_MESSAGE =
  'mode: github cannot work under act: act has no GitHub OIDC service for core.getIDToken to ask. Use mode: local (an ephemeral test issuer; nothing real is needed) for runs outside GitHub';
const PERMISSION_MESSAGE =
  "mode: github needs the job's OIDC token endpoint (ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN are not set). GitHub provides it only to jobs with `permissions: id-token: write` — add that to the job or the workflow. Pull requests from forks never get it: use mode: local there";

interface GithubToken {
  token: string;
  issuer: string;
}

/** Throws with what to do when GitHub's OIDC service is not there; else the masked token. */
async function fetchGithubIdToken(audience: string, env: NodeJS.ProcessEnv): Promise<GithubToken> {
  if (env.ACT === 'true') throw new Error(ACT_MESSAGE);
  if (!env.ACTIONS_ID_TOKEN_REQUEST_URL || !env.ACTIONS_ID_TOKEN_REQUEST_TOKEN)
    throw new Error(PERMISSION_MESSAGE);
  let token: string;
  try {
    token = await core.getIDToken(audience);
  } catch (error) {
    throw new Error(
      `core.getIDToken(${quoteInput(audience)}) failed: ${(error as Error).message.replace(/\s+/g, ' ').trim()}; check that the job has permissions: id-token: write`,
    );
  }
  core.setSecret(token);
  let issuer = GITHUB_ACTIONS_ISSUER;
  try {
    issuer = String(decodeJwt(token).iss ?? GITHUB_ACTIONS_ISSUER);
  } catch {
    // Not a JWT we can read; keep the documented issuer.
  }
  return { token, issuer };
}

/** Fetches the job's token, writes it to a 0600 file and sets the outputs; returns the token. */
export async function runGithubMode(
  inputs: MintInputs,
  namespace: string,
  workDir: string,
  env: NodeJS.ProcessEnv,
): Promise<string> {
  const { token, issuer } = await fetchGithubIdToken(inputs.audience, env);
  const tokenFile = join(workDir, 'token.jwt');
  writeSecretFile(tokenFile, token);
  core.setOutput('token', token);
  core.setOutput('token-file', tokenFile);
  core.setOutput('jwks-file', '');
  core.setOutput('jwks-url', `${issuer}/.well-known/jwks`);
  core.setOutput('issuer', issuer);
  core.setOutput('discovery-url', `${issuer}/.well-known/openid-configuration`);
  core.setOutput('namespace', namespace);
  core.setOutput('negatives-file', '');
  core.info(`fetched the job's ID token for audience ${logSafe(inputs.audience)} from ${logSafe(issuer)}`);
  return token;
}
