import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestVault, type TestVault } from '../../../vault/test/support/test-vault.js';
import type { VaultUnderTest } from '../../src/vault-under-test.js';

export interface InProcessVault extends VaultUnderTest {
  /** The vault package's test harness underneath (config, home, captured lines). */
  harness: TestVault;
}

/**
 * A VaultUnderTest around a real vault started in this process (the vault package's own test
 * harness: loopback gRPC + HTTP, stdout audit captured). Tokens and roles go straight to the
 * token store, where the real drivers go through the admin CLI.
 */
export async function startInProcessVault(
  opts: { config?: Record<string, unknown>; tlsRootCert?: Buffer } = {},
): Promise<InProcessVault> {
  const harness = await startTestVault(opts.config ? { config: opts.config } : {});
  const { vault } = harness;
  const secKeyFile = join(harness.config.keys.path, harness.config.keys.keyId, 'SecKey.json');
  return {
    harness,
    driver: 'process',
    grpcAddress: vault.grpcAddress,
    httpUrl: harness.httpUrl,
    token: harness.memberToken,
    ...(opts.tlsRootCert ? { tlsRootCert: opts.tlsRootCert } : {}),
    issueToken: async (user, role) => vault.tokens.issue(user, role, 30).token,
    createRole: async ({ name, scope, topK, rateLimit }) => {
      vault.tokens.createRole({ name, scope, top_k: topK, rate_limit: rateLimit });
    },
    // Operator log first, then the audit lines: cases look for lines, not their interleaving.
    readLogs: async () => `${harness.logs.join('')}${harness.auditLines.map((l) => `${l}\n`).join('')}`,
    knownSecrets: async () => {
      const data = (JSON.parse(readFileSync(secKeyFile, 'utf8')) as { data: string }).data;
      const at = (fraction: number) =>
        data.slice(Math.floor(data.length * fraction), Math.floor(data.length * fraction) + 48);
      return { teamSecret: harness.teamSecret, secKeyFragments: [at(0), at(0.5), at(0.9)] };
    },
    stop: () => harness.stop(),
  };
}
