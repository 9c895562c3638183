// A trust policy file of any supported kind, told apart by its shape: an AWS trust policy
// (Statement), a runevault.conf or one of its providers (oidc.providers / issuer + audiences),
// or a Vault JWT role (bound_audiences, bound_claims, bound_subject, user_claim). JSON or YAML.
import { parseDocument } from 'yaml';
import { logSafe } from '../../../../actions/common/src/log-safe.js';
import { type AwsTrustPolicy, explainAwsTrustPolicy, parseAwsTrustPolicy } from './aws-trust-policy.js';
import { type ClaimsInput, ExplainError, type ExplainOptions, type Explanation } from './explanation.js';
import { explainJwtRole, JWT_ROLE_FIELDS, type JwtRole, parseJwtRole } from './jwt-role.js';
import {
  explainRunevaultProvider,
  parseRunevaultProvider,
  type RunevaultProvider,
} from './runevault-provider.js';
import { MAX_POLICY_BYTES, readBoundedFile } from './token-input.js';

export type TrustPolicy = AwsTrustPolicy | JwtRole | RunevaultProvider;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function parseText(text: string, label: string): Record<string, unknown> {
  if (Buffer.byteLength(text, 'utf8') > MAX_POLICY_BYTES) {
    throw new ExplainError(`policy ${label} is larger than ${MAX_POLICY_BYTES} bytes`);
  }
  // YAML 1.2 reads JSON too; its errors carry the line and column.
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  const error = document.errors[0];
  if (error) {
    const [line, column] = error.linePos?.[0] ? [error.linePos[0].line, error.linePos[0].col] : [0, 0];
    throw new ExplainError(
      `policy ${label}:${line}:${column} is not valid JSON or YAML (${error.code}); fix the file there`,
    );
  }
  const value = document.toJS({ maxAliasCount: 100 }) as unknown;
  if (!isObject(value)) throw new ExplainError(`policy ${label} must be a JSON or YAML object`);
  return value;
}

/** The policy in `text`; `label` names it in messages (a path: escaped here). */
export function parseTrustPolicy(text: string, label: string, options: ExplainOptions = {}): TrustPolicy {
  const name = logSafe(label);
  const document = parseText(text, name);
  if (document.Statement !== undefined) return parseAwsTrustPolicy(document, name);
  if (isObject(document.oidc) || (document.issuer !== undefined && document.audiences !== undefined)) {
    return parseRunevaultProvider(document, name, options.provider);
  }
  const role = isObject(document.data) ? document.data : document;
  if (JWT_ROLE_FIELDS.some((field) => role[field] !== undefined)) return parseJwtRole(document, name);
  throw new ExplainError(
    `policy ${name} is none of the kinds the explainer reads: an AWS trust policy (Statement), a runevault.conf (oidc.providers) or provider (issuer, audiences), or a Vault JWT role (bound_audiences, bound_claims, user_claim)`,
  );
}

export function readTrustPolicy(path: string, options: ExplainOptions = {}): TrustPolicy {
  return parseTrustPolicy(readBoundedFile(path, MAX_POLICY_BYTES, 'policy'), path, options);
}

/** The policy's verdict on `input`, condition by condition. */
export function explainTrust(
  policy: TrustPolicy,
  input: ClaimsInput,
  options: ExplainOptions = {},
): Explanation {
  const explanation =
    policy.kind === 'aws-trust-policy'
      ? explainAwsTrustPolicy(policy, input)
      : policy.kind === 'jwt-role'
        ? explainJwtRole(policy, input)
        : explainRunevaultProvider(policy, input, options.now ?? new Date());
  return { ...explanation, notes: [`input: ${input.source}`, ...explanation.notes] };
}
