import { readFile } from 'node:fs/promises';

export interface KnownSecrets {
  teamSecret?: string;
  secKeyFragments: string[];
}

export interface SecretFiles {
  teamSecretFile?: string;
  secKeyFile?: string;
}

/** Where a file missing on this host is read instead (e.g. out of the vault's container). */
export type SecretFallbacks = { [file in keyof SecretFiles]?: () => Promise<string | undefined> };

/**
 * The team secret (trimmed file content) and three 48-character pieces of SecKey's base64
 * (start, middle, near the end): enough for a leak scan to recognise the key without
 * holding all of it in every message. A file that cannot be read (here or by its fallback)
 * contributes nothing.
 */
export async function readKnownSecrets(
  files: SecretFiles,
  fallbacks: SecretFallbacks = {},
): Promise<KnownSecrets> {
  const read = async (file: keyof SecretFiles) => {
    const path = files[file];
    const here = path ? await readFile(path, 'utf8').catch(() => undefined) : undefined;
    return here ?? fallbacks[file]?.().catch(() => undefined);
  };
  const [teamSecret, secKey] = await Promise.all([read('teamSecretFile'), read('secKeyFile')]);
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
