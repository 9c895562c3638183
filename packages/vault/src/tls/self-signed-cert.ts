import { execFile } from 'node:child_process';
import { chmodSync, readFileSync } from 'node:fs';
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
 * and server.key (0600). Node's crypto makes keys but not X.509 certificates, so this asks
 * the openssl CLI, which every runner image and Debian ship. Used by tests, the e2e drivers
 * and the setup-vault action.
 */
export async function makeSelfSignedCert(
  dir: string,
  opts: { days?: number; commonName?: string } = {},
): Promise<SelfSignedCert> {
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
      String(opts.days ?? 2),
      '-subj',
      `/CN=${opts.commonName ?? 'runevault'}`,
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
  chmodSync(keyPath, 0o600);
  return { certPath, keyPath, pem: readFileSync(certPath) };
}
