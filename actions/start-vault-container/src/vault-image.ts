// The image to run, in this order: an archive (image-archive, or the one in artifact-name),
// a build from build-context, the image input (pulled when the engine lacks it and it names a
// registry), else the vault this action carries, built once and reused (carried-image.ts).
// When artifact-name cannot be downloaded, the step falls back to build-context, then to the
// image input, then to the carried vault.
import { join } from 'node:path';
import * as core from '@actions/core';
import {
  type PrebuiltImageSource,
  type ResolvedImage,
  resolvePrebuiltImage,
} from '@runevault/e2e/drivers/docker';
import type Docker from 'dockerode';
import { type ImageReference, parseImageReference } from '../../common/src/docker-reference.js';
import { logSafe, logSafeLines } from '../../common/src/log-safe.js';
import { downloadImageArchive } from './artifact-archive.js';
import { carriedContextDir } from './carried-image.js';
import { PULL_ATTEMPTS, pullOnce, pullWithRetry } from './image-pull.js';
import type { StartInputs } from './inputs.js';
import { registryAuthFor } from './registry-auth.js';

export interface ActionImage extends ResolvedImage {
  /**
   * The registry's manifest digest (sha256:…) of a pulled image, or of a tagged one that came
   * from a registry; the image ID (sha256:…) of one built or loaded here.
   */
  digest: string;
}

export interface ImageDependencies {
  /** The pause between pull attempts (tests step through it). */
  sleep?: (ms: number) => Promise<void>;
  /** The carried image context; default: found beside the bundle. */
  carriedDir?: () => string;
}

/** The image input: the engine's, else pulled from its registry. */
type ActionImageSource = PrebuiltImageSource | { kind: 'given'; image: string };

export async function resolveActionImage(
  docker: Docker,
  inputs: StartInputs,
  env: NodeJS.ProcessEnv = process.env,
  dependencies: ImageDependencies = {},
): Promise<ActionImage> {
  const source = await chooseSource(inputs, env, dependencies);
  // The build's own lines name the paths and tags it was given.
  const log = (line: string) => core.info(logSafeLines(line));
  let image =
    source.kind === 'given'
      ? await presentOrPulled(docker, source.image, env, dependencies)
      : await resolvePrebuiltImage(docker, source, log);
  const carried = source.kind === 'carried' ? ' from the vault this action carries' : '';
  core.info(
    `image ${logSafe(image.ref)} (${image.id.slice(7, 19)}): ${image.how}${carried}${image.offlineBase ? ' on the offline base' : ''}`,
  );
  // A built or loaded image also gets the tag the caller asked for, so later steps can name it.
  if (inputs.imageGiven && image.ref !== inputs.image) {
    const [repo, tag] = splitTag(inputs.image);
    await docker.getImage(image.id).tag({ repo, tag });
    core.info(`tagged ${logSafe(image.ref)} as ${logSafe(inputs.image)}`);
    image = { ...image, ref: inputs.image };
  }
  const digest = await imageDigest(docker, image);
  return { ...image, digest };
}

async function chooseSource(
  inputs: StartInputs,
  env: NodeJS.ProcessEnv,
  dependencies: ImageDependencies,
): Promise<ActionImageSource> {
  const carried = (): ActionImageSource => ({
    kind: 'carried',
    dir: (dependencies.carriedDir ?? carriedContextDir)(),
  });
  if (inputs.artifactName) {
    const dir = join(env.RUNNER_TEMP || process.cwd(), `${inputs.name}-image`);
    const download = await downloadImageArchive(inputs.artifactName, dir, inputs.imageArchive, env);
    if ('path' in download) return { kind: 'archive', path: download.path };
    const fallback: ActionImageSource = inputs.buildContext
      ? { kind: 'checkout', dir: inputs.buildContext }
      : inputs.imageGiven
        ? { kind: 'given', image: inputs.image }
        : carried();
    core.warning(
      `artifact-name ${logSafe(inputs.artifactName)} is not downloaded: ${download.unavailable}; ` +
        (fallback.kind === 'given'
          ? `running image ${logSafe(fallback.image)}`
          : fallback.kind === 'checkout'
            ? `building the image from ${logSafe(fallback.dir)}`
            : 'running the image of the vault this action carries') +
        ' instead',
    );
    return fallback;
  }
  if (inputs.imageArchive) return { kind: 'archive', path: inputs.imageArchive };
  if (inputs.buildContext) return { kind: 'checkout', dir: inputs.buildContext };
  if (inputs.imageGiven) return { kind: 'given', image: inputs.image };
  return carried();
}

