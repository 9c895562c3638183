import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SelfSignedCert {
  certPath: string;
  keyPath: string;
  /** The certificate itself: self-signed, so it is also the CA to trust. */
  pem: Buffer;
  remove(): void;
}

/** A throwaway EC certificate for 127.0.0.1 and localhost, made with the openssl CLI. */
export function makeSelfSignedCert(): SelfSignedCert {
  const dir = mkdtempSync(join(tmpdir(), 'runevault-e2e-tls-'));
  const certPath = join(dir, 'server.pem');
  const keyPath = join(dir, 'server.key');
  execFileSync(
    'openssl',
    [
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
      '1',
      '-subj',
      '/CN=runevault-e2e',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
    ],
    { stdio: 'ignore' },
  );
  return {
    certPath,
    keyPath,
    pem: readFileSync(certPath),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
