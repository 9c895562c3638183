// Original file: proto/rune/vault/v1/vault_service.proto


export interface GetPublicKeyResponse {
  'key_bundle_json'?: (string);
  'error'?: (string);
}

export interface GetPublicKeyResponse__Output {
  'key_bundle_json': (string);
  'error': (string);
}
