// Original file: proto/rune/vault/v1/vault_service.proto


export interface DecryptMetadataRequest {
  'token'?: (string);
  /**
   * 1..1000 items, each non-empty
   */
  'encrypted_metadata_list'?: (string)[];
}

export interface DecryptMetadataRequest__Output {
  'token': (string);
  /**
   * 1..1000 items, each non-empty
   */
  'encrypted_metadata_list': (string)[];
}
