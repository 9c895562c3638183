// The explainer's inputs, bounded before they are parsed: a JWT (decoded, never verified: the
// explainer is offline and holds no keys), a JSON claims file, or any file read with a cap.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { logSafe } from '../../../../actions/common/src/log-safe.js';
import { type ClaimsInput, ExplainError } from './explanation.js';

/** A JWT longer than this is refused unread (GitHub's are ~1-2 KiB; AWS STS takes up to 20,000). */
export const MAX_TOKEN_BYTES = 32 * 1024;
export const MAX_CLAIMS_BYTES = 64 * 1024;
/** AWS trust policies stop at 8 KiB; a runevault.conf is a few KiB. */
export const MAX_POLICY_BYTES = 256 * 1024;

const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/** The file's text, or an ExplainError naming it when it is larger than `maxBytes` or unreadable. */
export function readBoundedFile(path: string, maxBytes: number, what: string): string {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw new ExplainError(
      `${what} ${logSafe(path)}: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}); check the path`,
    );
  }
  try {
    if (fstatSync(fd).size > maxBytes) {
      throw new ExplainError(
        `${what} ${logSafe(path)} is larger than ${maxBytes} bytes; give the ${what} alone`,
      );
    }
    // Read at most one byte past the cap: a file that grew since fstat is refused too.
    const buffer = Buffer.alloc(maxBytes + 1);
    let length = 0;
    for (;;) {
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
      if (length > maxBytes) {
        throw new ExplainError(
          `${what} ${logSafe(path)} is larger than ${maxBytes} bytes; give the ${what} alone`,
        );
      }
    }
    return buffer.subarray(0, length).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/** Stdin (or any stream) up to `maxBytes`; the rest is never buffered. */
export async function readBoundedStream(
  stream: AsyncIterable<Buffer | string>,
  maxBytes: number,
  what: string,
): Promise<string> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    length += buffer.length;
    if (length > maxBytes) throw new ExplainError(`${what} on stdin is larger than ${maxBytes} bytes`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function jsonObject(text: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ExplainError(`${what} is not JSON`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new ExplainError(`${what} is not a JSON object`);
  }
  return value as Record<string, unknown>;
}

/**
 * A compact JWT's header and claims, decoded WITHOUT verifying its signature. Messages never
 * quote the token: it is a credential.
 */
export function decodeTokenUnverified(text: string): ClaimsInput {
  const token = text.trim();
  const bytes = Buffer.byteLength(token, 'utf8');
  if (bytes > MAX_TOKEN_BYTES) throw new ExplainError(`token is larger than ${MAX_TOKEN_BYTES} bytes`);
  if (token.split('.').length === 5) {
    throw new ExplainError(
      'token is an encrypted JWT (JWE, five parts); give the signed ID token (three parts)',
    );
  }
  if (!COMPACT_JWS.test(token)) {
    throw new ExplainError(
      "token is not a compact JWT (three base64url parts separated by '.'); give the ID token itself, or its claims with --claims",
    );
  }
  const [headerPart = '', payloadPart = ''] = token.split('.');
  const decode = (part: string, what: string) =>
    jsonObject(Buffer.from(part, 'base64url').toString('utf8'), what);
  return {
    claims: decode(payloadPart, "token's payload"),
    token: { header: decode(headerPart, "token's header"), bytes },
    source:
      'a JWT, decoded WITHOUT verifying its signature (the explainer holds no keys; the verifier checks it)',
  };
}

/** A JSON object of claims (e.g. a decoded token saved by a debugger action). */
export function parseClaimsJson(text: string, label: string): ClaimsInput {
  if (Buffer.byteLength(text, 'utf8') > MAX_CLAIMS_BYTES) {
    throw new ExplainError(`claims ${label} is larger than ${MAX_CLAIMS_BYTES} bytes`);
  }
  const claims = jsonObject(text, `claims ${label}`);
  return {
    claims,
    source: `claims from ${label} (no token: nothing to verify)`,
    // A claims dump without iss stands in for a token of the policy's issuer.
    assumeIssuer: claims.iss === undefined,
  };
}
