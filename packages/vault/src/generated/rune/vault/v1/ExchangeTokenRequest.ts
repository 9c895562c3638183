// Original file: proto/rune/vault/v1/token_exchange.proto


export interface ExchangeTokenRequest {
  /**
   * the OIDC JWT
   */
  'subject_token'?: (string);
  /**
   * name of an oidc.providers entry
   */
  'provider'?: (string);
}

export interface ExchangeTokenRequest__Output {
  /**
   * the OIDC JWT
   */
  'subject_token': (string);
  /**
   * name of an oidc.providers entry
   */
  'provider': (string);
}
