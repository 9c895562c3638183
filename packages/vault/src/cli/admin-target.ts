import { loadConfig } from '../config/load-config.js';
import type { VaultConfig } from '../config/types.js';
import { ConfigError } from '../errors.js';
import { CliError } from './cli-error.js';

export interface GlobalOptions {
  config?: string;
  adminSocket?: string;
}

/** Loads the config named by --config (or found by the lookup order), as a CLI error on failure. */
export function loadCliConfig(globals: GlobalOptions): { config: VaultConfig; warnings: string[] } {
  try {
    return loadConfig(globals.config ? { configPath: globals.config } : {});
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(error.message);
    throw error;
  }
}

/** The admin socket: --admin-socket wins; otherwise the config's server.admin.socket. */
export function adminSocketPath(globals: GlobalOptions): string {
  if (globals.adminSocket) return globals.adminSocket;
  return loadCliConfig(globals).config.server.admin.socket;
}
