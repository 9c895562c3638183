import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestVault, type TestVault } from '@runevault/vault/test-support/test-vault';
import { createHostileInputCase } from '../../src/cases/hostile-input.js';
import { ALL_CASES } from '../../src/cases/index.js';
import { type LocalOidc, localOidc } from '../../src/oidc/oidc-fixture.js';
import type { VaultUnderTest } from '../../src/vault-under-test.js';

/**
 * Case 17 against a vault in this very process: its own multi-megabyte requests count in the
 * resident memory it measures, so such a vault gets this small receive limit (IN_PROCESS_CONFIG)
 * and the case is told (IN_PROCESS_CASES).
 */
export const IN_PROCESS_MAX_REQUEST_BYTES = 8 * 1024 * 1024;
export const IN_PROCESS_GRPC = { max_request_bytes: IN_PROCESS_MAX_REQUEST_BYTES };
export const IN_PROCESS_CASES = ALL_CASES.map((c) =>
  c.name === 'hostile-input' ? createHostileInputCase({ maxRequestBytes: IN_PROCESS_MAX_REQUEST_BYTES }) : c,
);

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
  opts: {
    config?: Record<string, unknown>;
    tlsRootCert?: Buffer;
    /** Trust a per-run test issuer and hand its tokens to case 15 (vault.oidc). */
    oidc?: boolean;
  } = {},
): Promise<InProcessVault> {
  const oidc = opts.oidc ? await localOidc() : undefined;
  const config = oidc ? { ...opts.config, oidc: { providers: [providerEntry(oidc)] } } : opts.config;
  const harness = await startTestVault(config ? { config } : {});
  const { vault } = harness;
  const secKeyFile = join(harness.config.keys.path, harness.config.keys.keyId, 'SecKey.json');
  return {
    harness,
    driver: 'process',
    grpcAddress: vault.grpcAddress,
    httpUrl: harness.httpUrl,
    token: harness.memberToken,
    ...(opts.tlsRootCert ? { tlsRootCert: opts.tlsRootCert } : {}),
    ...(oidc ? { oidc: oidc.fixture } : {}),
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
    stop: async () => {
      await harness.stop();
      oidc?.dispose();
    },
  };
}

/** The provider as runevault.conf spells it. */
function providerEntry({ provider }: LocalOidc): Record<string, unknown> {
  return {
    name: provider.name,
    issuer: provider.issuer,
    audiences: provider.audiences,
    jwks_file: provider.jwksFile,
    algorithms: provider.algorithms,
    bound_claims: provider.boundClaims,
    role: provider.role,
    ttl: provider.ttl,
  };
}
