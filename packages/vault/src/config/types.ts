// The resolved configuration: every path absolute, every `*_file` indirection read,
// every default filled in. Produced by loadConfig(); consumed by startVault().

import type { RateLimit } from '../tokens/rate-limiter.js';

export type AuditMode = '' | 'file' | 'stdout' | 'file+stdout';

export interface OidcProviderConfig {
  name: string;
  issuer: string;
  audiences: string[];
  jwksFile?: string;
  jwksUri?: string;
  algorithms: string[];
  boundClaims: Record<string, string>;
  userClaim: string;
  role: string;
  /** Lifetime of the evt_ token an exchange issues (1s..1h). */
  ttlSeconds: number;
  /** JWTs whose iat is older than this are refused, whatever their exp says (1s..24h). */
  maxTokenAgeSeconds: number;
  /** Live exchanged tokens one exchanged user may hold at once (1..100, default 5). */
  maxTokensPerSubject: number;
  /** New tokens this provider may issue per window (replays of a JWT do not count). */
  exchangeRateLimit: RateLimit;
}

export interface VaultConfig {
  /** Absolute path of the file this came from ('' when built in code). */
  file: string;
  installDir: string;
  daemon: { pidFile: string };
  server: {
    grpc: {
      host: string;
      port: number;
      maxMessageMb: number;
      /** grpc-js receive limit (bytes): a longer message is refused before it is buffered. */
      maxRequestBytes: number;
      tls: { cert: string; key: string; disable: boolean };
    };
    /** port 0 = disabled */
    http: { host: string; port: number };
    admin: { socket: string };
  };
  keys: {
    path: string;
    keyId: string;
    indexName: string;
    embeddingDim: number;
    generateIfMissing: boolean;
  };
  envector: { endpoint: string; apiKey: string };
  tokens: { teamSecret: string; rolesFile: string; tokensFile: string };
  audit: {
    mode: AuditMode;
    path: string;
    alert: { authFailureThreshold: number; windowSeconds: number };
  };
  oidc: { providers: OidcProviderConfig[] };
  decrypt: {
    /** SEAL worker threads; absent = min(2, available cores). */
    workers?: number;
    /** A worker whose SEAL memory grew above this after a call is replaced. */
    workerMemoryLimitMb: number;
  };
}
