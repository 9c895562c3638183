import { status } from '@grpc/grpc-js';
import { createVaultClient } from '@runevault/vault/client';
import { describeError, isGrpcError } from '../clients/grpc-error.js';
import { CaseFailure, CaseSkip, type E2eCase } from './case.js';
import { expectOk, remainingMs, summarize } from './case-helpers.js';

const PLAINTEXT_DEADLINE_MS = 3_000;
// A plaintext client never completes the handshake: refused outright, or no answer in time.
const REFUSED = [status.UNAVAILABLE, status.DEADLINE_EXCEEDED];

export const tlsCase: E2eCase = {
  id: 16,
  name: 'tls',
  deadlineMs: 15_000,
  needs: ['tls'],
  async run(vault, ctx) {
    if (!vault.tlsRootCert) throw new CaseSkip('the vault under test serves plaintext (no CA given)');
    const trusting = createVaultClient(vault.grpcAddress, {
      rootCert: vault.tlsRootCert,
      deadlineMs: remainingMs(ctx),
    });
    try {
      await expectOk(trusting.getPublicKey(vault.token), 'GetPublicKey over TLS trusting the CA');
    } finally {
      trusting.close();
    }

    const plaintext = createVaultClient(vault.grpcAddress, {
      deadlineMs: Math.min(PLAINTEXT_DEADLINE_MS, remainingMs(ctx)),
    });
    const expected = 'a plaintext client to fail with UNAVAILABLE or DEADLINE_EXCEEDED';
    let answer: unknown;
    try {
      answer = await plaintext.getPublicKey(vault.token);
    } catch (error) {
      if (isGrpcError(error) && REFUSED.includes(error.code)) return;
      throw new CaseFailure(expected, describeError(error));
    } finally {
      plaintext.close();
    }
    throw new CaseFailure(expected, `OK ${summarize(answer)}`);
  },
};
