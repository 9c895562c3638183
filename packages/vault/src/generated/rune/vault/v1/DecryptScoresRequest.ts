// Original file: proto/rune/vault/v1/vault_service.proto


export interface DecryptScoresRequest {
  'token'?: (string);
  /**
   * base64 of a rune.vault.v1.CiphertextScore; non-empty
   */
  'encrypted_blob_b64'?: (string);
  /**
   * 1..300
   */
  'top_k'?: (number);
}

export interface DecryptScoresRequest__Output {
  'token': (string);
  /**
   * base64 of a rune.vault.v1.CiphertextScore; non-empty
   */
  'encrypted_blob_b64': (string);
  /**
   * 1..300
   */
  'top_k': (number);
}
