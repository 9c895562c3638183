// An ephemeral OIDC issuer for tests: a key ring (one signing key, any number published),
// GitHub-shaped tokens from a template, and the JWKS a verifier needs.
import { randomUUID } from 'node:crypto';
import { type JSONWebKeySet, type JWTPayload, SignJWT } from 'jose';
import { generateIssuerKey, type IssuerKey, type SigningAlg } from './issuer-key.js';
import { assertTestIssuerUrl } from './production-issuer.js';
import type { TokenTemplate } from './token-template.js';

export interface TestIssuerOptions {
  /** The `iss` of every token; GitHub's production issuer is refused. */
  issuer: string;
  alg?: SigningAlg;
  /** Use this key instead of generating one (e.g. one handed to an issuer process). */
  key?: IssuerKey;
  /** Generate keys extractable (only to hand them to a separate issuer process). */
  extractable?: boolean;
  now?: () => Date;
}

/** Overrides for one token: every field replaces what the template and the clock would give. */
export interface MintOverrides {
  audience?: string | string[];
  /** Issued-at; nbf defaults to it and exp to it + lifetime. */
  issuedAt?: number;
  notBefore?: number | null;
  expiresAt?: number | null;
  issuer?: string;
  extraClaims?: Record<string, unknown>;
  /** Sign with this key instead of the active one (it need not be published). */
  key?: IssuerKey;
}

export class TestIssuer {
  private readonly published = new Map<string, IssuerKey>();
  private active: IssuerKey;
  private readonly now: () => Date;

  private constructor(
    readonly issuer: string,
    key: IssuerKey,
    private readonly options: TestIssuerOptions,
  ) {
    this.active = key;
    this.published.set(key.kid, key);
    this.now = options.now ?? (() => new Date());
  }

  static async create(options: TestIssuerOptions): Promise<TestIssuer> {
    assertTestIssuerUrl(options.issuer);
    const key =
      options.key ??
      (await generateIssuerKey(options.alg ?? 'RS256', { extractable: options.extractable ?? false }));
    return new TestIssuer(options.issuer.replace(/\/+$/, ''), key, options);
  }

  get alg(): SigningAlg {
    return this.active.alg;
  }

  /** The key that signs new tokens. */
  get signingKey(): IssuerKey {
    return this.active;
  }

  /** The published keys (the JWKS), signing key first. */
  jwks(): JSONWebKeySet {
    const keys = [this.active, ...[...this.published.values()].filter((k) => k !== this.active)];
    return { keys: keys.map((k) => ({ ...k.publicJwk })) };
  }

  // ---- rotation: publish before signing, retire after ----

  /** A new key, published in the JWKS at once but not signing yet (verifiers learn it first). */
  async publishNewKey(alg: SigningAlg = this.active.alg): Promise<IssuerKey> {
    const key = await generateIssuerKey(alg, { extractable: this.options.extractable ?? false });
    this.published.set(key.kid, key);
    return key;
  }

  /** Signs from now on with a published key. */
  activate(kid: string): void {
    const key = this.published.get(kid);
    if (!key) throw new Error(`key ${kid} is not published; publishNewKey() first`);
    this.active = key;
  }

  /** Removes a key from the JWKS: tokens it signed stop verifying once verifiers refetch. */
  retire(kid: string): void {
    if (kid === this.active.kid) throw new Error(`key ${kid} signs new tokens; activate another first`);
    if (!this.published.delete(kid)) throw new Error(`key ${kid} is not published`);
  }

  // ---- minting ----

  /** A signed JWT from `template`, as GitHub's would look (header alg, kid, typ JWT). */
  async mint(template: TokenTemplate, overrides: MintOverrides = {}): Promise<string> {
    return this.sign(this.payload(template, overrides), overrides.key ?? this.active);
  }

  /** The claims mint() would sign (tests and negative presets start from them). */
  payload(template: TokenTemplate, overrides: MintOverrides = {}): JWTPayload {
    const iat = overrides.issuedAt ?? Math.floor(this.now().getTime() / 1000);
    const nbf = overrides.notBefore === undefined ? iat : overrides.notBefore;
    const exp = overrides.expiresAt === undefined ? iat + template.lifetimeSeconds : overrides.expiresAt;
    const payload: JWTPayload = {
      jti: randomUUID(),
      sub: template.subject,
      aud: overrides.audience ?? template.audience,
      ...template.claims,
      ...overrides.extraClaims,
      iss: overrides.issuer ?? this.issuer,
      iat,
    };
    if (nbf !== null) payload.nbf = nbf;
    if (exp !== null) payload.exp = exp;
    return payload;
  }

  async sign(payload: JWTPayload, key: IssuerKey = this.active): Promise<string> {
    return new SignJWT(payload)
      .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' })
      .sign(key.privateKey);
  }

  nowSeconds(): number {
    return Math.floor(this.now().getTime() / 1000);
  }
}
