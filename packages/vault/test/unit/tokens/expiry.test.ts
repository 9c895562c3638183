import { describe, expect, it } from 'vitest';
import { addDays, isExpired, isIsoDate, NEVER, utcDate } from '../../../src/tokens/expiry.js';

describe('expiry dates', () => {
  it('uses the UTC calendar day', () => {
    expect(utcDate(new Date('2026-03-20T23:59:59.999Z'))).toBe('2026-03-20');
    expect(utcDate(new Date('2026-03-21T00:00:00Z'))).toBe('2026-03-21');
  });

  it('validates real YYYY-MM-DD dates only', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2026-13-01')).toBe(false);
    expect(isIsoDate('2026-3-5')).toBe(false);
    expect(isIsoDate('2026-03-05T00:00:00Z')).toBe(false);
  });

  it('adds days across month and year ends', () => {
    expect(addDays('2026-03-20', 90)).toBe('2026-06-18');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });

  it('keeps a token valid through its expiry day and expires it the day after', () => {
    expect(isExpired('2026-03-20', '2026-03-20')).toBe(false);
    expect(isExpired('2026-03-19', '2026-03-20')).toBe(true);
    expect(isExpired('2026-03-21', '2026-03-20')).toBe(false);
    expect(isExpired(NEVER, '9999-12-31')).toBe(false);
  });
});
