// Original file: proto/rune/vault/v1/vault_service.proto


export interface GetPublicKeyRequest {
  /**
   * exactly 36 chars, no control chars or surrounding whitespace
   */
  'token'?: (string);
}

export interface GetPublicKeyRequest__Output {
  /**
   * exactly 36 chars, no control chars or surrounding whitespace
   */
  'token': (string);
}
