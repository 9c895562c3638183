import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// First match wins: `./proto` beside the esbuild bundle (dist/runevault.mjs, dist/proto), then
// the package's proto/ seen from src/*.ts (tsx, vitest) or from a compiled dist/src/*.js.
const CANDIDATES = ['./proto', '../proto', '../../proto'];

let found: string | undefined;

/** The folder holding rune/vault/v1/*.proto for the code that is running right now. */
export function protoDir(): string {
  if (found) return found;
  const searched = CANDIDATES.map((relative) => fileURLToPath(new URL(relative, import.meta.url)));
  found = searched.find((dir) => existsSync(`${dir}/rune/vault/v1/vault_service.proto`));
  if (!found) throw new Error(`proto files not found; searched ${searched.join(', ')}`);
  return found;
}
