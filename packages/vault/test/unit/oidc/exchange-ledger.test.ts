// The exchange ledger's own bounds: entries leave at their token's expiry (or, once revoked,
// at the end of their JWT's validity), so memory follows the live tokens.
import { describe, expect, it } from 'vitest';
import { ExchangeLedger } from '../../../src/oidc/exchange-ledger.js';

function ledgerWithClock() {
  let now = 1_000_000;
  let serial = 0;
  const ledger = new ExchangeLedger(() => now);
  const issue = (key: string, user: string, ttlMs: number, jwtMs = ttlMs * 2) => {
    const issued = {
      user,
      token: `evt_${key}_${serial++}`,
      role: 'member',
      expiresAtUnix: Math.floor((now + ttlMs) / 1000),
    };
    ledger.record(key, issued, now + ttlMs, now + jwtMs);
    return issued;
  };
  return { ledger, issue, advance: (ms: number) => (now += ms) };
}

describe('ExchangeLedger', () => {
  it('forgets every entry once its token expired, on the next lookup', () => {
    const { ledger, issue, advance } = ledgerWithClock();
    for (let i = 0; i < 1000; i++) issue(`k${i}`, `user-${i % 10}`, 60_000);
    expect(ledger.size).toBe(1000);
    expect(ledger.liveTokens('user-3')).toEqual({ count: 100, nextExpiryMs: 1_060_000 });
    advance(60_000);
    expect(ledger.lookup('unknown')).toEqual({ kind: 'new' });
    expect(ledger.size).toBe(0);
    expect(ledger.liveTokens('user-3').count).toBe(0);
  });

  it('keeps a revoked entry until its JWT stops verifying, and does not count it as live', () => {
    const { ledger, issue, advance } = ledgerWithClock();
    const issued = issue('k', 'u', 60_000, 300_000);
    expect(ledger.lookup('k')).toEqual({ kind: 'live', issued });
    ledger.revoked('k', issued.token);
    expect(ledger.lookup('k')).toEqual({ kind: 'revoked' });
    expect(ledger.liveTokens('u').count).toBe(0);
    advance(299_999);
    expect(ledger.lookup('k')).toEqual({ kind: 'revoked' });
    advance(1);
    expect(ledger.lookup('k')).toEqual({ kind: 'new' });
    expect(ledger.size).toBe(0);
  });

  it('ignores the revocation of an earlier token whose key a later token now holds', () => {
    const { ledger, issue, advance } = ledgerWithClock();
    const old = issue('k', 'u', 1000);
    advance(1000);
    expect(ledger.lookup('k')).toEqual({ kind: 'new' });
    const fresh = issue('k', 'u', 1000);
    ledger.revoked('k', old.token);
    expect(ledger.lookup('k')).toEqual({ kind: 'live', issued: fresh });
  });
});
