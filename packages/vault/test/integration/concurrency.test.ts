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

describe('200 concurrent mixed calls', () => {
  it('answers every one of them correctly', async () => {
    // Four admin users (150 calls/60 s each) so the rate limit is not what is tested here.
    const tokens = ['u1', 'u2', 'u3', 'u4'].map((user) => t.vault.tokens.issue(user, 'admin', 1).token);
    const bundle = await t.client.getPublicKeyBundle(tokens[0] as string);
    const scores = Array.from({ length: 500 }, (_, i) => (i * 37) % 500);
    const blob = await encryptScoresBase64(bundle['EncKey.json'], [
      { shardIdx: 2, scores: scores.map((s) => s / 500) },
    ]);
    const { agentKey: key } = agentKeyFromBundle(bundle);
    const items = Array.from({ length: 20 }, (_, i) => encryptMetadata(key, bundle.agent_id, `item-${i}`));

    const calls = Array.from({ length: 200 }, (_, i) => {
      const token = tokens[i % tokens.length] as string;
      switch (i % 3) {
        case 0:
          return t.client
            .getPublicKey(token)
            .then((r) => JSON.parse(r.key_bundle_json).key_id === 'vault-key');
        case 1:
          return t.client
            .decryptScores(token, blob, 3)
            .then((r) => r.results[0]?.row_idx === scores.indexOf(499));
        default:
          return t.client.decryptMetadata(token, items).then((r) => r.decrypted_metadata[19] === 'item-19');
      }
    });
    const outcomes = await Promise.allSettled(calls);
    const failures = outcomes.filter((o) => o.status === 'rejected');
    expect(failures.map((f) => String((f as PromiseRejectedResult).reason))).toEqual([]);
    expect(outcomes.filter((o) => o.status === 'fulfilled' && o.value === true)).toHaveLength(200);
    expect(t.auditLines.filter((l) => l.startsWith('{'))).toHaveLength(201);
  });
});