/**
 * Whether a missing image is worth a pull: it names a registry (ghcr.io/…, 127.0.0.1:5000/…)
 * or a Docker Hub namespace (owner/name). A one-part name such as runevault:dev would be an
 * official Docker Hub image, and there is no such image of the vault: it can only be local.
 */
export function isPullable(reference: ImageReference): boolean {
  return reference.domain !== undefined || reference.path.includes('/');
}

async function presentOrPulled(
  docker: Docker,
  image: string,
  env: NodeJS.ProcessEnv,
  dependencies: ImageDependencies,
): Promise<ResolvedImage> {
  const parsed = parseImageReference(image);
  // A name with a tag and a digest is pulled, inspected and run by its digest.
  const ref =
    parsed.ok && parsed.reference.digest ? `${parsed.reference.name}@${parsed.reference.digest}` : image;
  const present = await inspectImage(docker, ref);
  if (present) return { ref, id: present.Id, how: 'tag' };
  if (!parsed.ok || !isPullable(parsed.reference)) {
    throw new Error(
      `image ${logSafe(image)} is not on the Docker engine and names no registry to pull it from; ` +
        'leave image empty to run the vault this action carries, give a registry reference (e.g. ghcr.io/OWNER/runevault:VERSION), ' +
        'or set build-context, image-archive or artifact-name',
    );
  }
  const registry = parsed.reference.domain ?? 'docker.io';
  const found = await registryAuthFor(parsed.reference.domain, env);
  // Never printed; masked in case an engine or helper message ever echoes it.
  for (const secret of [found.auth?.password, found.auth?.identitytoken]) if (secret) core.setSecret(secret);
  core.info(`pulling ${logSafe(ref)}: ${logSafe(found.source)}`);
  const { attempts } = await pullWithRetry(
    () => pullOnce(docker, ref, found.auth),
    { reference: image, registry },
    {
      ...(dependencies.sleep ? { sleep: dependencies.sleep } : {}),
      onRetry: (attempt, kind, detail, waitMs) =>
        core.info(
          `pull attempt ${attempt} of ${PULL_ATTEMPTS} failed (${kind}: ${detail}); trying again in ${waitMs / 1000} s`,
        ),
    },
  );
  const pulled = await inspectImage(docker, ref);
  if (!pulled) throw new Error(`the engine pulled ${logSafe(ref)} but cannot inspect it; pull it again`);
  core.info(`pulled ${logSafe(ref)} in ${attempts === 1 ? '1 attempt' : `${attempts} attempts`}`);
  return { ref, id: pulled.Id, how: 'pulled' };
}

/** The engine's inspect data of an image, or undefined when it has none by that name. */
async function inspectImage(docker: Docker, name: string): Promise<Docker.ImageInspectInfo | undefined> {
  try {
    return await docker.getImage(name).inspect();
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return undefined;
    throw error;
  }
}

/** Docker Hub's names appear in RepoDigests without docker.io/ and library/. */
function familiarName(name: string): string {
  return name.replace(/^(?:docker\.io|index\.docker\.io)\//, '').replace(/^library\//, '');
}

/**
 * The registry digest of the image's own repository (what `docker pull` printed), when it
 * came from a registry; else its image ID, the only name a built or loaded image has.
 */
async function imageDigest(docker: Docker, image: ResolvedImage): Promise<string> {
  if (image.how !== 'pulled' && image.how !== 'tag') return image.id;
  const parsed = parseImageReference(image.ref);
  if (!parsed.ok) return image.id;
  if (parsed.reference.digest) return parsed.reference.digest;
  const info = await inspectImage(docker, image.ref);
  const wanted = familiarName(parsed.reference.name);
  const entry = (info?.RepoDigests ?? []).find((repoDigest) => {
    const at = repoDigest.indexOf('@');
    return at > 0 && familiarName(repoDigest.slice(0, at)) === wanted;
  });
  return entry ? entry.slice(entry.indexOf('@') + 1) : image.id;
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
