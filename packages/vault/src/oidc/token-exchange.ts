// TokenExchangeService.ExchangeToken as a plain async function: an OIDC JWT from a configured
// provider becomes an in-memory evt_ token for the provider's role. The gRPC handler only
// adapts messages; unaryCall writes the audit line (reason in `error`, never the JWT).
//
// Limits, so that no subject can deny exchanges to another (issue #12):
// - the same JWT (same jti, or same text) gets the token it already produced until that token
//   expires, so replaying one JWT never adds tokens;
// - a subject holds at most max_tokens_per_subject live tokens (<= 100, far below the
//   vault-wide 10,000), so one subject can never fill the shared pool;
// - a provider issues at most exchange_rate_limit new tokens per window. Replays and refusals
//   spend nothing, and a subject at its cap cannot spend more, so a single subject's share of
//   the window is bounded by its cap (checkProviders warns when a config lets it be all of it).
import type { CallOutcome } from '../call-outcome.js';
import type { OidcProviderConfig } from '../config/types.js';
import { VaultError } from '../errors.js';
import type { ExchangeTokenRequest__Output } from '../generated/rune/vault/v1/ExchangeTokenRequest.js';
import type { ExchangeTokenResponse } from '../generated/rune/vault/v1/ExchangeTokenResponse.js';
import type { Logger } from '../log/logger.js';
import type { VaultMetrics } from '../metrics/vault-metrics.js';
import { CLOCK_TOLERANCE_SECONDS } from '../protocol/exchange-limits.js';
import { EXCHANGE_RESULTS, type ExchangeResult } from '../protocol/exchange-results.js';
import { SlidingWindowRateLimiter } from '../tokens/rate-limiter.js';
import type { EphemeralToken, TokenStore } from '../tokens/token-store.js';
import { ExchangeLedger } from './exchange-ledger.js';
import { ExchangeRejected } from './exchange-rejection.js';
import { type JwksCacheOptions, type ProviderKeySource, providerKeySource } from './provider-keys.js';
import { replayKeyFor } from './replay-key.js';
import { type VerifiedToken, verifyProviderJwt } from './verify-provider-jwt.js';

export interface TokenExchangeDeps {
  providers: readonly OidcProviderConfig[];
  tokens: Pick<TokenStore, 'issueEphemeral' | 'hasRole'>;
  metrics?: Pick<VaultMetrics, 'tokenExchanges'>;
  logger?: Logger;
  now?: () => Date;
  /** Cache timings of jwks_uri providers (tests shorten them). */
  jwksCache?: JwksCacheOptions;
}

interface Provider {
  config: OidcProviderConfig;
  keys: ProviderKeySource;
}

export class TokenExchange {
  private readonly providers = new Map<string, Provider>();
  private readonly now: () => Date;
  private readonly ledger: ExchangeLedger;
  /** Keyed by provider name: new tokens issued per window. */
  private readonly issuance: SlidingWindowRateLimiter;

  constructor(private readonly deps: TokenExchangeDeps) {
    this.now = deps.now ?? (() => new Date());
    const nowMs = () => this.now().getTime();
    this.ledger = new ExchangeLedger(nowMs);
    this.issuance = new SlidingWindowRateLimiter(nowMs);
    for (const config of deps.providers) {
      this.providers.set(config.name, { config, keys: providerKeySource(config, deps.jwksCache) });
    }
    // Every result series exists from the start, so rate() and alerts work before the first one.
    for (const result of EXCHANGE_RESULTS) deps.metrics?.tokenExchanges.inc({ result }, 0);
  }

  /**
   * Loads every provider's keys once and warns about the ones that fail (a JWKS file not yet
   * mounted, an issuer not yet up): exchanges against them fail with jwks_unavailable until fixed.
   */
  async checkProviders(): Promise<void> {
    for (const { config, keys } of this.providers.values()) {
      try {
        await keys.check();
      } catch (error) {
        this.deps.logger?.warn(
          `oidc provider '${config.name}': ${(error as Error).message}; its exchanges fail until this is fixed`,
        );
      }
      if (!this.deps.tokens.hasRole(config.role)) {
        this.deps.logger?.warn(
          `oidc provider '${config.name}': role '${config.role}' does not exist; create it (runevault role create) or exchanges fail with unknown_role`,
        );
      }
      // A subject at its cap issues again only as its tokens expire: at most cap per ttl.
      const { max, windowSeconds } = config.exchangeRateLimit;
      const perSubject = config.maxTokensPerSubject * Math.ceil(windowSeconds / config.ttlSeconds);
      if (perSubject >= max) {
        this.deps.logger?.warn(
          `oidc provider '${config.name}': one subject may take up to ${perSubject} of exchange_rate_limit ${max}/${windowSeconds}s and deny exchanges to the others; raise ttl or exchange_rate_limit, or lower max_tokens_per_subject`,
        );
      }
    }
  }

