// What makes two exchanges "the same JWT": its `jti` when the issuer sets one (a re-signed copy
// of the same token is still the same token), else the JWT text itself. Only a SHA-256 digest
// is kept, so the vault never holds a JWT after the call that carried it.
import { createHash } from 'node:crypto';
import type { JWTPayload } from 'jose';

/**
 * The replay key of a verified JWT. The jti is scoped to the provider and the exchanged user:
 * jti is unique per issuer only by the issuer's promise, and a key shared across users could
 * hand one user's token to another.
 */
export function replayKeyFor(provider: string, user: string, jwt: string, claims: JWTPayload): string {
  const hash = createHash('sha256');
  if (typeof claims.jti === 'string' && claims.jti !== '') {
    hash.update(`jti\0${provider}\0${user}\0${claims.jti}`, 'utf8');
  } else {
    hash.update(`jwt\0${provider}\0${jwt}`, 'utf8');
  }
  return hash.digest('hex');
}
