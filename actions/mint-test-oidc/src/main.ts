// The action's adapter: inputs → mint locally (local-mode.ts) or fetch the job's real token
// (github-mode.ts) → optionally explain it against a trust policy (explain-policy.ts).
// Everything else lives in @runevault/oidc-test-issuer.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as core from '@actions/core';
import { defaultNamespace, githubContextFromEnv, ISSUER_PROCESS_ARG } from '@runevault/oidc-test-issuer';
import { explainMintedToken, loadExplainPolicy } from './explain-policy.js';
import { runGithubMode } from './github-mode.js';
import { parseInputs } from './inputs.js';
import { runLocalMode } from './local-mode.js';
import * as stateHelper from './state-helper.js';

export interface RunDeps {
  env?: NodeJS.ProcessEnv;
  /** How to start the issuer process; default: this bundle with ISSUER_PROCESS_ARG. */
  issuerCommand?: { command: string; args: string[] };
}

export async function run(deps: RunDeps = {}): Promise<void> {
  const env = deps.env ?? process.env;
  stateHelper.setIsPost();
  try {
    const inputs = parseInputs((name) => core.getInput(name), env);
    const policy = inputs.explainPolicy ? loadExplainPolicy(inputs) : undefined;
    const github = githubContextFromEnv(env, readEventPayload(env.GITHUB_EVENT_PATH));
    const namespace = inputs.namespace || defaultNamespace(github);
    const workDir = mkdtempSync(join(env.RUNNER_TEMP || tmpdir(), 'mint-test-oidc-'));
    stateHelper.setWorkDir(workDir);
    const token =
      inputs.mode === 'github'
        ? await runGithubMode(inputs, namespace, workDir, env)
        : await runLocalMode({
            inputs,
            github,
            namespace,
            workDir,
            env,
            issuerCommand: deps.issuerCommand ?? bundleIssuerCommand(),
          });
    if (policy) await explainMintedToken(policy, token, inputs, inputs.mode === 'local');
  } catch (error) {
    core.setFailed(error instanceof Error ? error.message : String(error));
  }
}

function bundleIssuerCommand(): { command: string; args: string[] } {
  return { command: process.execPath, args: [fileURLToPath(import.meta.url), ISSUER_PROCESS_ARG] };
}

/** The parsed GITHUB_EVENT_PATH payload; {} when there is none or it is unreadable. */
function readEventPayload(path: string | undefined): unknown {
  if (!path) return {};
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return {};
  }
}
