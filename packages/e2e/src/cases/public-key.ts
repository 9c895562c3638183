import { status } from '@grpc/grpc-js';
import { agentIdForToken, agentKeyFromBundle, encryptScoresBase64 } from '@runevault/vault/client';
import { describeError } from '../clients/grpc-error.js';
import { CaseFailure, type E2eCase } from './case.js';
import { expectGrpcError, expectOk, summarize, unknownToken, withVaultClient } from './case-helpers.js';

/** The upstream bundle shape (VAULT.md "GetPublicKey bundle"); index_name and envector_* may be empty. */
const BUNDLE_FIELDS = ['EncKey.json', 'EvalKey.json', 'key_id', 'agent_id', 'agent_dek'] as const;
/** One score encrypted with the served EncKey; only the vault's own SecKey decrypts it back. */
const PROBE_SCORE = 0.625;
const SCORE_TOLERANCE = 1e-3;

export const publicKeyCase: E2eCase = {
  id: 5,
  name: 'public-key',
  deadlineMs: 15_000,
  async run(vault, ctx) {
    await withVaultClient(vault, ctx, async (client) => {
      const response = await expectOk(client.getPublicKey(vault.token), 'GetPublicKey with the issued token');
      const bundle = checkBundleShape(response.key_bundle_json);
      checkAgentFields(bundle, vault.token);
      // Fields can all be present and still belong to another vault: a round trip through the
      // vault's SecKey is the only proof a client has that EncKey.json is this vault's key.
      let blob: string;
      try {
        blob = await encryptScoresBase64(bundle['EncKey.json'], [{ shardIdx: 0, scores: [PROBE_SCORE] }]);
      } catch (error) {
        throw new CaseFailure(
          'EncKey.json to be a CKKS public key a client can encrypt with',
          (error as Error).message,
        );
      }
      const expected = `EncKey.json to be the vault's own key (a score ${PROBE_SCORE} encrypted with it comes back from DecryptScores top_k 1 within ${SCORE_TOLERANCE})`;
      let results: { shard_idx: number; row_idx: number; score: number }[];
      try {
        ({ results } = await client.decryptScores(vault.token, blob, 1));
      } catch (error) {
        throw new CaseFailure(expected, describeError(error));
      }
      const [row] = results;
      if (
        results.length !== 1 ||
        row?.shard_idx !== 0 ||
        row.row_idx !== 0 ||
        !(Math.abs(row.score - PROBE_SCORE) <= SCORE_TOLERANCE)
      ) {
        throw new CaseFailure(expected, summarize(results, 200), `key_id ${summarize(bundle.key_id, 60)}`);
      }
    });
  },
};

type Bundle = Record<(typeof BUNDLE_FIELDS)[number], string> & Record<string, unknown>;

function checkBundleShape(json: string): Bundle {
  const expected = `a key_bundle_json with ${BUNDLE_FIELDS.join(', ')}`;
  let bundle: Record<string, unknown>;
  try {
    bundle = JSON.parse(json) as Record<string, unknown>;
  } catch {
    throw new CaseFailure(expected, `unparseable JSON ${summarize(json)}`);
  }
  if (typeof bundle !== 'object' || bundle === null || Array.isArray(bundle)) {
    throw new CaseFailure(expected, summarize(json));
  }
  const missing = BUNDLE_FIELDS.filter((f) => typeof bundle[f] !== 'string' || bundle[f] === '');
  if (missing.length > 0) {
    throw new CaseFailure(
      expected,
      `a bundle without ${missing.join(', ')} (fields: ${Object.keys(bundle).join(', ')})`,
    );
  }
  // Both key files are served verbatim; they must at least be JSON documents.
  for (const file of ['EncKey.json', 'EvalKey.json'] as const) {
    try {
      JSON.parse(bundle[file] as string);
    } catch {
      throw new CaseFailure(`${file} in the bundle to be JSON`, summarize(bundle[file]));
    }
  }
  return bundle as Bundle;
}

/** agent_id is derived from the caller's token, agent_dek is 32 bytes: both checkable here. */
function checkAgentFields(bundle: Bundle, token: string): void {
  const agentId = agentIdForToken(token);
  if (bundle.agent_id !== agentId) {
    throw new CaseFailure(
      `agent_id ${agentId} (the first 32 hex characters of SHA-256 of the issued token)`,
      summarize(bundle.agent_id, 60),
    );
  }
  try {
    agentKeyFromBundle(bundle);
  } catch (error) {
    // The message names the rule; the key itself is never quoted.
    throw new CaseFailure('agent_dek to be base64 of a 32-byte key', (error as Error).message);
  }
}

export const authRejectedCase: E2eCase = {
  id: 6,
  name: 'auth-rejected',
  deadlineMs: 5_000,
  async run(vault, ctx) {
    await withVaultClient(vault, ctx, (client) =>
      expectGrpcError(
        client.getPublicKey(unknownToken()),
        status.UNAUTHENTICATED,
        'GetPublicKey with a well-formed unknown token',
      ),
    );
  },
};
