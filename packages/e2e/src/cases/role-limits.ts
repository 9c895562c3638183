import { status } from '@grpc/grpc-js';
import { CaseFailure, type E2eCase } from './case.js';
import { expectGrpcError, expectOk, uniqueName, withVaultClient } from './case-helpers.js';
import { expectKnownTopK, knownScoresBlob } from './decrypt.js';

/** Below member's 10, so a vault that holds every role to member's limit fails the case. */
const ROLE_TOP_K = 2;

export const scopeAndTopKCase: E2eCase = {
  id: 12,
  name: 'scope-and-topk',
  deadlineMs: 30_000,
  async run(vault, ctx) {
    // A role of its own, with its own top_k and without decrypt_metadata: both limits are the
    // role's, not the member defaults.
    const role = uniqueName('e2e-scope', ctx);
    const scope = ['get_public_key', 'decrypt_scores'];
    await vault.createRole({ name: role, scope, topK: ROLE_TOP_K, rateLimit: '30/60s' });
    const token = await vault.issueToken(role, role);
    await withVaultClient(vault, ctx, async (client) => {
      const bundle = await expectOk(
        client.getPublicKeyBundle(token),
        `GetPublicKey for role '${role}' (in scope)`,
      );
      const item = JSON.stringify({ a: bundle.agent_id, c: Buffer.from('not metadata').toString('base64') });
      await expectGrpcError(
        client.decryptMetadata(token, [item]),
        status.PERMISSION_DENIED,
        `DecryptMetadata for role '${role}' (scope ${scope.join(', ')})`,
        new RegExp(`'decrypt_metadata' not permitted for role '${role}'`),
      );
      // A real ciphertext: a vault that ignores the limit answers OK instead of a decrypt error.
      const blob = await knownScoresBlob(bundle['EncKey.json']);
      const over = ROLE_TOP_K + 1;
      await expectGrpcError(
        client.decryptScores(token, blob, over),
        status.INVALID_ARGUMENT,
        `DecryptScores for role '${role}' with top_k ${over} (its own limit ${ROLE_TOP_K})`,
        new RegExp(`^top_k ${over} exceeds limit ${ROLE_TOP_K} for role '${role}'$`),
      );
      await expectKnownTopK(
        client,
        token,
        bundle['EncKey.json'],
        `DecryptScores for role '${role}' with top_k ${ROLE_TOP_K} (its own limit)`,
        ROLE_TOP_K,
      );
    });
  },
};

const RATE = { calls: 5, seconds: 60 };

export const rateLimitCase: E2eCase = {
  id: 13,
  name: 'rate-limit',
  deadlineMs: 20_000,
  exclusive: true,
  async run(vault, ctx) {
    // Its own role and user: spending this budget never starves another case's token.
    const role = uniqueName('e2e-rate', ctx);
    await vault.createRole({
      name: role,
      scope: ['get_public_key'],
      topK: 1,
      rateLimit: `${RATE.calls}/${RATE.seconds}s`,
    });
    const token = await vault.issueToken(role, role);
    await withVaultClient(vault, ctx, async (client) => {
      for (let i = 1; i <= RATE.calls; i++) {
        await expectOk(client.getPublicKey(token), `call ${i} of ${RATE.calls} within the limit`);
      }
      const refused = await expectGrpcError(
        client.getPublicKey(token),
        status.RESOURCE_EXHAUSTED,
        `call ${RATE.calls + 1} over ${RATE.calls}/${RATE.seconds}s`,
        /Retry after \d+s/,
      );
      const seconds = Number(/Retry after (\d+)s/.exec(refused.details ?? '')?.[1]);
      if (!(seconds >= 1 && seconds <= RATE.seconds)) {
        throw new CaseFailure(`a Retry-After of 1..${RATE.seconds} s`, `${refused.details}`);
      }
    });
  },
};
