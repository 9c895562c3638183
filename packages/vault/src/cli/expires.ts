import { CliError } from './cli-error.js';

/** `90d`, `12w`, `6m` → days, exactly as vault_admin_cli.py (a month counts 30 days). */
export function parseExpiresDays(value: string): number {
  const match = /^(\d+)([dwm])$/.exec(value);
  if (!match) {
    throw new CliError(`Invalid duration '${value}'. Use <number><d|w|m> (e.g. 90d, 12w, 6m)`);
  }
  const n = Number(match[1]);
  if (match[2] === 'd') return n;
  if (match[2] === 'w') return n * 7;
  return n * 30;
}
