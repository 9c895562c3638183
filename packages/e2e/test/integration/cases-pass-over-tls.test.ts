import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tlsCase } from '../../src/cases/index.js';
import { runCases } from '../../src/runner.js';
import {
  IN_PROCESS_CASES,
  IN_PROCESS_GRPC,
  type InProcessVault,
  startInProcessVault,
} from '../support/in-process-vault.js';
import { makeSelfSignedCert } from '../support/self-signed-cert.js';

let cert: Awaited<ReturnType<typeof makeSelfSignedCert>>;
let vault: InProcessVault;
beforeAll(async () => {
  cert = await makeSelfSignedCert();
  vault = await startInProcessVault({
    config: {
      server: {
        grpc: { ...IN_PROCESS_GRPC, tls: { disable: false, cert: cert.certPath, key: cert.keyPath } },
      },
    },
    tlsRootCert: cert.pem,
    oidc: true,
  });
});
afterAll(async () => {
  await vault?.stop();
  cert?.remove();
});

describe('a vault serving TLS', () => {
  it('passes every case, tls and oidc-exchange included (every client trusts the CA)', async () => {
    const result = await runCases(vault, IN_PROCESS_CASES);
    const notPassed = result.cases.filter((c) => c.status !== 'passed').map((c) => `${c.name}: ${c.message}`);
    expect(notPassed).toEqual([]);
  });

  it('tls fails when the client is told to trust a different CA', async () => {
    const other = await makeSelfSignedCert();
    try {
      const result = await runCases({ ...vault, tlsRootCert: other.pem }, [tlsCase]);
      expect(result.cases[0]?.status).toBe('failed');
      expect(result.cases[0]?.message).toMatch(
        /expected GetPublicKey over TLS trusting the CA to succeed, got UNAVAILABLE/,
      );
    } finally {
      other.remove();
    }
  });
});
