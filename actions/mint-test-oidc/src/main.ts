// The action's adapter: inputs → mintLocalRun() (or the real getIDToken) → outputs and state.
// Everything else lives in @runevault/oidc-test-issuer.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as core from '@actions/core';
import {
  buildTokenTemplate,
  defaultNamespace,
  githubContextFromEnv,
  ISSUER_PROCESS_ARG,
  type LocalRunResult,
  mintLocalRun,
  type TokenTemplate,
  writeSecretFile,
} from '@runevault/oidc-test-issuer';
import { logSafe } from '../../common/src/log-safe.js';
import { fetchGithubIdToken } from './github-mode.js';
import { type MintInputs, parseInputs } from './inputs.js';
import * as stateHelper from './state-helper.js';

export interface RunDeps {
  env?: NodeJS.ProcessEnv;
  /** How to start the issuer process; default: this bundle with ISSUER_PROCESS_ARG. */
  issuerCommand?: { command: string; args: string[] };
}

export async function run(deps: RunDeps = {}): Promise<void> {
  const env = deps.env ?? process.env;
  stateHelper.markMainStarted();
  try {
    const inputs = parseInputs((name) => core.getInput(name));
    const github = githubContextFromEnv(env, readEvent(env.GITHUB_EVENT_PATH));
    const namespace = inputs.namespace || defaultNamespace(github);
    const workDir = mkdtempSync(join(env.RUNNER_TEMP || tmpdir(), 'mint-test-oidc-'));
    stateHelper.setWorkDir(workDir);
    if (inputs.mode === 'github') {
      await runGithubMode(inputs, namespace, workDir, env);
      return;
    }
    const template = buildTokenTemplate({
      github,
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
      outDir: workDir,
      ...(inputs.serve ? { serve: deps.issuerCommand ?? bundleIssuerCommand() } : {}),
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
    describe(result, template, inputs);
    setLocalOutputs(result, namespace);
    if (inputs.exportIdTokenEnv && result.served) exportIdTokenEnv(result.served, env);
  } catch (error) {
    core.setFailed(error instanceof Error ? error.message : String(error));
  }
}

function bundleIssuerCommand(): { command: string; args: string[] } {
  return { command: process.execPath, args: [fileURLToPath(import.meta.url), ISSUER_PROCESS_ARG] };
}

function readEvent(path: string | undefined): unknown {
  if (!path) return {};
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return {};
  }
}

function maskAll(result: LocalRunResult): void {
  core.setSecret(result.token);
  for (const token of Object.values(result.negatives)) core.setSecret(token);
  if (result.served) {
    core.setSecret(result.served.requestToken);
    core.setSecret(result.served.shutdownToken);
  }
}

function describe(result: LocalRunResult, template: TokenTemplate, inputs: MintInputs): void {
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

function exportIdTokenEnv(served: NonNullable<LocalRunResult['served']>, env: NodeJS.ProcessEnv): void {
  if (env.ACTIONS_ID_TOKEN_REQUEST_URL) {
    core.warning(
      "export-id-token-env: later steps of this job get test tokens from the served issuer instead of GitHub's real OIDC endpoint",
    );
  }
  core.exportVariable('ACTIONS_ID_TOKEN_REQUEST_URL', served.tokenRequestUrl);
  core.exportVariable('ACTIONS_ID_TOKEN_REQUEST_TOKEN', served.requestToken);
}

async function runGithubMode(inputs: MintInputs, namespace: string, workDir: string, env: NodeJS.ProcessEnv) {
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
}
