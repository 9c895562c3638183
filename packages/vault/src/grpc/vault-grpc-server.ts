import { readFileSync } from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import { ReflectionService } from '@grpc/reflection';
import { HealthImplementation, type ServingStatus } from 'grpc-health-check';
import { VaultError } from '../errors.js';
import type { ExchangeTokenRequest__Output } from '../generated/rune/vault/v1/ExchangeTokenRequest.js';
import type { ExchangeTokenResponse } from '../generated/rune/vault/v1/ExchangeTokenResponse.js';
import type { TokenExchange } from '../oidc/token-exchange.js';
import {
  loadVaultProtos,
  TOKEN_EXCHANGE_SERVICE_NAME,
  VAULT_SERVICE_NAME,
} from '../protocol/vault-protos.js';
import type { VaultOperations } from '../vault-operations.js';
import { applyFlowControlWindows } from './flow-control-windows.js';
import { loadReflectionDefinition } from './proto-package.js';
import { withKeyBundleSerializer } from './public-key-response.js';
import {
  checkMetadataShape,
  checkScoresShape,
  decodeBlob,
  metadataItemsFrom,
  tokenFrom,
} from './request-validation.js';
import {
  accepted,
  type Incoming,
  type MetadataRequest,
  type ScoresRequest,
  strictDeserializers,
  type TokenOnlyRequest,
  withDeserializers,
} from './strict-requests.js';
import { transportRefusalInterceptor } from './transport-refusals.js';
import { type CallContext, type RpcName, unaryCall } from './unary-call.js';

const HEALTH_SERVICES = ['', VAULT_SERVICE_NAME, TOKEN_EXCHANGE_SERVICE_NAME];

export interface GrpcServerOptions {
  /** Send limit (server.grpc.max_message_mb): key bundles are large. */
  maxMessageBytes: number;
  /**
   * Receive limit (server.grpc.max_request_bytes): grpc-js buffers a whole message before any
   * handler runs, so this, not a handler, is what bounds memory. The lower of the two limits
   * applies to receiving, so a config that lowered max_message_mb stays as strict as it was.
   */
  maxRequestBytes: number;
  /** Absent when no oidc provider is configured: ExchangeToken then answers UNIMPLEMENTED. */
  tokenExchange?: TokenExchange;
}

const METHOD_PATHS = new Map<string, RpcName>([
  [`/${VAULT_SERVICE_NAME}/GetPublicKey`, 'GetPublicKey'],
  [`/${VAULT_SERVICE_NAME}/DecryptScores`, 'DecryptScores'],
  [`/${VAULT_SERVICE_NAME}/DecryptMetadata`, 'DecryptMetadata'],
  [`/${TOKEN_EXCHANGE_SERVICE_NAME}/ExchangeToken`, 'ExchangeToken'],
]);

/** Builds the gRPC server: VaultService, TokenExchangeService, health and reflection. */
export function createVaultGrpcServer(ops: VaultOperations, ctx: CallContext, options: GrpcServerOptions) {
  const { proto } = loadVaultProtos();
  const receiveLimit = Math.min(options.maxRequestBytes, options.maxMessageBytes);
  const server = new grpc.Server({
    'grpc.max_receive_message_length': receiveLimit,
    'grpc.max_send_message_length': options.maxMessageBytes,
    interceptors: [transportRefusalInterceptor(ctx, METHOD_PATHS)],
  });
  if (!applyFlowControlWindows(server)) {
    ctx.logger.warn(
      "gRPC flow-control windows left at Node's 64 KiB defaults: this grpc-js has other internals",
    );
  }
  const deserializers = strictDeserializers(receiveLimit);

  // Cheap before expensive: the token's format and the scalar rules, then authentication
  // and scope (inside ops), and only then the blob or the list is decoded.
  const vaultHandlers: grpc.UntypedServiceImplementation = {
    GetPublicKey: unaryCall(ctx, 'GetPublicKey', (incoming: Incoming<TokenOnlyRequest>) => {
      return ops.getPublicKey(tokenFrom(accepted(incoming).token));
    }),
    DecryptScores: unaryCall(
      ctx,
      'DecryptScores',
      (incoming: Incoming<ScoresRequest>) => {
        const req = accepted(incoming);
        const token = tokenFrom(req.token);
        checkScoresShape(req.blob, req.topK);
        return ops.decryptScores(token, req.topK, (allocate) => decodeBlob(req.blob, allocate));
      },
      (incoming) => (incoming.ok ? incoming.request.topK : null),
    ),
    DecryptMetadata: unaryCall(ctx, 'DecryptMetadata', (incoming: Incoming<MetadataRequest>) => {
      const req = accepted(incoming);
      const token = tokenFrom(req.token);
      checkMetadataShape(req.items);
      return ops.decryptMetadata(token, () => metadataItemsFrom(req.items));
    }),
  };
  server.addService(
    withKeyBundleSerializer(withDeserializers(proto.rune.vault.v1.VaultService.service, deserializers)),
    vaultHandlers,
  );

  // Registered even without providers, so reflection and health describe the same surface on
  // every vault; without providers it answers UNIMPLEMENTED.
  const exchange = options.tokenExchange;
  server.addService(withDeserializers(proto.rune.vault.v1.TokenExchangeService.service, deserializers), {
    ExchangeToken: unaryCall<Incoming<ExchangeTokenRequest__Output>, ExchangeTokenResponse>(
      ctx,
      'ExchangeToken',
      (incoming) => {
        const req = accepted(incoming);
        if (!exchange) {
          throw new VaultError(
            'unimplemented',
            'Token exchange is not configured on this vault (no oidc.providers in runevault.conf)',
          );
        }
        return exchange.exchange(req);
      },
    ),
  });

  const health = new HealthImplementation(
    Object.fromEntries(HEALTH_SERVICES.map((name) => [name, 'NOT_SERVING' as ServingStatus])),
  );
  health.addToServer(server);
  new ReflectionService(loadReflectionDefinition()).addToServer(server);

  const setServing = (serving: boolean) => {
    for (const name of HEALTH_SERVICES) health.setStatus(name, serving ? 'SERVING' : 'NOT_SERVING');
  };
  return { server, setServing };
}

export function serverCredentials(tls: { cert: string; key: string; disable: boolean }) {
  if (tls.disable) return grpc.ServerCredentials.createInsecure();
  return grpc.ServerCredentials.createSsl(
    null,
    [{ cert_chain: readFileSync(tls.cert), private_key: readFileSync(tls.key) }],
    false,
  );
}

export function bindGrpc(server: grpc.Server, address: string, credentials: grpc.ServerCredentials) {
  return new Promise<number>((resolve, reject) => {
    server.bindAsync(address, credentials, (error, port) => (error ? reject(error) : resolve(port)));
  });
}
