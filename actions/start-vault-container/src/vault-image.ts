// The image to run, in this order: an archive (image-archive, or the one in artifact-name),
// a build from build-context, else the image tag the engine must already have. When
// artifact-name cannot be downloaded, the step falls back to build-context, then to the tag
// if the engine has it, then to building the workspace checkout.
import { join } from 'node:path';
import * as core from '@actions/core';
import {
  ImageNotFoundError,
  type PrebuiltImageSource,
  type ResolvedImage,
  resolvePrebuiltImage,
} from '@runevault/e2e/drivers/docker';
import type Docker from 'dockerode';
import { parseImageReference } from '../../common/src/docker-reference.js';
import { logSafe, logSafeLines } from '../../common/src/log-safe.js';
import { downloadImageArchive } from './artifact-archive.js';
import type { StartInputs } from './inputs.js';

export async function resolveActionImage(
  docker: Docker,
  inputs: StartInputs,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ResolvedImage> {
  const source = await chooseSource(docker, inputs, env);
  let image: ResolvedImage;
  try {
    // The build's own lines name the paths and tags it was given.
    image = await resolvePrebuiltImage(docker, source, (line) => core.info(logSafeLines(line)));
  } catch (error) {
    if (error instanceof ImageNotFoundError) {
      throw new Error(
        `image ${logSafe(error.image)} is not on the Docker engine; set build-context to a checkout of the vault ` +
          '(its npm run image builds it), image-archive or artifact-name to load one, or pull it in an earlier step',
      );
    }
    throw error;
  }
  core.info(
    `image ${logSafe(image.ref)} (${image.id.slice(7, 19)}): ${image.how}${image.offlineBase ? ' on the offline base' : ''}`,
  );
  // A built or loaded image also gets the tag the caller asked for, so later steps can name it.
  if (inputs.imageGiven && image.ref !== inputs.image) {
    const [repo, tag] = splitTag(inputs.image);
    await docker.getImage(image.id).tag({ repo, tag });
    core.info(`tagged ${logSafe(image.ref)} as ${logSafe(inputs.image)}`);
    image = { ...image, ref: inputs.image };
  }
  return image;
}

async function chooseSource(
  docker: Docker,
  inputs: StartInputs,
  env: NodeJS.ProcessEnv,
): Promise<PrebuiltImageSource> {
  if (inputs.artifactName) {
    const dir = join(env.RUNNER_TEMP || process.cwd(), `${inputs.name}-image`);
    const download = await downloadImageArchive(inputs.artifactName, dir, inputs.imageArchive, env);
    if ('path' in download) return { kind: 'archive', path: download.path };
    const fallback: PrebuiltImageSource = inputs.buildContext
      ? { kind: 'checkout', dir: inputs.buildContext }
      : (await hasImage(docker, inputs.image))
        ? { kind: 'tag', tag: inputs.image }
        : { kind: 'checkout', dir: env.GITHUB_WORKSPACE || process.cwd() };
    core.warning(
      `artifact-name ${logSafe(inputs.artifactName)} is not downloaded: ${download.unavailable}; ` +
        (fallback.kind === 'tag'
          ? `running image ${logSafe(fallback.tag)}`
          : `building the image from ${logSafe(fallback.dir)}`) +
        ' instead',
    );
    return fallback;
  }
  if (inputs.imageArchive) return { kind: 'archive', path: inputs.imageArchive };
  if (inputs.buildContext) return { kind: 'checkout', dir: inputs.buildContext };
  return { kind: 'tag', tag: inputs.image };
}

async function hasImage(docker: Docker, name: string): Promise<boolean> {
  try {
    await docker.getImage(name).inspect();
    return true;
  } catch {
    return false;
  }
}

/**
 * `repo[:tag]` → [repo, tag], by Docker's reference grammar (the colon of a registry port is
 * not a tag separator); the inputs were checked, so a reference that does not parse is kept whole.
 */
export function splitTag(reference: string): [string, string] {
  const parsed = parseImageReference(reference);
  if (!parsed.ok) return [reference, 'latest'];
  return [parsed.reference.name, parsed.reference.tag ?? 'latest'];
}
