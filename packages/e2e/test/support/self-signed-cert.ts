import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeSelfSignedCert as makeCert, type SelfSignedCert } from '@runevault/vault/tls';

/** The vault's self-signed certificate helper in a temp folder of its own, for tests. */
export async function makeSelfSignedCert(): Promise<SelfSignedCert & { remove(): void }> {
  const dir = mkdtempSync(join(tmpdir(), 'runevault-e2e-tls-'));
  return {
    ...(await makeCert(dir, { commonName: 'runevault-e2e' })),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
