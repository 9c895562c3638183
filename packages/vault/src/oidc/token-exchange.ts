// TokenExchangeService.ExchangeToken as a plain async function: an OIDC JWT from a configured
// provider becomes an in-memory evt_ token for the provider's role. The gRPC handler only
// adapts messages; unaryCall writes the audit line (reason in `error`, never the JWT).
import type { OidcProviderConfig } from '../config/types.js';
import type { ExchangeTokenRequest__Output } from '../generated/rune/vault/v1/ExchangeTokenRequest.js';
import type { ExchangeTokenResponse } from '../generated/rune/vault/v1/ExchangeTokenResponse.js';
import type { Logger } from '../log/logger.js';
import type { VaultMetrics } from '../metrics/vault-metrics.js';
import type { TokenStore } from '../tokens/token-store.js';
import type { CallOutcome } from '../vault-operations.js';
import { EXCHANGE_RESULTS, ExchangeRejected, type ExchangeResult } from './exchange-rejection.js';
import { type JwksCacheOptions, type ProviderKeySource, providerKeySource } from './provider-keys.js';
import { verifyProviderJwt } from './verify-provider-jwt.js';

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

  constructor(private readonly deps: TokenExchangeDeps) {
    this.now = deps.now ?? (() => new Date());
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
    const { user } = await verifyProviderJwt(request.subject_token, config, provider.keys, this.now());
    if (!this.deps.tokens.hasRole(config.role)) {
      throw new ExchangeRejected('unknown_role', { provider: config.name, user });
    }
    const issued = this.deps.tokens.issueEphemeral({
      user,
      role: config.role,
      ttlSeconds: config.ttlSeconds,
    });
    return {
      user,
      resultCount: 1,
      response: {
        token: issued.token,
        user: issued.user,
        role: issued.role,
        expires_at_unix: issued.expiresAtUnix,
      },
    };
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
