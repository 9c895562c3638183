import * as grpc from '@grpc/grpc-js';
import { addHealth, type Closable, startBareGrpc, vaultServiceDefinition } from './fake-servers.js';

// A VaultService proxy in front of a real vault: every call is forwarded as it came, unless a
// rewrite for its method says otherwise. One rewrite makes a vault wrong in exactly one way
// (the rest of its answers are the real vault's), and the cases see a vault behind a proxy.

type Message = Record<string, unknown>;
/** Sends `request` (possibly changed) to the real vault; rejects with its gRPC error. */
export type Forward = (request: Message) => Promise<Message>;
export type Rewrite = (request: Message, forward: Forward) => Promise<Message>;
export type VaultMethod = 'GetPublicKey' | 'DecryptScores' | 'DecryptMetadata';

/** No size limit: GetPublicKey bundles carry megabytes of EvalKey. */
const UNLIMITED = { 'grpc.max_receive_message_length': -1, 'grpc.max_send_message_length': -1 };

export async function startRewritingProxy(
  upstreamAddress: string,
  rewrites: Partial<Record<VaultMethod, Rewrite>>,
): Promise<Closable & { address: string }> {
  const definition = vaultServiceDefinition();
  const upstream = new grpc.Client(upstreamAddress, grpc.credentials.createInsecure(), UNLIMITED);
  const handlers: grpc.UntypedServiceImplementation = {};
  for (const [name, method] of Object.entries(definition)) {
    const forward: Forward = (request) =>
      new Promise((resolve, reject) =>
        upstream.makeUnaryRequest(
          method.path,
          method.requestSerialize,
          method.responseDeserialize,
          request,
          (error, response) => (error ? reject(error) : resolve(response as Message)),
        ),
      );
    const rewrite = rewrites[name as VaultMethod] ?? ((request, next) => next(request));
    handlers[name] = ((call, callback) => {
      rewrite(call.request as Message, forward).then(
        (response) => callback(null, response),
        (error: grpc.ServiceError) =>
          callback({ code: error.code ?? grpc.status.INTERNAL, details: error.details }),
      );
    }) as grpc.handleUnaryCall<Message, Message>;
  }
  const server = await startBareGrpc((s) => {
    addHealth(s, 'SERVING');
    s.addService(definition, handlers);
  }, UNLIMITED);
  return {
    address: server.address,
    close: async () => {
      upstream.close();
      await server.close();
    },
  };
}

/** A gRPC error as the proxy hands it on (code and details), for rewrites that fail a call. */
export function grpcError(code: grpc.status, details: string): grpc.ServiceError {
  return Object.assign(new Error(details), { code, details, metadata: new grpc.Metadata() });
}
