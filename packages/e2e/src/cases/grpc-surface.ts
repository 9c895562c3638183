import { describeError } from '../clients/grpc-error.js';
import { createHealthClient } from '../clients/health-client.js';
import { listServicesByReflection } from '../clients/reflection-client.js';
import { CaseFailure, type E2eCase } from './case.js';
import { remainingMs } from './case-helpers.js';

const VAULT_SERVICE = 'rune.vault.v1.VaultService';

export const reflectionCase: E2eCase = {
  id: 3,
  name: 'reflection',
  deadlineMs: 5_000,
  async run(vault, ctx) {
    const expected = `reflection list_services to list ${VAULT_SERVICE}`;
    let services: string[];
    try {
      services = await listServicesByReflection(vault.grpcAddress, {
        ...(vault.tlsRootCert ? { rootCert: vault.tlsRootCert } : {}),
        deadlineMs: remainingMs(ctx),
      });
    } catch (error) {
      throw new CaseFailure(expected, describeError(error));
    }
    if (!services.includes(VAULT_SERVICE)) {
      throw new CaseFailure(expected, services.length > 0 ? `[${services.join(', ')}]` : 'no services');
    }
  },
};

export const grpcHealthCase: E2eCase = {
  id: 4,
  name: 'grpc-health',
  deadlineMs: 5_000,
  async run(vault, ctx) {
    const client = createHealthClient(vault.grpcAddress, {
      ...(vault.tlsRootCert ? { rootCert: vault.tlsRootCert } : {}),
      deadlineMs: remainingMs(ctx),
    });
    try {
      // "" is the whole server, the way load balancers and grpc_health_probe ask.
      for (const service of ['', VAULT_SERVICE]) {
        const expected = `SERVING from grpc.health.v1.Health/Check for ${JSON.stringify(service)}`;
        let status: string;
        try {
          status = await client.check(service);
        } catch (error) {
          throw new CaseFailure(expected, describeError(error));
        }
        if (status !== 'SERVING') throw new CaseFailure(expected, status);
      }
    } finally {
      client.close();
    }
  },
};
