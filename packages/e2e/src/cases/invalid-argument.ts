import { status } from '@grpc/grpc-js';
import type { VaultClient } from '@runevault/vault/client';
import { CaseFailure, type E2eCase } from './case.js';
import { expectGrpcError, withVaultClient } from './case-helpers.js';

// Validation runs before authentication, so these spend no rate budget and no auth failures.
const VALID_BASE64 = Buffer.from('not a ciphertext').toString('base64');

// Each refusal must name the field it is about (VAULT.md: "names the field and rule"): a vault
// without validation still answers INVALID_ARGUMENT to top_k 0 with a garbage blob (not a
// ciphertext), to top_k 301 with a member token (over the role's limit) and to 1001 items of
// 'x' (item 0 is not JSON), and only the message tells those refusals from the rule's own:
// "top_k: …" (runevault and upstream's protovalidate alike), not "top_k 301 exceeds limit …"
// or "encrypted_metadata_list[0]: …".
const TOKEN_RULE = /\btoken:/;
const TOP_K_RULE = /\btop_k:/;
const LIST_RULE = /\bencrypted_metadata_list:/;
const probes: {
  what: string;
  field: RegExp;
  call: (client: VaultClient, token: string) => Promise<unknown>;
}[] = [
  { what: 'a 9-character token', field: TOKEN_RULE, call: (c) => c.getPublicKey('evt_short') },
  { what: 'top_k 0', field: TOP_K_RULE, call: (c, t) => c.decryptScores(t, VALID_BASE64, 0) },
  { what: 'top_k 301', field: TOP_K_RULE, call: (c, t) => c.decryptScores(t, VALID_BASE64, 301) },
  {
    what: 'an empty metadata list',
    field: LIST_RULE,
    call: (c, t) => c.decryptMetadata(t, []),
  },
  {
    what: '1001 metadata items',
    field: LIST_RULE,
    call: (c, t) => c.decryptMetadata(t, Array(1001).fill('x')),
  },
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
          await expectGrpcError(
            probe.call(client, vault.token),
            status.INVALID_ARGUMENT,
            probe.what,
            probe.field,
          );
        } catch (error) {
          if (!(error instanceof CaseFailure)) throw error;
          found.push(`${probe.what}: ${error.actual}`);
        }
      }
      return found;
    });
    if (failures.length > 0) {
      throw new CaseFailure(
        `INVALID_ARGUMENT naming the field for ${probes.map((p) => p.what).join(', ')}`,
        failures.join('; '),
      );
    }
  },
};
