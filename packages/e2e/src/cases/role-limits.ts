import { status } from '@grpc/grpc-js';
import { CaseFailure, type E2eCase } from './case.js';
import { expectGrpcError, expectOk, uniqueName, withVaultClient } from './case-helpers.js';

const ANY_BASE64 = Buffer.from('not a ciphertext').toString('base64');
/** The member role's top_k limit (VAULT.md default roles). */
const MEMBER_TOP_K = 10;

export const scopeAndTopKCase: E2eCase = {
  id: 12,
  name: 'scope-and-topk',
  deadlineMs: 20_000,
  async run(vault, ctx) {
    const role = uniqueName('e2e-scope', ctx);
    await vault.createRole({ name: role, scope: ['get_public_key'], topK: 2, rateLimit: '30/60s' });
    const token = await vault.issueToken(role, role);
    await withVaultClient(vault, ctx, async (client) => {
      await expectOk(client.getPublicKey(token), `GetPublicKey for role '${role}' (in scope)`);
      const item = JSON.stringify({ a: 'e2e', c: ANY_BASE64 });
      await expectGrpcError(
        client.decryptMetadata(token, [item]),
        status.PERMISSION_DENIED,
        `DecryptMetadata for role '${role}' (scope get_public_key only)`,
        /not permitted/,
      );
      // The limit is checked before the blob is decrypted, so any base64 will do.
      await expectGrpcError(
        client.decryptScores(vault.token, ANY_BASE64, MEMBER_TOP_K + 1),
        status.INVALID_ARGUMENT,
        `DecryptScores with a member token and top_k ${MEMBER_TOP_K + 1}`,
        /exceeds limit/,
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
