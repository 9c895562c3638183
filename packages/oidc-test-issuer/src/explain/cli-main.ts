// The `oidc-explain` process: runs the CLI on argv with the real streams.
import { runOidcExplain } from './cli.js';

process.exitCode = await runOidcExplain(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(`${text}\n`),
  stderr: (text) => process.stderr.write(`${text}\n`),
  stdin: process.stdin,
});
