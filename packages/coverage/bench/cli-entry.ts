// The merge-coverage CLI as the benchmark bundles it (one file, no tsx), as a user's CI runs a
// bundled action or CLI: bin/merge-coverage.mjs compiles TypeScript on start, which would be
// most of a small merge's time and none of the work compared.
import { runCli } from '../src/cli.js';

process.exitCode = await runCli(process.argv.slice(2));
