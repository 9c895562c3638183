import type * as grpc from '@grpc/grpc-js';
import { protoPath } from 'grpc-health-check';
import { channelCredentials, clientConstructor } from './grpc-service.js';

export interface HealthClient {
  /** grpc.health.v1.Health/Check: the serving status name, e.g. "SERVING". */
  check(service: string): Promise<string>;
  close(): void;
}

export function createHealthClient(
  address: string,
  options: { rootCert?: Buffer; deadlineMs?: number } = {},
): HealthClient {
  const Health = clientConstructor(protoPath, 'grpc.health.v1.Health');
  const client = new Health(address, channelCredentials(options.rootCert));
  const deadlineMs = options.deadlineMs ?? 5_000;
  return {
    check: (service) =>
      new Promise((resolve, reject) => {
        const method = client.Check as unknown as (
          req: { service: string },
          opts: grpc.CallOptions,
          cb: (err: grpc.ServiceError | null, res?: { status: string }) => void,
        ) => void;
        method.call(client, { service }, { deadline: Date.now() + deadlineMs }, (err, res) =>
          err ? reject(err) : resolve(res?.status ?? 'UNKNOWN'),
        );
      }),
    close: () => client.close(),
  };
}
