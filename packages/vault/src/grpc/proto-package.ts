import * as protoLoader from '@grpc/proto-loader';
import { protoPath as healthProtoPath } from 'grpc-health-check';
import { PROTO_DIR, PROTO_LOADER_OPTIONS, VAULT_PROTO_FILES } from '../protocol/vault-protos.js';

// The server side of proto loading: the vault's services (protocol/vault-protos.ts, shared
// with the client) plus grpc-health-check's, which only the server serves.

/** Everything the server exposes, health included, so reflection lists every service. */
export function loadReflectionDefinition(): protoLoader.PackageDefinition {
  return protoLoader.loadSync([...VAULT_PROTO_FILES, healthProtoPath], {
    ...PROTO_LOADER_OPTIONS,
    includeDirs: [PROTO_DIR],
  });
}
