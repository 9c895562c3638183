import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { PROTO_LOADER_OPTIONS } from '../src/protocol/vault-protos.js';

// Two baselines for GetPublicKey, both answering with a fixed number of bytes:
// - `proto`: an ordinary grpc-js service from a .proto through proto-loader (what a plain
//   grpc-js unary call is for most users), with the vault's loader options;
// - `raw`: identity (de)serialisers, the least work grpc-js can do per call.

const identity = (b: Buffer) => b;
export const RAW_UNARY_SERVICE: grpc.ServiceDefinition = {
  Fetch: {
    path: '/bench.Raw/Fetch',
    requestStream: false,
    responseStream: false,
    requestSerialize: identity,
    requestDeserialize: identity,
    responseSerialize: identity,
    responseDeserialize: identity,
  },
};

export function protoUnaryService(): grpc.ServiceClientConstructor {
  const definition = protoLoader.loadSync(
    fileURLToPath(new URL('./plain-unary.proto', import.meta.url)),
    PROTO_LOADER_OPTIONS,
  );
  const pkg = grpc.loadPackageDefinition(definition) as unknown as {
    bench: { Plain: grpc.ServiceClientConstructor };
  };
  return pkg.bench.Plain;
}
