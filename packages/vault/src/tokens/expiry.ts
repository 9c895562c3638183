// Token dates are calendar days in UTC written as YYYY-MM-DD, so string comparison orders them.

/** An issued token without --expires never expires (upstream's default); shown as this. */
export const NEVER = 'never';

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function utcDate(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/** True for a real calendar date in YYYY-MM-DD form (rejects 2026-02-30). */
export function isIsoDate(text: string): boolean {
  const match = ISO_DATE.exec(text);
  if (!match) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && utcDate(date) === text;
}

export function addDays(isoDate: string, days: number): string {
  return utcDate(new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * DAY_MS));
}

/** Whole days from `from` to `to` (both YYYY-MM-DD). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** A token is expired when its expiry day is before today; on the expiry day it still works. */
export function isExpired(expires: string, today: string): boolean {
  return expires !== NEVER && expires < today;
}
