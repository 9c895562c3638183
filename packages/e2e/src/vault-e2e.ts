// Entry point of `vault-e2e` (npm run e2e, bin/vault-e2e.mjs).
import { main } from './cli.js';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`vault-e2e: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
