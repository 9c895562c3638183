import { readFileSync } from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import { ReflectionService } from '@grpc/reflection';
import { HealthImplementation, type ServingStatus } from 'grpc-health-check';
import { VaultError } from '../errors.js';
import type { ExchangeTokenRequest__Output } from '../generated/rune/vault/v1/ExchangeTokenRequest.js';
import type { ExchangeTokenResponse } from '../generated/rune/vault/v1/ExchangeTokenResponse.js';
import type { VaultServiceHandlers } from '../generated/rune/vault/v1/VaultService.js';
import type { TokenExchange } from '../oidc/token-exchange.js';
import type { VaultOperations } from '../vault-operations.js';
import {
  loadReflectionDefinition,
  loadVaultProtos,
  TOKEN_EXCHANGE_SERVICE_NAME,
  VAULT_SERVICE_NAME,
} from './proto-package.js';
import {
  validateDecryptMetadata,
  validateDecryptScores,
  validateGetPublicKey,
} from './request-validation.js';
import { type CallContext, unaryCall } from './unary-call.js';

export const HEALTH_SERVICES = ['', VAULT_SERVICE_NAME, TOKEN_EXCHANGE_SERVICE_NAME];

export interface GrpcServerOptions {
  maxMessageBytes: number;
  /** Absent when no oidc provider is configured: ExchangeToken then answers UNIMPLEMENTED. */
  tokenExchange?: TokenExchange;
}

/** Builds the gRPC server: VaultService, TokenExchangeService, health and reflection. */
export function createVaultGrpcServer(ops: VaultOperations, ctx: CallContext, options: GrpcServerOptions) {
  const { proto } = loadVaultProtos();
  const server = new grpc.Server({
    'grpc.max_receive_message_length': options.maxMessageBytes,
    'grpc.max_send_message_length': options.maxMessageBytes,
  });

  const vaultHandlers: VaultServiceHandlers = {
    GetPublicKey: unaryCall(ctx, 'GetPublicKey', (req) => {
      validateGetPublicKey(req);
      return ops.getPublicKey(req.token);
    }),
    DecryptScores: unaryCall(
      ctx,
      'DecryptScores',
      (req) => {
        const blob = validateDecryptScores(req);
        return ops.decryptScores(req.token, blob, req.top_k);
      },
      (req) => req.top_k,
    ),
    DecryptMetadata: unaryCall(ctx, 'DecryptMetadata', (req) => {
      validateDecryptMetadata(req);
      return ops.decryptMetadata(req.token, req.encrypted_metadata_list);
    }),
  };
  server.addService(proto.rune.vault.v1.VaultService.service, vaultHandlers);

  // Registered even without providers, so reflection and health describe the same surface on
  // every vault; without providers it answers UNIMPLEMENTED.
  const exchange = options.tokenExchange;
  server.addService(proto.rune.vault.v1.TokenExchangeService.service, {
    ExchangeToken: unaryCall<ExchangeTokenRequest__Output, ExchangeTokenResponse>(
      ctx,
      'ExchangeToken',
      (req) => {
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
