import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { PROTO_LOADER_OPTIONS } from '../src/protocol/vault-protos.js';

// Baselines, each as little as a grpc-js unary call can be:
// - `proto` (GetPublicKey): an ordinary grpc-js service from a .proto through proto-loader
//   (what a plain grpc-js unary call is for most users), with the vault's loader options,
//   answering with a fixed number of bytes;
// - `raw` Fetch: identity (de)serialisers, the same fixed number of bytes;
// - `raw` Reply (DecryptScores): identity (de)serialisers answering with given bytes, so a
//   client can send a vault request's exact bytes and get a vault response's exact bytes.

const identity = (b: Buffer) => b;

/** One unary method `Call` at `path` whose messages are bytes as they are on the wire. */
export function rawUnaryMethod(path: string): grpc.ServiceDefinition {
  return {
    Call: {
      path,
      requestStream: false,
      responseStream: false,
      requestSerialize: identity,
      requestDeserialize: identity,
      responseSerialize: identity,
      responseDeserialize: identity,
    },
  };
}

export const RAW_UNARY_SERVICE: grpc.ServiceDefinition = rawUnaryMethod('/bench.Raw/Fetch');
export const RAW_REPLY_SERVICE: grpc.ServiceDefinition = rawUnaryMethod('/bench.Raw/Reply');
/** same-work-server.ts's one method: a DecryptScores request's bytes in, its response's out. */
export const SAME_WORK_PATH = '/bench.SameWork/DecryptScores';

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
