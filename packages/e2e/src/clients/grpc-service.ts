import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

// Real clients for the standard gRPC services, built from their own .proto files at run time.

const loaded = new Map<string, grpc.GrpcObject>();

/** The grpc-js client constructor for `serviceName` (e.g. grpc.health.v1.Health) in `protoFile`. */
export function clientConstructor(protoFile: string, serviceName: string): grpc.ServiceClientConstructor {
  let root = loaded.get(protoFile);
  if (!root) {
    root = grpc.loadPackageDefinition(
      protoLoader.loadSync(protoFile, { keepCase: true, enums: String, defaults: true, longs: Number }),
    );
    loaded.set(protoFile, root);
  }
  const found = serviceName
    .split('.')
    .reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], root);
  if (typeof found !== 'function') throw new Error(`service ${serviceName} not found in ${protoFile}`);
  return found as grpc.ServiceClientConstructor;
}

/** TLS trusting `rootCert` when given, else plaintext: how every case reaches the vault. */
export function channelCredentials(rootCert?: Buffer): grpc.ChannelCredentials {
  return rootCert ? grpc.credentials.createSsl(rootCert) : grpc.credentials.createInsecure();
}
