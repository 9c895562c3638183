import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { JSONWebKeySet } from 'jose';

/**
 * Writes a JWKS by write-then-rename, so a verifier re-reading it (runevault's jwks_file) sees
 * the old set or the new one, never half of one. 0644: it holds public keys only, and a vault
 * in a container (another uid) must read the mounted file.
 */
export function writeJwksFile(path: string, jwks: JSONWebKeySet): void {
  mkdirSync(dirname(path), { recursive: true });
  const temp = join(dirname(path), `.jwks-${randomBytes(6).toString('hex')}.tmp`);
  writeFileSync(temp, `${JSON.stringify(jwks, null, 2)}\n`, { mode: 0o644 });
  chmodSync(temp, 0o644);
  renameSync(temp, path);
}

/** A secret file (a token, the negatives): 0600, created or replaced. */
export function writeSecretFile(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileSync(path, text, { mode: 0o600 });
  chmodSync(path, 0o600);
}
