// Pushing and pulling through the engine, with what the registry answered turned into one line
// that says why it refused (credentials, not found, rate limit, unreachable) and what to do.
// The engine does the transfer; credentials go to it per request (X-Registry-Auth), never
// into a log line or a file.
import type Docker from 'dockerode';
import { followProgress } from './docker-engine.js';
import { classifyRegistryError, engineErrorMessage, type RegistryFailureKind } from './registry-errors.js';

export interface RegistryAuth {
  username: string;
  password: string;
}

/** A push or pull the registry (or the way to it) refused; `message` is one line. */
class RegistryRefusedError extends Error {
  constructor(
    readonly kind: RegistryFailureKind,
    readonly reference: string,
    message: string,
  ) {
    super(message);
    this.name = 'RegistryRefusedError';
  }
}

/** The engine's error text, first line, without docker-modem's "(HTTP code N) … - " prefix. */
export function engineErrorText(error: unknown): string {
  return engineErrorMessage(error).split('\n')[0]?.trim() || 'no reason given';
}

function whatToDo(kind: RegistryFailureKind, operation: 'push' | 'pull', registry: string, auth: boolean) {
  switch (kind) {
    case 'auth':
      return auth
        ? `the credentials were refused; check REGISTRY_USERNAME and REGISTRY_PASSWORD (a token that may ${operation === 'push' ? 'write' : 'read'} packages on ${registry})`
        : `${registry} needs credentials; set REGISTRY_USERNAME and REGISTRY_PASSWORD`;
    case 'not-found':
      return 'check the name, the tag or digest, and that it was pushed';
    case 'rate-limit':
      return 'the registry limits requests; retry later or authenticate for a higher limit';
    case 'network':
      return `check that ${registry} is up and reachable from the Docker engine`;
    case 'server':
      return `${registry} failed on its side; retry later`;
    default:
      return `see the engine's log for ${registry}`;
  }
}

function refusal(
  operation: 'push' | 'pull',
  reference: string,
  error: unknown,
  auth: RegistryAuth | undefined,
): RegistryRefusedError {
  const text = engineErrorText(error);
  const kind = classifyRegistryError(text);
  const registry = registryOf(reference);
  const cause = {
    auth: 'refused (authentication)',
    'not-found': 'refused (not found)',
    'rate-limit': 'refused (rate limit)',
    network: 'failed (registry unreachable)',
    server: 'failed (registry server error)',
    other: 'failed',
  }[kind];
  return new RegistryRefusedError(
    kind,
    reference,
    `${operation} of ${reference} ${cause}: ${text}; ${whatToDo(kind, operation, registry, auth !== undefined)}`,
  );
}

/** The registry host of a reference (Docker Hub when the first part is not a host). */
export function registryOf(reference: string): string {
  const first = reference.split('/')[0] ?? '';
  return reference.includes('/') && (/[.:]/.test(first) || first === 'localhost') ? first : 'docker.io';
}

function authConfig(reference: string, auth: RegistryAuth | undefined) {
  return auth
    ? { username: auth.username, password: auth.password, serveraddress: registryOf(reference) }
    : undefined;
}

/** `name[:port]/path:tag` → [name, tag]; the colon of a registry port is not a tag separator. */
function splitTag(reference: string): [string, string] {
  const colon = reference.lastIndexOf(':');
  if (colon <= reference.lastIndexOf('/')) return [reference, 'latest'];
  return [reference.slice(0, colon), reference.slice(colon + 1)];
}

/** Pushes `repository:tag`; resolves to the manifest digest the registry stored. */
export async function pushTag(
  docker: Docker,
  reference: string,
  auth?: RegistryAuth,
  timeoutMs = 600_000,
): Promise<string> {
  const [repository, tag] = splitTag(reference);
  let digest: string | undefined;
  try {
    const credentials = authConfig(reference, auth);
    const stream = (await docker.getImage(repository).push({
      tag,
      abortSignal: AbortSignal.timeout(timeoutMs),
      ...(credentials ? { authconfig: credentials } : {}),
    })) as NodeJS.ReadableStream;
    await followProgress(docker, stream, (event) => {
      // The engine's last message: {"aux":{"Tag":"0.1.0","Digest":"sha256:…","Size":…}}.
      const found = (event.aux as Record<string, unknown> | undefined)?.Digest;
      if (typeof found === 'string') digest = found;
    });
  } catch (error) {
    throw refusal('push', reference, error, auth);
  }
  if (!digest) throw new Error(`push of ${reference}: the engine reported success but no digest`);
  return digest;
}

/** Pulls a reference (a tag or `name@sha256:…`) onto the engine. */
export async function pullReference(
  docker: Docker,
  reference: string,
  auth?: RegistryAuth,
  timeoutMs = 600_000,
): Promise<void> {
  try {
    const credentials = authConfig(reference, auth);
    const stream = await docker.pull(reference, {
      abortSignal: AbortSignal.timeout(timeoutMs),
      ...(credentials ? { authconfig: credentials } : {}),
    });
    await followProgress(docker, stream);
  } catch (error) {
    throw refusal('pull', reference, error, auth);
  }
}