  async exchange(request: ExchangeTokenRequest__Output): Promise<CallOutcome<ExchangeTokenResponse>> {
    let result: ExchangeResult = 'error';
    try {
      const outcome = await this.verifyAndIssue(request);
      result = 'success';
      return outcome;
    } catch (error) {
      if (error instanceof ExchangeRejected) result = error.category;
      throw error;
    } finally {
      this.deps.metrics?.tokenExchanges.inc({ result });
    }
  }

  private async verifyAndIssue(
    request: ExchangeTokenRequest__Output,
  ): Promise<CallOutcome<ExchangeTokenResponse>> {
    const provider = this.providerFor(request.provider);
    const { config } = provider;
    const verified = await verifyProviderJwt(request.subject_token, config, provider.keys, this.now());
    if (!this.deps.tokens.hasRole(config.role)) {
      throw new ExchangeRejected('unknown_role', { provider: config.name, user: verified.user });
    }
    return exchangeOutcome(this.issueOnce(config, request.subject_token, verified));
  }

  // Synchronous from the replay lookup to the ledger record: concurrent exchanges of one JWT
  // cannot both miss the lookup and issue two tokens.
  private issueOnce(
    config: OidcProviderConfig,
    jwt: string,
    { user, claims }: VerifiedToken,
  ): EphemeralToken {
    const provider = config.name;
    const replayKey = replayKeyFor(provider, user, jwt, claims);
    const previous = this.ledger.lookup(replayKey);
    if (previous.kind === 'live') return previous.issued;
    // Revoked: the JWT that produced the token must not bring it back.
    if (previous.kind === 'revoked') throw new ExchangeRejected('replayed', { provider, user });

    const nowMs = this.now().getTime();
    const held = this.ledger.liveTokens(user);
    if (held.count >= config.maxTokensPerSubject) {
      throw new ExchangeRejected('subject_token_limit', {
        provider,
        user,
        kind: 'rate_limited',
        retryAfterSeconds: Math.max(1, Math.ceil((held.nextExpiryMs - nowMs) / 1000)),
      });
    }
    const decision = this.issuance.tryAcquire(provider, config.exchangeRateLimit);
    if (!decision.allowed) {
      throw new ExchangeRejected('provider_rate_limited', {
        provider,
        user,
        kind: 'rate_limited',
        retryAfterSeconds: decision.retryAfterSeconds,
      });
    }

    let issued: EphemeralToken | undefined;
    try {
      issued = this.deps.tokens.issueEphemeral({
        user,
        role: config.role,
        ttlSeconds: config.ttlSeconds,
        onRevoke: () => {
          if (issued) this.ledger.revoked(replayKey, issued.token);
        },
      });
    } catch (error) {
      // The vault-wide pool: reachable only by many subjects together, never by one (see top).
      if (error instanceof VaultError && error.kind === 'resource_exhausted') {
        throw new ExchangeRejected('token_pool_full', { provider, user, kind: 'resource_exhausted' });
      }
      throw error;
    }
    this.ledger.record(replayKey, issued, nowMs + config.ttlSeconds * 1000, jwtValidUntilMs(claims, config));
    return issued;
  }

  // An empty provider name means "the only one" when exactly one is configured. The name a
  // caller sent is never echoed: it could hold anything, a token included.
  private providerFor(name: string): Provider {
    if (name === '' && this.providers.size === 1) return [...this.providers.values()][0] as Provider;
    const provider = this.providers.get(name);
    if (!provider) throw new ExchangeRejected('unknown_provider');
    return provider;
  }
}

function exchangeOutcome(issued: EphemeralToken): CallOutcome<ExchangeTokenResponse> {
  return {
    user: issued.user,
    resultCount: 1,
    response: {
      token: issued.token,
      user: issued.user,
      role: issued.role,
      expires_at_unix: issued.expiresAtUnix,
    },
  };
}

/** The last instant `claims` still verify (exp, or iat + max_token_age, plus the clock tolerance). */
function jwtValidUntilMs(claims: VerifiedToken['claims'], config: OidcProviderConfig): number {
  const exp = Number(claims.exp);
  const tooOld = Number(claims.iat) + config.maxTokenAgeSeconds;
  return (Math.min(exp, tooOld) + CLOCK_TOLERANCE_SECONDS) * 1000;
}
