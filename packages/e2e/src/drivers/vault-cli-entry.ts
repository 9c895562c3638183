// How to run `runevault` on this host: the esbuild bundle with plain node when it has been
// built (npm run build:cli), else the source entry through tsx's loader. The loader URL is
// absolute, so a child started in another cwd still finds it.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
/** packages/vault, found through the workspace link (its "." export is src/index.ts). */
const VAULT_PACKAGE_DIR = join(dirname(require.resolve('@runevault/vault')), '..');
const VAULT_BUNDLE = join(VAULT_PACKAGE_DIR, 'dist', 'runevault.mjs');
const VAULT_SOURCE_ENTRY = join(VAULT_PACKAGE_DIR, 'src', 'cli', 'main.ts');

export type CliFlavour = 'bundle' | 'source';

export interface CliCommand {
  flavour: CliFlavour;
  /** process.execPath */
  command: string;
  /** Arguments before runevault's own. */
  args: string[];
}

export function vaultCliCommand(prefer: CliFlavour | 'auto' = 'auto'): CliCommand {
  const flavour = prefer === 'auto' ? (existsSync(VAULT_BUNDLE) ? 'bundle' : 'source') : prefer;
  if (flavour === 'bundle') {
    if (!existsSync(VAULT_BUNDLE)) {
      throw new Error(`the runevault bundle ${VAULT_BUNDLE} does not exist; build it with npm run build:cli`);
    }
    return { flavour, command: process.execPath, args: [VAULT_BUNDLE] };
  }
  const tsxLoader = pathToFileURL(require.resolve('tsx')).href;
  return { flavour, command: process.execPath, args: ['--import', tsxLoader, VAULT_SOURCE_ENTRY] };
}
