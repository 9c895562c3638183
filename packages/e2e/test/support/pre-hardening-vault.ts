import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { createVaultClient } from '@runevault/vault/client';
import {
  createCkksContext,
  decodeStrictBase64,
  loadSeal,
  parseKeyFile,
  protoDir,
  STATUS_BY_KIND,
  VaultError,
} from '@runevault/vault/test-support/vault-internals';
import type { ServingStatus } from 'grpc-health-check';
import protobuf from 'protobufjs';
import type { VaultUnderTest } from '../../src/vault-under-test.js';
import { addHealth, type Closable, startBareGrpc, vaultServiceDefinition } from './fake-servers.js';
import type { InProcessVault } from './in-process-vault.js';

/**
 * The vault as it was before issue #12, in front of a real one: the same keys, tokens, HTTP
 * listener and GetPublicKey, but DecryptScores (1) receives up to 256 MB, (2) decodes the
 * base64 blob before it looks at the token, and (3) hands each ciphertext to SEAL as is, so
 * SEAL inflates zlib/zstd objects in full (in this process's WASM memory, which the real
 * vault's /metrics reports, as it is the same process).
 */
export async function startPreHardeningVault(
  real: InProcessVault,
  health: ServingStatus = 'SERVING',
): Promise<VaultUnderTest & Closable> {
  const decrypt = await compressionAcceptingDecryptor(real);
  const upstream = createVaultClient(real.grpcAddress);
  const fail = (callback: grpc.sendUnaryData<unknown>, error: unknown) =>
    callback(
      error instanceof VaultError
        ? { code: STATUS_BY_KIND[error.kind], details: error.message }
        : (error as grpc.ServiceError),
    );
  const server = await startBareGrpc(
    (s) => {
      addHealth(s, health);
      s.addService(vaultServiceDefinition(), {
        GetPublicKey: ((call, callback) =>
          upstream.getPublicKey(call.request.token).then(
            (response) => callback(null, response),
            (error: unknown) => fail(callback, error),
          )) as grpc.handleUnaryCall<{ token: string }, unknown>,
        DecryptScores: ((call, callback) => {
          try {
            const blob = decodeStrictBase64(call.request.encrypted_blob_b64);
            if (!blob) throw new VaultError('invalid_argument', 'encrypted_blob_b64: must be valid base64');
            real.harness.vault.tokens.authorize(call.request.token, 'decrypt_scores');
            callback(null, { results: decrypt(blob, call.request.top_k) });
          } catch (error) {
            fail(callback, error);
          }
        }) as grpc.handleUnaryCall<{ token: string; encrypted_blob_b64: string; top_k: number }, unknown>,
        DecryptMetadata: ((_call, callback) =>
          callback({ code: grpc.status.UNIMPLEMENTED, details: 'stand-in' })) as grpc.handleUnaryCall<
          unknown,
          unknown
        >,
      });
    },
    { 'grpc.max_receive_message_length': 256 * 1024 * 1024 },
  );
  return {
    ...real,
    grpcAddress: server.address,
    close: async () => {
      upstream.close();
      await server.close();
    },
  };
}

/** SEAL straight from the vault's SecKey, with no header or compression checks of its own. */
export async function compressionAcceptingDecryptor(real: InProcessVault) {
  const { keys } = real.harness.config;
  const keyFile = parseKeyFile(
    readFileSync(join(keys.path, keys.keyId, 'SecKey.json'), 'utf8'),
    'SecKey.json',
    'SecKey',
  );
  const seal = await loadSeal();
  const context = createCkksContext(seal, keyFile.params);
  const secretKey = seal.SecretKey();
  secretKey.loadArray(context, Buffer.from(keyFile.data, 'base64'));
  const decryptor = seal.Decryptor(context, secretKey);
  const encoder = seal.CKKSEncoder(context);
  return (blob: Uint8Array, topK: number) => {
    const rows: { shard_idx: number; row_idx: number; score: number }[] = [];
    for (const block of decodeLeniently(blob)) {
      const ciphertext = seal.CipherText();
      try {
        ciphertext.loadArray(context, block.ciphertext);
        const plaintext = decryptor.decrypt(ciphertext);
        if (!plaintext) throw new Error('no plaintext');
        const scores = encoder.decode(plaintext);
        plaintext.delete();
        for (let row = 0; row < block.count; row++) {
          rows.push({ shard_idx: block.shardIdx, row_idx: row, score: scores[row] ?? Number.NaN });
        }
      } catch {
        throw new VaultError('invalid_argument', 'ciphertext is not valid for this vault');
      } finally {
        ciphertext.delete();
      }
    }
    return rows.sort((a, b) => b.score - a.score).slice(0, topK);
  };
}

// The decoder as it was before issue #12: protobufjs alone, which skips what it does not know
// (field number 0, groups) and builds every block it finds.
let scoreType: protobuf.Type | undefined;
function decodeLeniently(blob: Uint8Array): { shardIdx: number; count: number; ciphertext: Uint8Array }[] {
  scoreType ??= protobuf
    .loadSync(join(protoDir(), 'rune/vault/v1/score.proto'))
    .lookupType('rune.vault.v1.CiphertextScore');
  let decoded: { blocks?: { shardIdx?: number; count?: number; ciphertext?: Uint8Array }[] };
  try {
    decoded = scoreType.decode(blob) as unknown as typeof decoded;
  } catch {
    throw new VaultError('invalid_argument', 'encrypted_blob_b64 is not a valid CiphertextScore');
  }
  return (decoded.blocks ?? []).map((b) => ({
    shardIdx: b.shardIdx ?? 0,
    count: b.count ?? 0,
    ciphertext: b.ciphertext ?? new Uint8Array(0),
  }));
}
