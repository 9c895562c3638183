import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as grpc from '@grpc/grpc-js';
import { channelCredentials, clientConstructor } from './grpc-service.js';

// @grpc/reflection ships the v1 proto; a client built from it speaks the real protocol.
const PROTO_IN_PACKAGE = 'build/proto/grpc/reflection/v1/reflection.proto';
/**
 * In a bundle (an action's dist/) there is no node_modules to resolve from: the build copies
 * the proto to vendor/@grpc/reflection/ beside it. A variable, so bundlers leave the URL alone.
 */
const BESIDE_BUNDLE = `./vendor/@grpc/reflection/${PROTO_IN_PACKAGE}`;

let reflectionProto: string | undefined;

/** Looked up on first use, so merely importing this module never fails. */
function reflectionProtoPath(): string {
  if (reflectionProto) return reflectionProto;
  const searched: string[] = [];
  try {
    const require = createRequire(import.meta.url);
    searched.push(join(dirname(require.resolve('@grpc/reflection/package.json')), PROTO_IN_PACKAGE));
  } catch {
    // Not installed beside this file: a bundle.
  }
  searched.push(fileURLToPath(new URL(BESIDE_BUNDLE, import.meta.url)));
  reflectionProto = searched.find((path) => existsSync(path));
  if (!reflectionProto)
    throw new Error(`the gRPC reflection proto was not found; searched ${searched.join(', ')}`);
  return reflectionProto;
}

interface ReflectionResponse {
  list_services_response?: { service: { name: string }[] } | null;
  error_response?: { error_code: number; error_message: string } | null;
}

/** ServerReflectionInfo with one `list_services` request: the fully qualified service names. */
export async function listServicesByReflection(
  address: string,
  options: { rootCert?: Buffer; deadlineMs?: number } = {},
): Promise<string[]> {
  const Reflection = clientConstructor(reflectionProtoPath(), 'grpc.reflection.v1.ServerReflection');
  const client = new Reflection(address, channelCredentials(options.rootCert));
  try {
    return await new Promise<string[]>((resolve, reject) => {
      const open = client.ServerReflectionInfo as unknown as (
        opts: grpc.CallOptions,
      ) => grpc.ClientDuplexStream<{ list_services: string }, ReflectionResponse>;
      const stream = open.call(client, { deadline: Date.now() + (options.deadlineMs ?? 5_000) });
      let answered = false;
      stream.on('data', (response: ReflectionResponse) => {
        answered = true;
        if (response.error_response) {
          const { error_code, error_message } = response.error_response;
          reject(new Error(`reflection error ${error_code}: ${error_message}`));
        } else {
          resolve((response.list_services_response?.service ?? []).map((s) => s.name));
        }
        stream.end();
      });
      stream.on('error', (error) => {
        if (!answered) reject(error);
      });
      stream.on('end', () => {
        if (!answered) reject(new Error('reflection stream ended without a response'));
      });
      stream.write({ list_services: '' });
    });
  } finally {
    client.close();
  }
}
