import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encryptScoresBase64 } from '../../src/client/encrypt-scores.js';
import { agentKeyFromBundle, encryptMetadata } from '../../src/client/metadata.js';
import { startTestVault, type TestVault } from '../support/test-vault.js';

let t: TestVault;
beforeAll(async () => {
  t = await startTestVault();
});
afterAll(async () => {
  await t?.stop();
});

describe('GetPublicKey', () => {
  it('returns the upstream bundle shape with the key files verbatim and no secret', async () => {
    const bundle = await t.client.getPublicKeyBundle(t.memberToken);
    expect(Object.keys(bundle).sort()).toEqual(
      [
        'EncKey.json',
        'EvalKey.json',
        'agent_dek',
        'agent_id',
        'envector_api_key',
        'envector_endpoint',
        'key_id',
      ].sort(),
    );
    expect(JSON.parse(bundle['EncKey.json']).kind).toBe('EncKey');
    expect(JSON.parse(bundle['EvalKey.json']).kind).toBe('EvalKey');
    expect(bundle.key_id).toBe('vault-key');
    expect(bundle.agent_id).toMatch(/^[0-9a-f]{32}$/);
    expect(Buffer.from(bundle.agent_dek, 'base64')).toHaveLength(32);
    const raw = (await t.client.getPublicKey(t.memberToken)).key_bundle_json;
    expect(raw).not.toContain('SecKey');
    expect(raw).not.toContain(t.teamSecret);
  });

  it('gives each token its own agent id', async () => {
    const a = await t.client.getPublicKeyBundle(t.memberToken);
    const b = await t.client.getPublicKeyBundle(t.adminToken);
    expect(a.agent_id).not.toBe(b.agent_id);
    expect(a.agent_dek).not.toBe(b.agent_dek);
  });
});

describe('DecryptScores', () => {
  it('returns the top-k over all blocks: indices exact, scores within 1e-3', async () => {
    const bundle = await t.client.getPublicKeyBundle(t.memberToken);
    const shard0 = Array.from({ length: 100 }, (_, i) => Math.sin(i) * 0.5);
    const shard3 = Array.from({ length: 40 }, (_, i) => Math.cos(i * 3) * 0.9);
    const blob = await encryptScoresBase64(bundle['EncKey.json'], [
      { shardIdx: 0, scores: shard0 },
      { shardIdx: 3, scores: shard3 },
    ]);
    const expected = [
      ...shard0.map((score, row) => ({ shard_idx: 0, row_idx: row, score })),
      ...shard3.map((score, row) => ({ shard_idx: 3, row_idx: row, score })),
    ]
      .sort((x, y) => y.score - x.score || x.shard_idx - y.shard_idx || x.row_idx - y.row_idx)
      .slice(0, 10);
    const { results } = await t.client.decryptScores(t.memberToken, blob, 10);
    expect(results.map((r) => [r.shard_idx, r.row_idx])).toEqual(
      expected.map((e) => [e.shard_idx, e.row_idx]),
    );
    results.forEach((r, i) => {
      expect(Math.abs(r.score - (expected[i]?.score ?? Number.NaN))).toBeLessThan(1e-3);
    });
  });

  it('returns fewer than top_k when the blocks hold fewer rows', async () => {
    const bundle = await t.client.getPublicKeyBundle(t.adminToken);
    const blob = await encryptScoresBase64(bundle['EncKey.json'], [{ shardIdx: 7, scores: [0.1, 0.9, 0.5] }]);
    const { results } = await t.client.decryptScores(t.adminToken, blob, 50);
    expect(results.map((r) => r.row_idx)).toEqual([1, 2, 0]);
    expect(results.every((r) => r.shard_idx === 7)).toBe(true);
  });
});

describe('DecryptMetadata', () => {
  it('decrypts items in both formats, in order', async () => {
    const bundle = await t.client.getPublicKeyBundle(t.memberToken);
    const { agentKey: key } = agentKeyFromBundle(bundle);
    const plaintexts = ['{"doc":"alpha"}', 'plain ütf-8 text ✓', ''.padEnd(500, 'z')];
    const items = [
      encryptMetadata(key, bundle.agent_id, plaintexts[0] as string),
      encryptMetadata(key, bundle.agent_id, plaintexts[1] as string, { format: 'legacy' }),
      encryptMetadata(key, bundle.agent_id, plaintexts[2] as string, { format: 'v2' }),
    ];
    const { decrypted_metadata } = await t.client.decryptMetadata(t.memberToken, items);
    expect(decrypted_metadata).toEqual(plaintexts);
  });
});
