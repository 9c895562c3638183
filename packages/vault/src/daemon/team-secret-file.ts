import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { parse } from 'yaml';
import { installDirFor } from '../config/load-config.js';
import { writeFileAtomicSync } from '../fs/atomic-write.js';

/**
 * For `daemon start --generate-team-secret` (container first start, where no shell can
 * prepare one): creates the file named by `tokens.team_secret_file` with a random 32-byte
 * hex secret, mode 0600, when it does not exist yet. Returns the path it created, if any.
 * The config itself is validated afterwards by loadConfig, which reports any problem.
 */
export function generateTeamSecretFileIfMissing(configFile: string): string | undefined {
  let raw: unknown;
  try {
    raw = parse(readFileSync(configFile, 'utf8'));
  } catch {
    return undefined;
  }
  const tokens = (raw as { tokens?: { team_secret_file?: unknown } } | null)?.tokens;
  const file = tokens?.team_secret_file;
  if (typeof file !== 'string' || file === '') return undefined;
  const path = isAbsolute(file) ? file : resolve(installDirFor(configFile), file);
  if (existsSync(path)) return undefined;
  writeFileAtomicSync(path, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600 });
  return path;
}
