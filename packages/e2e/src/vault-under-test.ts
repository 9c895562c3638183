// The contract between drivers (how a vault is started) and cases (what is checked).

export type DriverName = 'docker' | 'process' | 'address';

export interface RoleSpec {
  name: string;
  scope: string[];
  topK: number;
  rateLimit: string;
}

/** What case 15 (oidc-exchange) needs: a provider the vault trusts and tokens for it. */
export interface OidcFixture {
  /** The oidc.providers name to exchange against ('' = the vault's only provider). */
  provider: string;
  /** A JWT the vault must accept; called for each use, so it may mint a fresh one. */
  goodToken(): Promise<string>;
  /** Negative preset (mint-test-oidc's names) → a JWT the vault must refuse. */
  negatives: Record<string, string>;
  /** The role exchanged tokens must get, when the caller knows it. */
  role?: string;
}

export interface VaultUnderTest {
  driver: DriverName;
  /** host:port of the gRPC listener (loopback here). */
  grpcAddress: string;
  /** http://host:port of the /health + /metrics listener. */
  httpUrl: string;
  /** A member token issued when the vault was started (through the vault's own admin CLI). */
  token: string;
  /** PEM of the CA to trust when the vault serves TLS; absent = plaintext. */
  tlsRootCert?: Buffer;
  /** Issues a token for a new user through the vault's admin CLI; returns the token. */
  issueToken(user: string, role: string): Promise<string>;
  /** Creates a role through the vault's admin CLI. */
  createRole(role: RoleSpec): Promise<void>;
  /** Everything the vault has written to its log source so far (audit lines included). */
  readLogs(): Promise<string>;
  /**
   * Secret material the no-secret-leak case must not find anywhere: the team secret and
   * fragments of SecKey's base64 (whatever the driver can know; address may know none).
   */
  knownSecrets(): Promise<{ teamSecret?: string; secKeyFragments: string[] }>;
  /** Set when the vault trusts an OIDC provider and tokens for it are at hand (enables case 15). */
  oidc?: OidcFixture;
  /** Stops and removes what the driver started (no-op for address). Idempotent. */
  stop(): Promise<void>;
}
