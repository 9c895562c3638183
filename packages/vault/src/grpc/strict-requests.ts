import type * as grpc from '@grpc/grpc-js';
import { invalidArgument, VaultError } from '../errors.js';
import type { ExchangeTokenRequest__Output } from '../generated/rune/vault/v1/ExchangeTokenRequest.js';
import {
  DECRYPT_METADATA_MAX_BYTES,
  EXCHANGE_TOKEN_MAX_BYTES,
  GET_PUBLIC_KEY_MAX_BYTES,
} from '../protocol/request-limits.js';
import {
  DECRYPT_METADATA_REQUEST,
  DECRYPT_SCORES_REQUEST,
  EXCHANGE_TOKEN_REQUEST,
  GET_PUBLIC_KEY_REQUEST,
  type MessageSpec,
  readWireMessage,
  utf8OrUndefined,
  type WireFields,
} from '../protocol/request-wire.js';
import type { RpcName } from './unary-call.js';

// The deserializers grpc-js calls for our methods. grpc-js answers INTERNAL, before any handler
// runs and without an audit line, when a deserializer throws; these never throw. A request
// that is too big for its method or not well-formed arrives at the handler as a refusal,
// which unaryCall turns into a status with the usual audit line and metrics.

export type Incoming<T> = { ok: true; request: T } | { ok: false; error: VaultError };

export interface TokenOnlyRequest {
  token: Buffer;
}
export interface ScoresRequest {
  token: Buffer;
  /** The base64 text, still undecoded: decoding waits until the caller is authorized. */
  blob: Buffer;
  topK: number;
}
export interface MetadataRequest {
  token: Buffer;
  items: Buffer[];
}

/** Byte bounds per method; none above the transport's receive limit. */
function methodByteLimits(maxRequestBytes: number): Record<RpcName, number> {
  return {
    GetPublicKey: Math.min(GET_PUBLIC_KEY_MAX_BYTES, maxRequestBytes),
    ExchangeToken: Math.min(EXCHANGE_TOKEN_MAX_BYTES, maxRequestBytes),
    DecryptMetadata: Math.min(DECRYPT_METADATA_MAX_BYTES, maxRequestBytes),
    DecryptScores: maxRequestBytes,
  };
}

/** The request, or the refusal the deserializer stored in its place. */
export function accepted<T>(incoming: Incoming<T>): T {
  if (!incoming.ok) throw incoming.error;
  return incoming.request;
}

function deserializer<T>(
  method: RpcName,
  limit: number,
  spec: MessageSpec,
  build: (fields: WireFields) => T,
): (buffer: Buffer) => Incoming<T> {
  return (buffer) => {
    try {
      if (buffer.length > limit) {
        return {
          ok: false,
          error: new VaultError(
            'resource_exhausted',
            `${method} request is ${buffer.length} bytes, above this method's limit of ${limit} bytes`,
          ),
        };
      }
      const read = readWireMessage(buffer, spec);
      if (!read.ok) return { ok: false, error: malformed(spec, read.problem) };
      return { ok: true, request: build(read.fields) };
    } catch (error) {
      return {
        ok: false,
        error: error instanceof VaultError ? error : new VaultError('internal', 'Internal error'),
      };
    }
  };
}

function malformed(spec: MessageSpec, problem: string): VaultError {
  return invalidArgument(`request is not a valid ${spec.name}: ${problem}`);
}

function utf8Field(spec: MessageSpec, fields: WireFields, name: string, number: number): string {
  const text = utf8OrUndefined(fields[name] as Buffer);
  if (text === undefined) throw malformed(spec, `field ${number} (${name}) is not valid UTF-8`);
  return text;
}

export function strictDeserializers(maxRequestBytes: number) {
  const limits = methodByteLimits(maxRequestBytes);
  return {
    GetPublicKey: deserializer<TokenOnlyRequest>(
      'GetPublicKey',
      limits.GetPublicKey,
      GET_PUBLIC_KEY_REQUEST,
      (f) => ({ token: f.token as Buffer }),
    ),
    DecryptScores: deserializer<ScoresRequest>(
      'DecryptScores',
      limits.DecryptScores,
      DECRYPT_SCORES_REQUEST,
      (f) => ({ token: f.token as Buffer, blob: f.encrypted_blob_b64 as Buffer, topK: f.top_k as number }),
    ),
    DecryptMetadata: deserializer<MetadataRequest>(
      'DecryptMetadata',
      limits.DecryptMetadata,
      DECRYPT_METADATA_REQUEST,
      (f) => ({ token: f.token as Buffer, items: f.encrypted_metadata_list as Buffer[] }),
    ),
    // Small and bounded: decoded in full here, strings checked as proto3 requires.
    ExchangeToken: deserializer<ExchangeTokenRequest__Output>(
      'ExchangeToken',
      limits.ExchangeToken,
      EXCHANGE_TOKEN_REQUEST,
      (f) => ({
        subject_token: utf8Field(EXCHANGE_TOKEN_REQUEST, f, 'subject_token', 1),
        provider: utf8Field(EXCHANGE_TOKEN_REQUEST, f, 'provider', 2),
      }),
    ),
  };
}

/** `service` with the named methods' requestDeserialize replaced. */
export function withDeserializers(
  service: grpc.ServiceDefinition,
  deserializers: Record<string, (buffer: Buffer) => unknown>,
): grpc.ServiceDefinition {
  const replaced: Record<string, grpc.MethodDefinition<unknown, unknown>> = { ...service };
  for (const [name, requestDeserialize] of Object.entries(deserializers)) {
    const method = service[name];
    if (method) replaced[name] = { ...method, requestDeserialize };
  }
  return replaced as grpc.ServiceDefinition;
}
