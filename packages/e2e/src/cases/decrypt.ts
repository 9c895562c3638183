import {
  agentKeyFromBundle,
  encryptMetadata,
  encryptScoresBase64,
  type VaultClient,
} from '@runevault/vault/client';
import { CaseFailure, type E2eCase } from './case.js';
import { expectOk, summarize, withVaultClient } from './case-helpers.js';

// Distinct scores across two shards, so the expected top-k is unambiguous.
const SHARDS = [
  { shardIdx: 0, scores: [0.12, 0.91, 0.33, 0.74, -0.5] },
  { shardIdx: 3, scores: [0.52, 0.97, 0.21, 0.05] },
];
const TOP_K = 4;
const SCORE_TOLERANCE = 1e-3;

interface ScoreRow {
  shard_idx: number;
  row_idx: number;
  score: number;
}

/** Score descending, ties by (shard, row) ascending: the vault's documented order. */
export function expectedTopK(shards: typeof SHARDS, k: number): ScoreRow[] {
  return shards
    .flatMap(({ shardIdx, scores }) =>
      scores.map((score, row) => ({ shard_idx: shardIdx, row_idx: row, score })),
    )
    .sort((a, b) => b.score - a.score || a.shard_idx - b.shard_idx || a.row_idx - b.row_idx)
    .slice(0, k);
}

const render = (rows: ScoreRow[]) =>
  rows.map((r) => `(${r.shard_idx},${r.row_idx},${r.score.toFixed(4)})`).join(' ');

/** The known scores (9 rows over two shards) encrypted with `encKeyJson`, as encrypted_blob_b64. */
export function knownScoresBlob(encKeyJson: string): Promise<string> {
  return encryptScoresBase64(encKeyJson, SHARDS);
}

/**
 * Encrypts known scores with `encKeyJson` (the served EncKey) and requires DecryptScores to
 * return their top-k: indices exact, scores within the tolerance. Throws a CaseFailure.
 */
export async function expectKnownTopK(
  client: VaultClient,
  token: string,
  encKeyJson: string,
  what = 'DecryptScores',
  topK = TOP_K,
): Promise<void> {
  const blob = await knownScoresBlob(encKeyJson);
  const { results } = await expectOk(client.decryptScores(token, blob, topK), what);
  const expected = expectedTopK(SHARDS, topK);
  const got = results.map((r) => ({ shard_idx: r.shard_idx, row_idx: r.row_idx, score: r.score }));
  const wanted = `${what} to return top ${topK} ${render(expected)} (scores within ${SCORE_TOLERANCE})`;
  if (got.length !== expected.length) throw new CaseFailure(wanted, `${got.length} results ${render(got)}`);
  got.forEach((row, i) => {
    const want = expected[i] as ScoreRow;
    const sameIndex = row.shard_idx === want.shard_idx && row.row_idx === want.row_idx;
    if (!sameIndex || Math.abs(row.score - want.score) > SCORE_TOLERANCE) {
      throw new CaseFailure(wanted, render(got), `rank ${i + 1} differs`);
    }
  });
}

export const decryptScoresCase: E2eCase = {
  id: 9,
  name: 'decrypt-scores',
  deadlineMs: 60_000,
  async run(vault, ctx) {
    await withVaultClient(vault, ctx, async (client) => {
      const bundle = await expectOk(client.getPublicKeyBundle(vault.token), 'GetPublicKey');
      await expectKnownTopK(client, vault.token, bundle['EncKey.json']);
    });
  },
};

export const decryptMetadataCase: E2eCase = {
  id: 10,
  name: 'decrypt-metadata',
  deadlineMs: 15_000,
  async run(vault, ctx) {
    const plaintexts = {
      v2: `{"doc":"e2e v2 ${ctx.runId}","note":"ünïcødé ✓"}`,
      legacy: `{"doc":"e2e legacy ${ctx.runId}"}`,
    } as const;
    const decrypted = await withVaultClient(vault, ctx, async (client) => {
      const bundle = await expectOk(client.getPublicKeyBundle(vault.token), 'GetPublicKey');
      const { agentId, agentKey } = agentKeyFromBundle(bundle);
      const items = (['v2', 'legacy'] as const).map((format) =>
        encryptMetadata(agentKey, agentId, plaintexts[format], { format }),
      );
      const response = await expectOk(client.decryptMetadata(vault.token, items), 'DecryptMetadata');
      return response.decrypted_metadata;
    });
    const expected = [plaintexts.v2, plaintexts.legacy];
    if (decrypted.length !== 2 || decrypted[0] !== expected[0] || decrypted[1] !== expected[1]) {
      throw new CaseFailure(
        `the plaintexts back (v2, legacy) ${summarize(expected, 200)}`,
        summarize(decrypted, 200),
      );
    }
  },
};
