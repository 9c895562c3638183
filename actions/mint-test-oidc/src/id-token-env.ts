// export-id-token-env: later steps' unmodified core.getIDToken() asks the served test issuer.
import * as core from '@actions/core';
import type { LocalRunResult } from '@runevault/oidc-test-issuer';

export function exportIdTokenEnv(
  served: NonNullable<LocalRunResult['served']>,
  env: NodeJS.ProcessEnv,
): void {
  if (env.ACTIONS_ID_TOKEN_REQUEST_URL) {
    core.warning(
      "export-id-token-env: later steps of this job get test tokens from the served issuer instead of GitHub's real OIDC endpoint",
    );
  }
  core.exportVariable('ACTIONS_ID_TOKEN_REQUEST_URL', served.tokenRequestUrl);
  core.exportVariable('ACTIONS_ID_TOKEN_REQUEST_TOKEN', served.requestToken);
}
