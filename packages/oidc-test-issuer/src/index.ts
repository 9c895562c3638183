// A test-only OIDC issuer: per-run keys, GitHub-shaped tokens, negative presets, the JWKS,
// and a loopback issuer speaking GitHub's ACTIONS_ID_TOKEN_REQUEST_URL protocol. Shared by the
// mint-test-oidc action, the e2e suite and the vault's tests. The trust-policy explainer is a
// separate entry (`@runevault/oidc-test-issuer/explain`), so what loads this one (the e2e suite
// and its action bundles) does not carry it.

export {
  AWS_MAX_SESSION_TAGS,
  AWS_MAX_TAG_KEY_LENGTH,
  AWS_MAX_TAG_VALUE_LENGTH,
  AWS_TAGS_CLAIM,
  type AwsTagsClaim,
  AwsTagsError,
  awsTagsClaim,
} from './aws-tags.js';
export {
  defaultNamespace,
  escapeSubjectValue,
  type GithubContext,
  githubContextFromEnv,
  githubShapedClaims,
  githubSubject,
} from './github-claims.js';
export {
  exportPrivateJwk,
  generateIssuerKey,
  type IssuerKey,
  importIssuerKey,
  isSigningAlg,
  publicKeyPem,
  SIGNING_ALGS,
  type SigningAlg,
} from './issuer-key.js';
export {
  DEFAULT_MAX_LIFETIME_SECONDS,
  ISSUER_PROCESS_ARG,
  type IssuerProcessConfig,
  type IssuerProcessReady,
  isAlive,
  runIssuerProcess,
  type SpawnIssuerOptions,
  type StopIssuerOptions,
  spawnIssuerProcess,
  stopIssuerProcess,
} from './issuer-process.js';
export {
  DISCOVERY_PATH,
  type IssuerEndpoints,
  type IssuerServer,
  type IssuerServerOptions,
  JWKS_PATH,
  startIssuerServer,
  TOKEN_PATH,
  TOKEN_QUERY,
} from './issuer-server.js';
export { writeJwksFile, writeSecretFile } from './jwks-file.js';
export {
  DEFAULT_LOCAL_ISSUER,
  type LocalRunOptions,
  type LocalRunResult,
  mintLocalRun,
  type ServedIssuer,
} from './local-run.js';
export {
  EXPECTED_VAULT_REASONS,
  isNegativePreset,
  mintNegative,
  mintNegatives,
  NEGATIVE_PRESETS,
  type NegativePreset,
  parseNegativePresets,
  WRONG_AUDIENCE,
  WRONG_ISSUER,
} from './negative-presets.js';
export { assertTestIssuerUrl, GITHUB_ACTIONS_ISSUER, isProductionGithubIssuer } from './production-issuer.js';
export { type MintOverrides, TestIssuer, type TestIssuerOptions } from './test-issuer.js';
export {
  buildTokenTemplate,
  MAX_LIFETIME_SECONDS,
  MINTED_CLAIMS,
  parseLifetimeSeconds,
  TemplateError,
  type TemplateInput,
  type TokenTemplate,
} from './token-template.js';
