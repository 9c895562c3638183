// explain-policy: the minted (or fetched) token against a trust policy, condition by
// condition, in the log and the job summary; the verdict as the policy-verdict output.
import * as core from '@actions/core';
import {
  decodeTokenUnverified,
  ExplainError,
  explainTrust,
  readTrustPolicy,
  renderMarkdown,
  renderText,
  type TrustPolicy,
} from '@runevault/oidc-test-issuer/explain';
import { logSafeLines } from '../../common/src/log-safe.js';
import type { MintInputs } from './inputs.js';

/** Read before anything is minted, so an unreadable policy fails the step with no token made. */
export function loadExplainPolicy(inputs: MintInputs): TrustPolicy {
  try {
    return readTrustPolicy(inputs.explainPolicy, { provider: inputs.explainProvider });
  } catch (error) {
    if (error instanceof ExplainError)
      throw new Error(`mint-test-oidc: input explain-policy: ${error.message}`);
    throw error;
  }
}

/**
 * `testIssuer`: the token comes from mode local's issuer, so it stands in for the policy's own
 * issuer (whose iss a test token never carries) and the issuer check is reported as assumed.
 */
export async function explainMintedToken(
  policy: TrustPolicy,
  token: string,
  inputs: MintInputs,
  testIssuer: boolean,
): Promise<void> {
  const input = { ...decodeTokenUnverified(token), assumeIssuer: testIssuer };
  const explanation = explainTrust(policy, input);
  core.startGroup(`OIDC trust policy: ${explanation.verdict}`);
  // Every value in the text is escaped already; line by line once more, as for any report.
  core.info(logSafeLines(renderText(explanation)));
  core.endGroup();
  await core.summary.addRaw(renderMarkdown(explanation)).write();
  core.setOutput('policy-verdict', explanation.verdict);
  if (explanation.verdict === 'allowed') return;
  const message = `the token is denied by ${explanation.policy}: ${explanation.reason}`;
  if (inputs.failOnDeny) core.setFailed(`mint-test-oidc: ${message}`);
  else core.notice(`${message} (fail-on-deny: false, so the step goes on)`);
}
