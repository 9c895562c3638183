// Original file: proto/rune/vault/v1/token_exchange.proto

import type { Long } from '@grpc/proto-loader';

export interface ExchangeTokenResponse {
  'token'?: (string);
  'user'?: (string);
  'role'?: (string);
  'expires_at_unix'?: (number | string | Long);
}

export interface ExchangeTokenResponse__Output {
  'token': (string);
  'user': (string);
  'role': (string);
  'expires_at_unix': (number);
}
