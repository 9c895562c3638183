// The OIDC trust explainer: which condition of a trust policy a token's claims fail, offline.
export {
  type Check,
  type CheckResult,
  type ClaimsInput,
  ExplainError,
  type ExplainOptions,
  type Explanation,
  type PolicyKind,
  type Verdict,
} from './explanation.js';
export { type MintedClaimsOptions, mintedClaims } from './minted-claims.js';
export { explainTrust, parseTrustPolicy, readTrustPolicy, type TrustPolicy } from './policy-file.js';
export { renderJson, renderMarkdown, renderText } from './render-report.js';
export { RUNEVAULT_CLOCK_TOLERANCE_SECONDS, RUNEVAULT_MAX_JWT_BYTES } from './runevault-provider.js';
export {
  decodeTokenUnverified,
  MAX_CLAIMS_BYTES,
  MAX_POLICY_BYTES,
  MAX_TOKEN_BYTES,
  parseClaimsJson,
  readBoundedFile,
  readBoundedStream,
} from './token-input.js';
export { wildcardMatches } from './wildcard.js';
