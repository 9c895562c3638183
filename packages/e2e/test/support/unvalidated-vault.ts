import type * as grpc from '@grpc/grpc-js';
import { createVaultClient } from '@runevault/vault/client';
import {
  decryptMetadataList,
  STATUS_BY_KIND,
  VaultError,
} from '@runevault/vault/test-support/vault-internals';
import type { VaultUnderTest } from '../../src/vault-under-test.js';
import { addHealth, type Closable, startBareGrpc, vaultServiceDefinition } from './fake-servers.js';
import type { InProcessVault } from './in-process-vault.js';
import { compressionAcceptingDecryptor } from './pre-hardening-vault.js';

/**
 * A real vault with its request validation taken out (the rules of vault_service.proto: token
 * length, top_k 1..300, 1..1000 non-empty metadata items): the same token store (scope, role
 * top_k, rate limit), SecKey, team secret and GetPublicKey, so every request that a validating
 * vault would refuse reaches authentication and decryption instead.
 */
export async function startUnvalidatedVault(real: InProcessVault): Promise<VaultUnderTest & Closable> {
  const { tokens } = real.harness.vault;
  const decrypt = await compressionAcceptingDecryptor(real);
  const upstream = createVaultClient(real.grpcAddress);
  const answer = <T>(callback: grpc.sendUnaryData<unknown>, work: () => Promise<T> | T) => {
    Promise.resolve()
      .then(work)
      .then(
        (response) => callback(null, response),
        (error: unknown) =>
          callback(
            error instanceof VaultError
              ? { code: STATUS_BY_KIND[error.kind], details: error.message }
              : (error as grpc.ServiceError),
          ),
      );
  };
  type Call<T> = grpc.ServerUnaryCall<T, unknown>;
  const server = await startBareGrpc((s) => {
    addHealth(s, 'SERVING');
    s.addService(vaultServiceDefinition(), {
      GetPublicKey: ((call: Call<{ token: string }>, callback) =>
        answer(callback, () => {
          tokens.authorize(call.request.token, 'get_public_key');
          return upstream.getPublicKey(call.request.token);
        })) as grpc.handleUnaryCall<{ token: string }, unknown>,
      DecryptScores: ((call: Call<{ token: string; encrypted_blob_b64: string; top_k: number }>, callback) =>
        answer(callback, () => {
          const { role } = tokens.authorize(call.request.token, 'decrypt_scores');
          tokens.checkTopK(role, call.request.top_k);
          return {
            results: decrypt(Buffer.from(call.request.encrypted_blob_b64, 'base64'), call.request.top_k),
          };
        })) as grpc.handleUnaryCall<unknown, unknown>,
      DecryptMetadata: ((call: Call<{ token: string; encrypted_metadata_list: string[] }>, callback) =>
        answer(callback, () => {
          tokens.authorize(call.request.token, 'decrypt_metadata');
          return {
            decrypted_metadata: decryptMetadataList(
              real.harness.teamSecret,
              call.request.encrypted_metadata_list,
            ),
          };
        })) as grpc.handleUnaryCall<unknown, unknown>,
    });
  });
  return {
    ...real,
    grpcAddress: server.address,
    close: async () => {
      upstream.close();
      await server.close();
    },
  };
}
