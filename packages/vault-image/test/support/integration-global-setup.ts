// globalSetup of the integration project: builds (or reuses) the runevault image once, before
// any file runs, so the files that start containers side by side find it ready rather than
// each building it at the same moment. With no engine there is nothing to do: those files
// skip themselves with the reason.
import { buildVaultImage, checkDockerEngine } from '../../src/index.js';

export default async function prebuildVaultImage(): Promise<void> {
  const engine = await checkDockerEngine();
  if (!engine.ok) return;
  const started = performance.now();
  const image = await buildVaultImage({ docker: engine.docker });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `integration setup: image ${image.tags[0]} ${image.reused ? 'reused' : 'built'} in ${seconds} s`,
  );
}
