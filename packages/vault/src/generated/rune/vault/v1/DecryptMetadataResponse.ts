// Original file: proto/rune/vault/v1/vault_service.proto


export interface DecryptMetadataResponse {
  'decrypted_metadata'?: (string)[];
  'error'?: (string);
}

export interface DecryptMetadataResponse__Output {
  'decrypted_metadata': (string)[];
  'error': (string);
}
