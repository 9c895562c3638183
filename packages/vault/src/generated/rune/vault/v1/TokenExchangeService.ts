// Original file: proto/rune/vault/v1/token_exchange.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { ExchangeTokenRequest as _rune_vault_v1_ExchangeTokenRequest, ExchangeTokenRequest__Output as _rune_vault_v1_ExchangeTokenRequest__Output } from '../../../rune/vault/v1/ExchangeTokenRequest.js';
import type { ExchangeTokenResponse as _rune_vault_v1_ExchangeTokenResponse, ExchangeTokenResponse__Output as _rune_vault_v1_ExchangeTokenResponse__Output } from '../../../rune/vault/v1/ExchangeTokenResponse.js';

/**
 * Federated token exchange: an OIDC JWT from a configured provider becomes a short-lived
 * evt_ token, held in memory only.
 */
export interface TokenExchangeServiceClient extends grpc.Client {
  ExchangeToken(argument: _rune_vault_v1_ExchangeTokenRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rune_vault_v1_ExchangeTokenResponse__Output>): grpc.ClientUnaryCall;
  ExchangeToken(argument: _rune_vault_v1_ExchangeTokenRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rune_vault_v1_ExchangeTokenResponse__Output>): grpc.ClientUnaryCall;
  ExchangeToken(argument: _rune_vault_v1_ExchangeTokenRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rune_vault_v1_ExchangeTokenResponse__Output>): grpc.ClientUnaryCall;
  ExchangeToken(argument: _rune_vault_v1_ExchangeTokenRequest, callback: grpc.requestCallback<_rune_vault_v1_ExchangeTokenResponse__Output>): grpc.ClientUnaryCall;
  exchangeToken(argument: _rune_vault_v1_ExchangeTokenRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rune_vault_v1_ExchangeTokenResponse__Output>): grpc.ClientUnaryCall;
  exchangeToken(argument: _rune_vault_v1_ExchangeTokenRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rune_vault_v1_ExchangeTokenResponse__Output>): grpc.ClientUnaryCall;
  exchangeToken(argument: _rune_vault_v1_ExchangeTokenRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rune_vault_v1_ExchangeTokenResponse__Output>): grpc.ClientUnaryCall;
  exchangeToken(argument: _rune_vault_v1_ExchangeTokenRequest, callback: grpc.requestCallback<_rune_vault_v1_ExchangeTokenResponse__Output>): grpc.ClientUnaryCall;
  
}

/**
 * Federated token exchange: an OIDC JWT from a configured provider becomes a short-lived
 * evt_ token, held in memory only.
 */
export interface TokenExchangeServiceHandlers extends grpc.UntypedServiceImplementation {
  ExchangeToken: grpc.handleUnaryCall<_rune_vault_v1_ExchangeTokenRequest__Output, _rune_vault_v1_ExchangeTokenResponse>;
  
}

export interface TokenExchangeServiceDefinition extends grpc.ServiceDefinition {
  ExchangeToken: MethodDefinition<_rune_vault_v1_ExchangeTokenRequest, _rune_vault_v1_ExchangeTokenResponse, _rune_vault_v1_ExchangeTokenRequest__Output, _rune_vault_v1_ExchangeTokenResponse__Output>
}
