#!/usr/bin/env node
// `merge-coverage`: runs the TypeScript CLI through tsx's loader (the package is not pre-compiled).
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/cli.ts');
process.exitCode = await runCli(process.argv.slice(2));
