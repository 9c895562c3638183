// tls: true — a self-signed certificate for 127.0.0.1 and localhost, made by the vault
// package's helper (the openssl CLI), with the hint this action's users need on failure.
import { makeSelfSignedCert as makeCert } from '@runevault/vault/tls';

export interface TlsFiles {
  cert: string;
  key: string;
}

export async function makeSelfSignedCert(dir: string, days = 30): Promise<TlsFiles> {
  try {
    const { certPath, keyPath } = await makeCert(dir, { days });
    return { cert: certPath, key: keyPath };
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)}; or set tls: false`);
  }
}
