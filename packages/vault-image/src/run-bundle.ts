// `npm run build:cli` (or `npm run bundle -w @runevault/vault-image [-- --entry FILE]`): builds
// packages/vault/dist.
import { parseArgs } from 'node:util';
import { bundleCli, repoRelative } from './bundle-cli.js';

const { values } = parseArgs({ options: { entry: { type: 'string' } } });
const started = Date.now();
const result = await bundleCli(values.entry ? { entry: values.entry } : {});
console.log(
  `bundled ${repoRelative(result.cli)} and ${repoRelative(result.worker)} in ${Date.now() - started} ms`,
);
