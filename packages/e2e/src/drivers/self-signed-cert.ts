import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

export interface SelfSignedCert {
  certPath: string;
  keyPath: string;
  /** The certificate itself: self-signed, so it is also the CA a client trusts. */
  pem: Buffer;
}

/**
 * A throwaway EC certificate for 127.0.0.1 and localhost, written into `dir` as server.pem
 * and server.key by the openssl CLI (nothing to install: it ships with every runner image).
 */
export async function makeSelfSignedCert(dir: string): Promise<SelfSignedCert> {
  const certPath = join(dir, 'server.pem');
  const keyPath = join(dir, 'server.key');
  try {
    await promisify(execFile)('openssl', [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      keyPath,
      '-out',
      certPath,
      '-days',
      '2',
      '-subj',
      '/CN=runevault-e2e',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
    ]);
  } catch (error) {
    const { code, stderr } = error as { code?: string | number; stderr?: string };
    if (code === 'ENOENT')
      throw new Error('TLS needs the openssl CLI to make a test certificate; install openssl');
    throw new Error(
      `openssl could not make a test certificate: ${stderr?.trim() || (error as Error).message}`,
    );
  }
  return { certPath, keyPath, pem: readFileSync(certPath) };
}
