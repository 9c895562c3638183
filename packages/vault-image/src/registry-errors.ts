// What a registry's refusal means, from the engine's message (it relays the registry's error
// code and text: "unauthorized: …", "manifest unknown", "toomanyrequests: …", "dial tcp …").
// One classifier for every push and pull: the release scripts and start-vault-container.

export type RegistryFailureKind = 'auth' | 'not-found' | 'rate-limit' | 'server' | 'network' | 'other';

// First match wins: Docker Hub answers a missing *or* private repository with "pull access
// denied … does not exist or may require 'docker login'", which is neither only auth nor only
// not found; it is told apart before the plain auth and not-found patterns.
const RULES: [RegistryFailureKind | 'hub-denied', RegExp][] = [
  ['rate-limit', /toomanyrequests|too many requests|\b429\b|rate limit/i],
  ['hub-denied', /does not exist or may require/i],
  [
    'auth',
    /unauthori[sz]ed|\bdenied\b|authentication required|no basic auth credentials|\b40[13]\b|forbidden/i,
  ],
  ['not-found', /manifest unknown|name unknown|not found|\b404\b|no such image|does not exist/i],
  ['server', /\b50[0-9]\b|internal server error|bad gateway|service unavailable|gateway timeout/i],
  [
    'network',
    /timeout|timed out|deadline exceeded|connection refused|connection reset|no such host|network is unreachable|no route to host|i\/o timeout|dial tcp|\bEOF\b|tls handshake|aborted|ECONN|ETIMEDOUT|EAI_AGAIN/i,
  ],
];

/** The kind of a registry failure, from the engine's (or docker-modem's) message. */
export function classifyRegistryError(message: string): RegistryFailureKind {
  // The URL the engine quotes (`Head "http://127.0.0.1:404/v2/…"`) says nothing of the cause,
  // and a port or tag in it could read as a status code.
  const text = message.replace(/"[a-z][\w+.-]*:\/\/[^"]*"/gi, '""');
  for (const [kind, pattern] of RULES) {
    if (pattern.test(text)) return kind === 'hub-denied' ? 'not-found' : kind;
  }
  return 'other';
}

/** Worth another attempt: the same request may succeed a few seconds later. */
export function isTransientRegistryFailure(kind: RegistryFailureKind): boolean {
  return kind === 'rate-limit' || kind === 'server' || kind === 'network';
}

/** The engine's error text without docker-modem's "(HTTP code N) … - " prefix, untrimmed lines. */
export function engineErrorMessage(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/^\(HTTP code \d+\)[^-]*- /, '');
}
