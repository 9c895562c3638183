import { readFile } from 'node:fs/promises';

export interface KnownSecrets {
  teamSecret?: string;
  secKeyFragments: string[];
}

/**
 * The team secret (trimmed file content) and three 48-character pieces of SecKey's base64
 * (start, middle, near the end): enough for a leak scan to recognise the key without
 * holding all of it in every message. A file that cannot be read contributes nothing.
 */
export async function readKnownSecrets(files: {
  teamSecretFile?: string;
  secKeyFile?: string;
}): Promise<KnownSecrets> {
  const [teamSecret, secKey] = await Promise.all([
    files.teamSecretFile ? readFile(files.teamSecretFile, 'utf8').catch(() => undefined) : undefined,
    files.secKeyFile ? readFile(files.secKeyFile, 'utf8').catch(() => undefined) : undefined,
  ]);
  return {
    ...(teamSecret?.trim() ? { teamSecret: teamSecret.trim() } : {}),
    secKeyFragments: secKey ? secKeyFragments(secKey) : [],
  };
}

export function secKeyFragments(secKeyFileText: string): string[] {
  let data: unknown;
  try {
    data = (JSON.parse(secKeyFileText) as { data?: unknown }).data;
  } catch {
    return [];
  }
  if (typeof data !== 'string' || data.length < 48) return [];
  const at = (fraction: number) => {
    const start = Math.min(Math.floor(data.length * fraction), data.length - 48);
    return data.slice(start, start + 48);
  };
  return [at(0), at(0.5), at(0.9)];
}
