// A test issuer must never mint tokens that claim to come from GitHub's real issuer: a vault
// that trusts GitHub would accept them if their keys ever leaked into its JWKS.

export const GITHUB_ACTIONS_ISSUER = 'https://token.actions.githubusercontent.com';
const GITHUB_ISSUER_HOST = 'token.actions.githubusercontent.com';

export function isProductionGithubIssuer(issuer: string): boolean {
  try {
    const host = new URL(issuer.trim()).hostname.toLowerCase().replace(/\.$/, '');
    return host === GITHUB_ISSUER_HOST || host.endsWith(`.${GITHUB_ISSUER_HOST}`);
  } catch {
    return issuer.trim().toLowerCase().includes(GITHUB_ISSUER_HOST);
  }
}

/** Throws with what to do when `issuer` is GitHub's production issuer or not an http(s) URL. */
export function assertTestIssuerUrl(issuer: string): void {
  if (isProductionGithubIssuer(issuer)) {
    throw new Error(
      `issuer ${issuer} is GitHub's production OIDC issuer; a local test issuer must not mint tokens for it (use a test URL such as https://oidc.test.invalid, or mode: github for real tokens)`,
    );
  }
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    throw new Error(`issuer ${JSON.stringify(issuer)} is not a URL; use e.g. https://oidc.test.invalid`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error(`issuer ${issuer} must be an http(s) URL`);
  }
}
