import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { ExchangeTokenRequest as _rune_vault_v1_ExchangeTokenRequest, ExchangeTokenRequest__Output as _rune_vault_v1_ExchangeTokenRequest__Output } from './rune/vault/v1/ExchangeTokenRequest.js';
import type { ExchangeTokenResponse as _rune_vault_v1_ExchangeTokenResponse, ExchangeTokenResponse__Output as _rune_vault_v1_ExchangeTokenResponse__Output } from './rune/vault/v1/ExchangeTokenResponse.js';
import type { TokenExchangeServiceClient as _rune_vault_v1_TokenExchangeServiceClient, TokenExchangeServiceDefinition as _rune_vault_v1_TokenExchangeServiceDefinition } from './rune/vault/v1/TokenExchangeService.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  rune: {
    vault: {
      v1: {
        ExchangeTokenRequest: MessageTypeDefinition<_rune_vault_v1_ExchangeTokenRequest, _rune_vault_v1_ExchangeTokenRequest__Output>
        ExchangeTokenResponse: MessageTypeDefinition<_rune_vault_v1_ExchangeTokenResponse, _rune_vault_v1_ExchangeTokenResponse__Output>
        /**
         * Federated token exchange: an OIDC JWT from a configured provider becomes a short-lived
         * evt_ token, held in memory only.
         */
        TokenExchangeService: SubtypeConstructor<typeof grpc.Client, _rune_vault_v1_TokenExchangeServiceClient> & { service: _rune_vault_v1_TokenExchangeServiceDefinition }
      }
    }
  }
}

