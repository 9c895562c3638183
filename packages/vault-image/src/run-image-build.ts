// `npm run image` (root or -w @runevault/vault-image): bundles the CLI and builds runevault:dev and
// runevault:<version> on this machine's Docker engine, offline when no registry answers.
//   --node-image IMAGE   base image instead of the Dockerfile's pinned default
//   --no-cache           rebuild every layer (and the offline base)
//   --force              build even if an image from the same sources exists
import { parseArgs } from 'node:util';
import { buildVaultImage } from './build-image.js';
import { checkDockerEngine } from './docker-engine.js';

const { values } = parseArgs({
  options: {
    'node-image': { type: 'string' },
    'no-cache': { type: 'boolean', default: false },
    force: { type: 'boolean', default: false },
  },
});

const engine = await checkDockerEngine();
if (!engine.ok) {
  console.error(`image: ${engine.reason}`);
  process.exit(1);
}
const started = Date.now();
const log = (line: string) => console.log(`image: ${line}`);
try {
  const image = await buildVaultImage({
    docker: engine.docker,
    log,
    noCache: values['no-cache'],
    force: values.force,
    ...(values['node-image'] ? { nodeImage: values['node-image'] } : {}),
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const size = (image.sizeBytes / 1e6).toFixed(0);
  log(
    `${image.reused ? 'reused' : 'built'} ${image.tags.join(', ')} (${image.imageId.slice(7, 19)}, ${size} MB) ` +
      `on ${image.baseImage} in ${seconds} s`,
  );
} catch (error) {
  console.error(`image: build failed: ${(error as Error).message}`);
  process.exit(1);
}
