import * as grpc from '@grpc/grpc-js';
import type { DecryptMetadataResponse__Output } from '../generated/rune/vault/v1/DecryptMetadataResponse.js';
import type { DecryptScoresResponse__Output } from '../generated/rune/vault/v1/DecryptScoresResponse.js';
import type { GetPublicKeyResponse__Output } from '../generated/rune/vault/v1/GetPublicKeyResponse.js';
import type { VaultServiceClient } from '../generated/rune/vault/v1/VaultService.js';
import { loadVaultProtos } from '../protocol/vault-protos.js';

export interface VaultClientOptions {
  /** PEM of the CA to trust; omitted = plaintext. */
  rootCert?: Buffer;
  maxMessageBytes?: number;
  deadlineMs?: number;
}

/** The public key bundle handed out by GetPublicKey, parsed. */
export interface PublicKeyBundle {
  'EncKey.json': string;
  'EvalKey.json': string;
  key_id: string;
  index_name?: string;
  agent_id: string;
  agent_dek: string;
  envector_endpoint: string;
  envector_api_key: string;
}

/** A promise-returning VaultService client for tests, e2e cases, benchmarks and users. */
export function createVaultClient(address: string, options: VaultClientOptions = {}) {
  const { proto } = loadVaultProtos();
  const credentials = options.rootCert
    ? grpc.credentials.createSsl(options.rootCert)
    : grpc.credentials.createInsecure();
  const maxBytes = options.maxMessageBytes ?? 256 * 1024 * 1024;
  const raw = new proto.rune.vault.v1.VaultService(address, credentials, {
    'grpc.max_receive_message_length': maxBytes,
    'grpc.max_send_message_length': maxBytes,
  }) as VaultServiceClient;
  const deadline = () => ({ deadline: Date.now() + (options.deadlineMs ?? 30_000) });

  const call = <Res>(fn: (cb: grpc.requestCallback<Res>) => void) =>
    new Promise<Res>((resolve, reject) =>
      fn((error, response) => (error ? reject(error) : resolve(response as Res))),
    );

  return {
    raw,
    getPublicKey: (token: string) =>
      call<GetPublicKeyResponse__Output>((cb) => raw.GetPublicKey({ token }, deadline(), cb)),
    async getPublicKeyBundle(token: string): Promise<PublicKeyBundle> {
      const response = await this.getPublicKey(token);
      return JSON.parse(response.key_bundle_json) as PublicKeyBundle;
    },
    decryptScores: (token: string, encryptedBlobB64: string, topK: number) =>
      call<DecryptScoresResponse__Output>((cb) =>
        raw.DecryptScores({ token, encrypted_blob_b64: encryptedBlobB64, top_k: topK }, deadline(), cb),
      ),
    decryptMetadata: (token: string, items: string[]) =>
      call<DecryptMetadataResponse__Output>((cb) =>
        raw.DecryptMetadata({ token, encrypted_metadata_list: items }, deadline(), cb),
      ),
    close: () => raw.close(),
  };
}

export type VaultClient = ReturnType<typeof createVaultClient>;
