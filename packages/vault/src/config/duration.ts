const DURATION = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;

/**
 * Seconds in a duration like `900s`, `15m`, `1h` or `1h30m`; a bare number is seconds.
 * undefined when the text is not a duration.
 */
export function parseDurationSeconds(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 ? value : undefined;
  const match = DURATION.exec(value.trim());
  if (!match || value.trim() === '') return undefined;
  const [, hours = '0', minutes = '0', seconds = '0'] = match;
  return Number(hours) * 3600 + Number(minutes) * 60 + Number(seconds);
}
