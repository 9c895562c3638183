import type { ExchangedTokens } from './exchanged-tokens.js';
import { addDays, NEVER } from './expiry.js';
import { MAX_ANY_USER_NAME_LENGTH, MAX_USER_NAME_LENGTH, roleNameProblem, userNameProblem } from './names.js';
import type { RoleView } from './roles.js';
import type { TokenRecord } from './token-files.js';
import type { PersistedFile } from './token-persistence.js';
import { alreadyExists, invalidRequest, notFound } from './token-store-error.js';
import type { TokenStoreState } from './token-store-state.js';

/** What POST /tokens and the rotate routes answer. */
export interface IssuedToken {
  user: string;
  token: string;
  role: string;
  issued_at: string;
  expires: string;
}

/** A GET /tokens row: never the token value. */
export interface TokenListing {
  user: string;
  role: string;
  top_k: number;
  rate_limit: string;
  /** YYYY-MM-DD or "never"; for an ephemeral token the instant, e.g. 2026-03-20T12:15:00Z. */
  expires: string;
  /** Only on tokens issued by an OIDC exchange: held in memory, gone at expiry. */
  ephemeral?: true;
  expires_at_unix?: number;
}

const MAX_EXPIRES_DAYS = 36_500;

/** Token administration (the admin API's /tokens routes): issue, revoke, rotate, list. */
export class TokenAdmin {
  constructor(
    private readonly state: TokenStoreState,
    private readonly exchanged: ExchangedTokens,
    private readonly markDirty: (file: PersistedFile) => void,
    /** A revoked user's rate-limit history goes with the token. */
    private readonly forgetRateHistory: (user: string) => void,
  ) {}

  /**
   * New `evt_` token for a user without one. `expiresDays` undefined or null → never expires
   * (upstream token_store.py add_token: no --expires means no expiry).
   */
  issue(user: string, role: string, expiresDays?: number | null): IssuedToken {
    this.state.assertOpen();
    const nameProblem = userNameProblem(user, MAX_USER_NAME_LENGTH) ?? roleNameProblem(role);
    if (nameProblem !== undefined) throw invalidRequest(nameProblem);
    if (!this.state.roles.has(role)) throw invalidRequest(`Role '${role}' does not exist`);
    if (this.state.byUser.has(user)) throw alreadyExists(`Token already exists for user '${user}'`);
    const days = expiresDays ?? null;
    if (days !== null && (!Number.isInteger(days) || days < 0 || days > MAX_EXPIRES_DAYS)) {
      throw invalidRequest(`expires_days must be an integer from 0 to ${MAX_EXPIRES_DAYS}`);
    }
    const today = this.state.today();
    const record: TokenRecord = {
      user,
      token: this.state.newToken(),
      role,
      issued_at: today,
      expires: days === null ? NEVER : addDays(today, days),
    };
    this.state.addEntry(record);
    this.markDirty('tokens');
    return issuedView(record, today);
  }

  /** Revokes the user's issued token and any token an exchange gave them. */
  revoke(user: string): { message: string } {
    this.state.assertOpen();
    assertUserName(user);
    const entry = this.state.byUser.get(user);
    const exchanged = this.exchanged.revokeUser(user);
    if (!entry && exchanged === 0) throw notFound(`No token found for user '${user}'`);
    if (entry) {
      this.state.removeEntry(entry);
      this.markDirty('tokens');
    }
    this.forgetRateHistory(user);
    return { message: `Revoked token for '${user}'` };
  }

  /**
   * Replaces the user's token value, keeping its role and the length of its lifetime from
   * today, as upstream token_store.py rotate_token does (a 90-day token rotated is good for
   * 90 days from today; a never-expiring one stays so). The rate-limit history stays.
   */
  rotate(user: string): IssuedToken {
    this.state.assertOpen();
    assertUserName(user);
    const entry = this.state.byUser.get(user);
    // Upstream answers 400 here (revoke's 404 is the odd one out): the kind keeps that.
    if (!entry) throw invalidRequest(`No token found for user '${user}'`);
    const record = this.state.replaceToken(entry);
    this.markDirty('tokens');
    return issuedView(record, this.state.today());
  }

  rotateAll(): { rotated: number; tokens: { user: string; token: string; role: string }[] } {
    this.state.assertOpen();
    const tokens = [...this.state.byUser.values()].map((entry) => {
      const { user, token, role } = this.state.replaceToken(entry);
      return { user, token, role };
    });
    if (tokens.length > 0) this.markDirty('tokens');
    return { rotated: tokens.length, tokens };
  }

  /** Issued tokens, then exchanged (ephemeral) ones soonest-expiring first. */
  listTokens(): TokenListing[] {
    const issued = [...this.state.byUser.values()].map(({ record }): TokenListing => {
      const role = this.state.roles.get(record.role) as RoleView;
      return {
        user: record.user,
        role: record.role,
        top_k: role.top_k,
        rate_limit: role.rate_limit,
        expires: record.expires,
      };
    });
    return [...issued, ...this.exchanged.listings()];
  }
}

// A looked-up name that breaks the rule can exist nowhere: refuse it with the rule's text
// (which never echoes it) rather than "No token for user '<raw text>'".
function assertUserName(user: string): void {
  const problem = userNameProblem(user, MAX_ANY_USER_NAME_LENGTH);
  if (problem !== undefined) throw invalidRequest(problem);
}

function issuedView(record: TokenRecord, today: string): IssuedToken {
  return {
    user: record.user,
    token: record.token,
    role: record.role,
    issued_at: record.issued_at ?? today,
    expires: record.expires,
  };
}
