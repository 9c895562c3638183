import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVaultClient } from '../../src/client/vault-client.js';
import { makeSelfSignedCert } from '../../src/tls/self-signed-cert.js';
import { startTestVault, type TestVault } from '../support/test-vault.js';

let t: TestVault;
let certDir: string;
beforeAll(async () => {
  certDir = mkdtempSync(join(tmpdir(), 'runevault-tls-'));
  mkdirSync(certDir, { recursive: true });
  // A self-signed certificate for 127.0.0.1 doubles as its own CA.
  await makeSelfSignedCert(certDir);
  t = await startTestVault({
    config: {
      server: {
        grpc: {
          tls: { disable: false, cert: join(certDir, 'server.pem'), key: join(certDir, 'server.key') },
        },
      },
    },
  });
});
afterAll(async () => {
  await t?.stop();
  rmSync(certDir, { recursive: true, force: true });
});

describe('TLS from config', () => {
  it('a client trusting the CA connects', async () => {
    const client = createVaultClient(t.vault.grpcAddress, {
      rootCert: readFileSync(join(certDir, 'server.pem')),
    });
    try {
      const bundle = await client.getPublicKeyBundle(t.memberToken);
      expect(bundle.key_id).toBe('vault-key');
    } finally {
      client.close();
    }
  });

  it('a plaintext client fails', async () => {
    const client = createVaultClient(t.vault.grpcAddress, { deadlineMs: 3000 });
    try {
      await expect(client.getPublicKey(t.memberToken)).rejects.toMatchObject({
        code: expect.toBeOneOf([status.UNAVAILABLE, status.DEADLINE_EXCEEDED]),
      });
    } finally {
      client.close();
    }
  });
});
