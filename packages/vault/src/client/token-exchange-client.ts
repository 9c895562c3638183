import * as grpc from '@grpc/grpc-js';
import type { ExchangeTokenResponse__Output } from '../generated/rune/vault/v1/ExchangeTokenResponse.js';
import type { TokenExchangeServiceClient } from '../generated/rune/vault/v1/TokenExchangeService.js';
import { loadVaultProtos } from '../protocol/vault-protos.js';
import type { VaultClientOptions } from './vault-client.js';

/** A promise-returning TokenExchangeService client: trade an OIDC JWT for a short-lived evt_ token. */
export function createTokenExchangeClient(address: string, options: VaultClientOptions = {}) {
  const { proto } = loadVaultProtos();
  const credentials = options.rootCert
    ? grpc.credentials.createSsl(options.rootCert)
    : grpc.credentials.createInsecure();
  const raw = new proto.rune.vault.v1.TokenExchangeService(
    address,
    credentials,
  ) as TokenExchangeServiceClient;
  return {
    raw,
    /** `provider` names an oidc.providers entry; '' picks the only one when just one is configured. */
    exchangeToken: (subjectToken: string, provider: string) =>
      new Promise<ExchangeTokenResponse__Output>((resolve, reject) =>
        raw.ExchangeToken(
          { subject_token: subjectToken, provider },
          { deadline: Date.now() + (options.deadlineMs ?? 30_000) },
          (error, response) => (error ? reject(error) : resolve(response as ExchangeTokenResponse__Output)),
        ),
      ),
    close: () => raw.close(),
  };
}

export type TokenExchangeClient = ReturnType<typeof createTokenExchangeClient>;
