// Case 15 passes against a vault that exchanges correctly and fails, saying why, against one
// that does not: it accepts a token it must refuse, trusts another issuer, or audits nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oidcExchangeCase } from '../../src/cases/oidc-exchange.js';
import { localOidc } from '../../src/oidc/oidc-fixture.js';
import { runCases } from '../../src/runner.js';
import type { VaultUnderTest } from '../../src/vault-under-test.js';
import { type InProcessVault, startInProcessVault } from '../support/in-process-vault.js';

let vault: InProcessVault;
beforeAll(async () => {
  vault = await startInProcessVault({ oidc: true });
});
afterAll(async () => {
  await vault?.stop();
});

async function run(target: VaultUnderTest) {
  const result = await runCases(target, [oidcExchangeCase]);
  return result.cases[0] as NonNullable<(typeof result.cases)[0]>;
}

describe('case 15 oidc-exchange', () => {
  it('passes: the minted JWT exchanges and works, every negative is refused with its reason, audited', async () => {
    const result = await run(vault);
    expect(result.message).toBeUndefined();
    expect(result.status).toBe('passed');
    const exchanges = vault.harness.auditLines.filter((l) => l.includes('"method":"ExchangeToken"'));
    expect(exchanges.length).toBe(1 + 9);
  });

  it('is skipped when the vault has no OIDC fixture', async () => {
    const { oidc: _, ...withoutOidc } = vault;
    const result = await run(withoutOidc);
    expect(result).toMatchObject({
      status: 'skipped',
      message: 'needs oidc: not configured on the vault under test',
    });
  });

  it('fails when the vault accepts a token it must refuse', async () => {
    const oidc = vault.oidc as NonNullable<VaultUnderTest['oidc']>;
    const good = await oidc.goodToken();
    const result = await run({
      ...vault,
      oidc: { ...oidc, negatives: { ...oidc.negatives, expired: good } },
    });
    expect(result.status).toBe('failed');
    // The token itself never reaches the report.
    expect(result.message).toMatch(
      /^expected ExchangeToken with the expired token → UNAUTHENTICATED, got OK /,
    );
    expect(result.message).not.toContain(good.split('.')[2]);
  });

  it('fails when the vault does not trust the issuer of the good token', async () => {
    const stranger = await localOidc();
    try {
      const result = await run({ ...vault, oidc: stranger.fixture });
      expect(result.status).toBe('failed');
      expect(result.message).toMatch(
        /^expected ExchangeToken with the minted JWT to succeed, got UNAUTHENTICATED: Token exchange rejected by provider 'ci': unknown_kid/,
      );
    } finally {
      stranger.dispose();
    }
  });

  it('fails when a required negative preset is missing', async () => {
    const oidc = vault.oidc as NonNullable<VaultUnderTest['oidc']>;
    const { 'alg-none': _, ...fewer } = oidc.negatives;
    const result = await run({ ...vault, oidc: { ...oidc, negatives: fewer } });
    expect(result.message).toBe(
      'expected negative tokens for expired, wrong-aud, wrong-iss, alg-none, unknown-kid, got none for alg-none (mint them with mint-test-oidc negatives: all)',
    );
  });

  it('fails when the log holds no ExchangeToken audit lines', async () => {
    const result = await run({ ...vault, readLogs: async () => 'nothing here\n' });
    expect(result.status).toBe('failed');
    expect(result.message).toMatch(
      /^expected an ExchangeToken audit line for every exchange, refusals naming their reason, got none for the success of oidc:ci:.*, expired \(expired\), /,
    );
  });
});
