import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { protoPath as healthProtoPath } from 'grpc-health-check';

// Real clients for the standard services (health, reflection), built from their protos.

const require = createRequire(import.meta.url);
const REFLECTION_PROTO = join(
  dirname(require.resolve('@grpc/reflection/package.json')),
  'build/proto/grpc/reflection/v1/reflection.proto',
);

// biome-ignore lint/suspicious/noExplicitAny: dynamic clients built from a proto at run time
type AnyClient = any;

function load(file: string) {
  return grpc.loadPackageDefinition(
    protoLoader.loadSync(file, { keepCase: true, enums: String, defaults: true, longs: Number }),
  );
}

function serviceAt(root: grpc.GrpcObject, path: string): grpc.ServiceClientConstructor {
  // biome-ignore lint/suspicious/noExplicitAny: walking a dynamically loaded package
  const found = path.split('.').reduce<any>((node, part) => node?.[part], root);
  if (typeof found !== 'function') throw new Error(`service ${path} not found in the loaded proto`);
  return found as grpc.ServiceClientConstructor;
}

export function healthClient(address: string) {
  const ctor = serviceAt(load(healthProtoPath), 'grpc.health.v1.Health');
  const client = new ctor(address, grpc.credentials.createInsecure()) as unknown as AnyClient;
  return {
    check: (service: string) =>
      new Promise<string>((resolve, reject) =>
        client.Check(
          { service },
          { deadline: Date.now() + 5000 },
          (err: Error | null, res: { status: string }) => (err ? reject(err) : resolve(res.status)),
        ),
      ),
    watch: (service: string) => client.Watch({ service }) as grpc.ClientReadableStream<{ status: string }>,
    close: () => client.close(),
  };
}

export async function listServicesByReflection(
  address: string,
  credentials = grpc.credentials.createInsecure(),
) {
  const ctor = serviceAt(load(REFLECTION_PROTO), 'grpc.reflection.v1.ServerReflection');
  const client = new ctor(address, credentials) as unknown as AnyClient;
  try {
    return await new Promise<string[]>((resolve, reject) => {
      const stream = client.ServerReflectionInfo() as grpc.ClientDuplexStream<
        unknown,
        { list_services_response?: { service: { name: string }[] } }
      >;
      stream.on('data', (res) => {
        resolve((res.list_services_response?.service ?? []).map((s: { name: string }) => s.name));
        stream.end();
      });
      stream.on('error', reject);
      stream.write({ list_services: '' });
    });
  } finally {
    client.close();
  }
}
