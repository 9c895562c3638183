// `npm run bench:image` (root): image size (target ≤ 250 MB), build time cold
// (images, offline base and builder cache removed; every layer rebuilt), with the layer
// cache, and the content-hash reuse path, plus container start → healthy and stop. Each build
// includes the esbuild bundle step, as `npm run image` does.
import { randomBytes } from 'node:crypto';
import {
  buildVaultImage,
  checkDockerEngine,
  IMAGE_REPOSITORY,
  isNotFound,
  offlineBaseTag,
  resolveBaseImage,
  VAULT_VERSION,
} from '@runevault/vault-image';
import { startVaultContainer } from '../test/support/vault-container.js';

const SIZE_TARGET_MB = 250;

const engine = await checkDockerEngine();
if (!engine.ok) {
  console.error(`bench:image: ${engine.reason}`);
  process.exit(1);
}
const { docker } = engine;
const log = (line: string) => {
  if (line.startsWith('offline')) console.log(`  ${line}`);
};

async function removeImage(name: string): Promise<void> {
  await docker
    .getImage(name)
    .remove({ force: true })
    .catch((error: unknown) => {
      if (!isNotFound(error)) throw error;
    });
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await fn();
  return [result, performance.now() - started];
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

// Cold: nothing of ours left in the engine. The offline base only goes when it is what the
// build would use (an official base stays, since removing it would measure a pull).
const base = await resolveBaseImage(docker);
for (const tag of [`${IMAGE_REPOSITORY}:dev`, `${IMAGE_REPOSITORY}:${VAULT_VERSION}`]) await removeImage(tag);
if (base.offline) await removeImage(offlineBaseTag());
await docker.pruneBuilder().catch(() => undefined);

const [cold, coldMs] = await timed(() => buildVaultImage({ docker, log, noCache: true }));
const [, cachedMs] = await timed(() => buildVaultImage({ docker, log, force: true }));
const [reused, reuseMs] = await timed(() => buildVaultImage({ docker, log }));
if (!reused.reused) throw new Error('expected the third build to reuse the image (same sources)');

const vault = await startVaultContainer(docker, cold.imageId, {
  runId: `bench-${randomBytes(4).toString('hex')}`,
});
const [, stopMs] = await timed(() => vault.container.stop({ t: 10 }));
const exitCode = (await vault.container.inspect()).State.ExitCode;
await vault.dispose();

const sizeMb = cold.sizeBytes / 1e6;
console.log(
  `runevault image ${cold.tags.join(', ')} on ${cold.baseImage}${cold.offlineBase ? ' (offline base)' : ''}`,
);
console.log(
  `  size                      ${sizeMb.toFixed(1)} MB (target ≤ ${SIZE_TARGET_MB} MB: ${sizeMb <= SIZE_TARGET_MB ? 'ok' : 'OVER'})`,
);
console.log(`  build, cold (no cache)    ${seconds(coldMs)}`);
console.log(`  build, layer cache        ${seconds(cachedMs)}`);
console.log(`  build, same sources       ${seconds(reuseMs)} (image reused by content hash)`);
console.log(`  start → /health 200       ${seconds(vault.startToHealthyMs)} (first start: keys generated)`);
console.log(`  docker stop (SIGTERM)     ${seconds(stopMs)}, exit code ${exitCode}`);
if (sizeMb > SIZE_TARGET_MB) process.exitCode = 1;
