// What the container's install dir (/opt/rune-vault) gets from the host folder the driver
// prepared: configs/ and vault-keys/ as they are there, plus the OIDC JWKS files of the
// driver's own providers under oidc/. Modes are the vault's own: folders 0700, secrets 0600
// (its config loader warns about anything looser), public files 0644. A file is secret unless
// it is known to be public, so a key file of a given config is never opened by mistake.
import { lstatSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { KEYS_PATH, TLS_CERT_FILE } from '../vault-config.js';
import type { ArchiveEntry } from './copy-into-container.js';
import { GIVEN_JWKS_FILE } from './given-config.js';

const FOLDER_MODE = 0o700;
const SECRET_FILE_MODE = 0o600;
const PUBLIC_FILE_MODE = 0o644;

/** Where the driver's own providers' JWKS files go, relative to the install dir. */
const OIDC_FOLDER = 'oidc';
/** The host folder's parts the container sees. */
const INSTALL_FOLDERS = ['configs', KEYS_PATH];
const PUBLIC_KEY_FILES = ['EncKey.json', 'EvalKey.json'];

/** The mode a file of the install dir gets, by its path relative to it. */
export function installFileMode(name: string): number {
  const base = name.slice(name.lastIndexOf('/') + 1);
  const isPublic =
    (name.startsWith(`${KEYS_PATH}/`) && PUBLIC_KEY_FILES.includes(base)) ||
    name === TLS_CERT_FILE ||
    name === GIVEN_JWKS_FILE ||
    name.startsWith(`${OIDC_FOLDER}/`);
  return isPublic ? PUBLIC_FILE_MODE : SECRET_FILE_MODE;
}

/** The path of the i-th provider's JWKS file inside the install dir. */
export function oidcJwksEntryName(index: number): string {
  return `${OIDC_FOLDER}/${index}-jwks.json`;
}

/**
 * Entries for `homeDir`'s configs/ and vault-keys/ (folders first, names sorted) and the
 * given JWKS files (host paths, in provider order) as oidc/<i>-jwks.json.
 */
export function vaultInstallEntries(homeDir: string, oidcJwksFiles: readonly string[] = []): ArchiveEntry[] {
  const entries: ArchiveEntry[] = [];
  for (const folder of INSTALL_FOLDERS) addTree(join(homeDir, folder), folder, entries);
  if (oidcJwksFiles.length > 0) {
    entries.push({ type: 'directory', name: OIDC_FOLDER, mode: FOLDER_MODE });
    oidcJwksFiles.forEach((source, index) => {
      const name = oidcJwksEntryName(index);
      entries.push({ type: 'file', name, mode: installFileMode(name), content: readFileSync(source) });
    });
  }
  return entries;
}

function addTree(path: string, name: string, entries: ArchiveEntry[]): void {
  entries.push({ type: 'directory', name, mode: FOLDER_MODE });
  for (const child of readdirSync(path).sort()) {
    const childPath = join(path, child);
    const childName = `${name}/${child}`;
    const own = lstatSync(childPath);
    // A copied key folder may hold symlinks to files (cpSync keeps them): their target is sent.
    // Symlinked folders are not followed, so a loop cannot recurse.
    const stats = own.isSymbolicLink() ? statSync(childPath) : own;
    if (own.isDirectory()) addTree(childPath, childName, entries);
    else if (stats.isFile())
      entries.push({
        type: 'file',
        name: childName,
        mode: installFileMode(childName),
        content: readFileSync(childPath),
      });
    else
      throw new Error(
        `${childPath} is neither a file, a symlink to one nor a folder; put only files and folders in the vault's configs/ and ${KEYS_PATH}/`,
      );
  }
}
