// How to start the issuer process from this package's sources (tests, the e2e CLI). Kept out
// of the main entry: a bundler would otherwise pull the .ts file in as an asset.
import { fileURLToPath } from 'node:url';
import { ISSUER_PROCESS_ARG } from './issuer-process.js';

export function issuerProcessFromSource(): { command: string; args: string[] } {
  const entry = fileURLToPath(new URL('./issuer-process-main.ts', import.meta.url));
  return { command: process.execPath, args: ['--import', 'tsx', entry, ISSUER_PROCESS_ARG] };
}
