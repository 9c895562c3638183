import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type * as grpc from '@grpc/grpc-js';
import { channelCredentials, clientConstructor } from './grpc-service.js';

// @grpc/reflection ships the v1 proto; a client built from it speaks the real protocol.
const require = createRequire(import.meta.url);
const REFLECTION_PROTO = join(
  dirname(require.resolve('@grpc/reflection/package.json')),
  'build/proto/grpc/reflection/v1/reflection.proto',
);

interface ReflectionResponse {
  list_services_response?: { service: { name: string }[] } | null;
  error_response?: { error_code: number; error_message: string } | null;
}

/** ServerReflectionInfo with one `list_services` request: the fully qualified service names. */
export async function listServicesByReflection(
  address: string,
  options: { rootCert?: Buffer; deadlineMs?: number } = {},
): Promise<string[]> {
  const Reflection = clientConstructor(REFLECTION_PROTO, 'grpc.reflection.v1.ServerReflection');
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
