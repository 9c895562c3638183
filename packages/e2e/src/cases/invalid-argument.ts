import { status } from '@grpc/grpc-js';
import type { VaultClient } from '@runevault/vault/client';
import { CaseFailure, type E2eCase } from './case.js';
import { expectGrpcError, withVaultClient } from './case-helpers.js';

// Validation runs before authentication, so these spend no rate budget and no auth failures.
const VALID_BASE64 = Buffer.from('not a ciphertext').toString('base64');

const probes: { what: string; call: (client: VaultClient, token: string) => Promise<unknown> }[] = [
  { what: 'a 9-character token', call: (c) => c.getPublicKey('evt_short') },
  { what: 'top_k 0', call: (c, t) => c.decryptScores(t, VALID_BASE64, 0) },
  { what: 'top_k 301', call: (c, t) => c.decryptScores(t, VALID_BASE64, 301) },
  { what: 'an empty metadata list', call: (c, t) => c.decryptMetadata(t, []) },
  { what: '1001 metadata items', call: (c, t) => c.decryptMetadata(t, Array(1001).fill('x')) },
];

export const invalidArgumentCase: E2eCase = {
  id: 11,
  name: 'invalid-argument',
  deadlineMs: 10_000,
  async run(vault, ctx) {
    // Every probe runs, so one report lists all the rules that are not enforced.
    const failures = await withVaultClient(vault, ctx, async (client) => {
      const found: string[] = [];
      for (const probe of probes) {
        try {
          await expectGrpcError(probe.call(client, vault.token), status.INVALID_ARGUMENT, probe.what);
        } catch (error) {
          if (!(error instanceof CaseFailure)) throw error;
          found.push(`${probe.what}: ${error.actual}`);
        }
      }
      return found;
    });
    if (failures.length > 0) {
      throw new CaseFailure(
        `INVALID_ARGUMENT for ${probes.map((p) => p.what).join(', ')}`,
        failures.join('; '),
      );
    }
  },
};
