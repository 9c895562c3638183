// A test vault that trusts one jwks_file provider, 'ci', backed by a TestIssuer, with a
// TokenExchange client to it. The provider entry starts from the fields every test shares.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type TestIssuer, writeJwksFile } from '@runevault/oidc-test-issuer';
import {
  createTokenExchangeClient,
  type TokenExchangeClient,
} from '../../src/client/token-exchange-client.js';
import type { StartVaultOptions } from '../../src/vault.js';
import { startTestVault, type TestVault } from './test-vault.js';

export const TEST_ISSUER_URL = 'https://oidc.test.invalid';

export interface OidcTestVault {
  t: TestVault;
  exchange: TokenExchangeClient;
  stop(): Promise<void>;
}

export async function startOidcTestVault(
  issuer: TestIssuer,
  provider: Record<string, unknown>,
  config: Record<string, unknown> = {},
  /** E.g. `now`, so a test moves the vault's clock instead of waiting for a token to expire. */
  vaultOptions: StartVaultOptions = {},
): Promise<OidcTestVault> {
  const home = mkdtempSync(join(tmpdir(), 'runevault-oidc-'));
  mkdirSync(join(home, 'oidc'));
  writeJwksFile(join(home, 'oidc', 'jwks.json'), issuer.jwks());
  const base = {
    name: 'ci',
    issuer: TEST_ISSUER_URL,
    audiences: ['runevault'],
    jwks_file: 'oidc/jwks.json',
    role: 'member',
  };
  const t = await startTestVault({
    home,
    config: { ...config, oidc: { providers: [{ ...base, ...provider }] } },
    vaultOptions,
  });
  const exchange = createTokenExchangeClient(`127.0.0.1:${t.vault.grpcPort}`);
  return {
    t,
    exchange,
    async stop() {
      exchange.close();
      await t.stop();
      rmSync(t.home, { recursive: true, force: true });
    },
  };
}
