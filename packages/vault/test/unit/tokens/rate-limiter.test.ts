import { describe, expect, it } from 'vitest';
import {
  formatRateLimit,
  parseRateLimit,
  SlidingWindowRateLimiter,
} from '../../../src/tokens/rate-limiter.js';

describe('parseRateLimit', () => {
  it.each([
    ['30/60s', { max: 30, windowSeconds: 60 }],
    ['150/60s', { max: 150, windowSeconds: 60 }],
    ['5/1', { max: 5, windowSeconds: 1 }],
    [' 3 / 10s ', { max: 3, windowSeconds: 10 }],
  ])('%j', (text, expected) => {
    expect(parseRateLimit(text)).toEqual(expected);
    expect(formatRateLimit(expected)).toBe(`${expected.max}/${expected.windowSeconds}s`);
  });

  it.each(['', '30', '30/60m', '0/60s', '30/0s', 'x/60s', '30/60s/1', '-1/60s', '999999999/1s'])(
    'rejects %j',
    (text) => {
      expect(parseRateLimit(text)).toBeUndefined();
    },
  );
});

describe('SlidingWindowRateLimiter', () => {
  function limiterAt(startMs = 1_000_000) {
    const clock = { now: startMs };
    return { clock, limiter: new SlidingWindowRateLimiter(() => clock.now) };
  }
  const limit = { max: 3, windowSeconds: 60 };

  it('allows max calls per window and tells the caller when the oldest leaves it', () => {
    const { clock, limiter } = limiterAt();
    const t0 = clock.now;
    for (const offset of [0, 10_000, 20_000]) {
      clock.now = t0 + offset;
      expect(limiter.tryAcquire('alice', limit)).toEqual({ allowed: true });
    }
    clock.now = t0 + 30_000;
    expect(limiter.tryAcquire('alice', limit)).toEqual({ allowed: false, retryAfterSeconds: 30 });
    clock.now = t0 + 59_001;
    expect(limiter.tryAcquire('alice', limit)).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });

  it('slides: a call exactly one window old has left it', () => {
    const { clock, limiter } = limiterAt();
    const t0 = clock.now;
    for (const offset of [0, 10_000, 20_000]) {
      clock.now = t0 + offset;
      limiter.tryAcquire('alice', limit);
    }
    clock.now = t0 + 60_000;
    expect(limiter.tryAcquire('alice', limit)).toEqual({ allowed: true });
    clock.now = t0 + 61_000;
    // Now the oldest in the window is the call at +10s: it leaves at +70s.
    expect(limiter.tryAcquire('alice', limit)).toEqual({ allowed: false, retryAfterSeconds: 9 });
  });

  it('rounds the wait up and never answers less than 1 second', () => {
    const { clock, limiter } = limiterAt();
    const oneShot = { max: 1, windowSeconds: 2 };
    limiter.tryAcquire('u', oneShot);
    clock.now += 500;
    expect(limiter.tryAcquire('u', oneShot)).toEqual({ allowed: false, retryAfterSeconds: 2 });
    clock.now += 1_499;
    expect(limiter.tryAcquire('u', oneShot)).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });

  it('does not count denied calls', () => {
    const { clock, limiter } = limiterAt();
    const oneShot = { max: 1, windowSeconds: 10 };
    limiter.tryAcquire('u', oneShot);
    for (let i = 0; i < 5; i++) {
      clock.now += 1_000;
      expect(limiter.tryAcquire('u', oneShot).allowed).toBe(false);
    }
    clock.now += 5_000;
    expect(limiter.tryAcquire('u', oneShot)).toEqual({ allowed: true });
  });

  it('keeps keys independent and forgets a key on request', () => {
    const { limiter } = limiterAt();
    const oneShot = { max: 1, windowSeconds: 60 };
    expect(limiter.tryAcquire('a', oneShot).allowed).toBe(true);
    expect(limiter.tryAcquire('b', oneShot).allowed).toBe(true);
    expect(limiter.tryAcquire('a', oneShot).allowed).toBe(false);
    limiter.forget('a');
    expect(limiter.tryAcquire('a', oneShot).allowed).toBe(true);
  });

  it('applies a tightened limit to the history already recorded', () => {
    const { clock, limiter } = limiterAt();
    const t0 = clock.now;
    for (const offset of [0, 1_000, 2_000]) {
      clock.now = t0 + offset;
      limiter.tryAcquire('u', limit);
    }
    clock.now = t0 + 3_000;
    // With max 2, the slot frees when the call at +1s leaves (at +61s).
    expect(limiter.tryAcquire('u', { max: 2, windowSeconds: 60 })).toEqual({
      allowed: false,
      retryAfterSeconds: 58,
    });
  });
});
