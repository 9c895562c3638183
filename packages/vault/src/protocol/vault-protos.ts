import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import type { ProtoGrpcType as TokenExchangeProto } from '../generated/token_exchange.js';
import type { ProtoGrpcType as VaultServiceProto } from '../generated/vault_service.js';
import { protoDir } from '../proto-dir.js';

// The vault's own services, as both sides load them: the client to call, the server to serve
// (which adds health and reflection on top, in grpc/proto-package.ts).

// Runtime loading with the same options the checked-in types in src/generated were
// generated with (see the proto:gen script), so the types describe what arrives.
export const PROTO_LOADER_OPTIONS: protoLoader.Options = {
  keepCase: true,
  longs: Number,
  enums: String,
  defaults: true,
  arrays: true,
  oneofs: true,
};

export const PROTO_DIR = protoDir();
export const VAULT_PROTO_FILES = [
  'rune/vault/v1/vault_service.proto',
  'rune/vault/v1/score.proto',
  'rune/vault/v1/token_exchange.proto',
];
export const VAULT_SERVICE_NAME = 'rune.vault.v1.VaultService';
export const TOKEN_EXCHANGE_SERVICE_NAME = 'rune.vault.v1.TokenExchangeService';

let cached:
  | { definition: protoLoader.PackageDefinition; proto: VaultServiceProto & TokenExchangeProto }
  | undefined;

/** The vault's services as grpc-js constructors plus the raw definition (for reflection). */
export function loadVaultProtos() {
  if (!cached) {
    const definition = protoLoader.loadSync(VAULT_PROTO_FILES, {
      ...PROTO_LOADER_OPTIONS,
      includeDirs: [PROTO_DIR],
    });
    const proto = grpc.loadPackageDefinition(definition) as unknown as VaultServiceProto & TokenExchangeProto;
    cached = { definition, proto };
  }
  return cached;
}
