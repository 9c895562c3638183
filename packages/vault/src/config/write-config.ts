// Renders a runevault.conf from a few options: what setup-vault writes, and what a test driver
// can write. Relative paths in it resolve against the install dir (the parent of configs/), so
// one file works for a process on the host and for a container that mounts the same layout.
import { stringify } from 'yaml';
import { writeFileAtomic } from '../fs/atomic-write.js';
import type { AuditMode } from './types.js';

export const DEFAULT_KEYS_PATH = 'vault-keys';
export const DEFAULT_KEY_ID = 'vault-key';

export interface Listener {
  host?: string;
  port?: number;
}

export interface VaultConfigFileOptions {
  /** Inline `tokens.team_secret`, or `{ file }` for `tokens.team_secret_file`. */
  teamSecret: string | { file: string };
  grpc?: Listener;
  http?: Listener;
  /** PEM files for gRPC TLS; absent = plaintext (`tls.disable: true`). */
  tls?: { cert: string; key: string };
  keys?: { path?: string; keyId?: string; generateIfMissing?: boolean };
  audit?: { mode?: AuditMode; path?: string };
  /** Any config keys, deep-merged last (mappings key by key; lists and scalars replace). */
  overrides?: Record<string, unknown>;
  /** Who wrote the file, for the header comment. */
  writtenBy?: string;
}

/** The config as a plain object, every default written out so a reader sees what runs. */
export function vaultConfigDocument(options: VaultConfigFileOptions): Record<string, unknown> {
  const listener = (given: Listener | undefined, port: number) => ({
    host: given?.host ?? '127.0.0.1',
    port: given?.port ?? port,
  });
  const document: Record<string, unknown> = {
    server: {
      grpc: {
        ...listener(options.grpc, 50051),
        tls: options.tls ? { cert: options.tls.cert, key: options.tls.key } : { disable: true },
      },
      http: listener(options.http, 9090),
    },
    keys: {
      path: options.keys?.path ?? DEFAULT_KEYS_PATH,
      key_id: options.keys?.keyId ?? DEFAULT_KEY_ID,
      generate_if_missing: options.keys?.generateIfMissing ?? true,
    },
    tokens:
      typeof options.teamSecret === 'string'
        ? { team_secret: options.teamSecret }
        : { team_secret_file: options.teamSecret.file },
    audit: {
      mode: options.audit?.mode ?? 'stdout',
      ...(options.audit?.path ? { path: options.audit.path } : {}),
    },
  };
  return options.overrides ? deepMerge(document, options.overrides) : document;
}

/** YAML text with a header comment; the same options always give the same bytes. */
export function renderVaultConfig(options: VaultConfigFileOptions): string {
  const header = `# runevault.conf${options.writtenBy ? `, written by ${options.writtenBy}` : ''}\n`;
  return header + stringify(vaultConfigDocument(options), { lineWidth: 0 });
}

/** Writes the config atomically with mode 0600: it may hold the team secret inline. */
export async function writeVaultConfig(path: string, options: VaultConfigFileOptions): Promise<void> {
  await writeFileAtomic(path, renderVaultConfig(options), { mode: 0o600 });
}

/** A YAML mapping as parsed: a plain object, not an array. */
export function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `extra` over `base`, mapping by mapping; any other value of `extra` replaces the base's. */
export function deepMerge(
  base: Record<string, unknown>,
  extra: Record<string, unknown>,
): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(extra)) {
    const current = merged[key];
    merged[key] = isMapping(current) && isMapping(value) ? deepMerge(current, value) : value;
  }
  return merged;
}
