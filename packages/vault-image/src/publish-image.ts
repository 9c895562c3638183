// The publish half of a release, on one engine: a built vault image is given the OCI labels
// (a metadata-only build FROM it, so no layer changes), tagged <registry>/<owner>/runevault:
// <version> and :<major>, and both tags are pushed; the registry's manifest digest is the
// result. release.yml publishes with Buildx instead (two platforms, SBOM, provenance), which
// cannot run here; this is what can, and what the loopback-registry test checks.
import type Docker from 'dockerode';
import { pack } from 'tar-stream';
import { connectDocker, followProgress, inspectImage } from './docker-engine.js';
import { pushTag, type RegistryAuth } from './registry-transfer.js';

export interface PublishImageOptions {
  docker?: Docker;
  /** The local image to publish, e.g. runevault:dev. */
  image: string;
  /** Where it goes: <registry>/<owner>/runevault. */
  repository: string;
  /** Tags to push, the version first: ['1.2.3', '1']. */
  tags: string[];
  /** Labels to add (the OCI set from ociLabels()). */
  labels: Record<string, string>;
  auth?: RegistryAuth;
  log?: (line: string) => void;
}

export interface PublishedImage {
  /** repository:tag for each tag pushed. */
  references: string[];
  /** The manifest digest every tag points at (sha256:…). */
  digest: string;
  /** The local image id of the labelled image. */
  imageId: string;
}

/** A build context holding only a Dockerfile that says FROM the given image. */
function labelOnlyContext(image: string): NodeJS.ReadableStream {
  const tar = pack();
  tar.entry({ name: 'Dockerfile', mode: 0o644, mtime: new Date(0) }, `FROM ${image}\n`);
  tar.finalize();
  return tar as unknown as NodeJS.ReadableStream;
}

export async function publishVaultImage(options: PublishImageOptions): Promise<PublishedImage> {
  const docker = options.docker ?? connectDocker();
  const log = options.log ?? (() => {});
  const [version, ...others] = options.tags;
  if (version === undefined) throw new Error('publishVaultImage needs at least one tag (the version)');
  const source = await inspectImage(docker, options.image);
  if (!source)
    throw new Error(`image ${options.image} is not on the Docker engine; build it first (npm run image)`);

  const references = options.tags.map((tag) => `${options.repository}:${tag}`);
  const [first, ...rest] = references as [string, ...string[]];
  // LABEL-only build: the new image shares every layer with the source, only its config differs.
  const stream = await docker.buildImage(labelOnlyContext(options.image), {
    t: first,
    labels: options.labels,
    networkmode: 'none',
    pull: false,
    rm: true,
    forcerm: true,
  });
  await followProgress(docker, stream);
  const labelled = await inspectImage(docker, first);
  if (!labelled) throw new Error(`the engine reported success but has no image ${first}`);
  for (const tag of others) await docker.getImage(labelled.Id).tag({ repo: options.repository, tag });
  log(`labelled ${options.image} as ${references.join(', ')} (${labelled.Id.slice(7, 19)})`);

  const digest = await pushTag(docker, first, options.auth);
  log(`pushed ${first} (${digest})`);
  for (const reference of rest) {
    const again = await pushTag(docker, reference, options.auth);
    // Same image, same manifest: a different digest would mean the tags name different things.
    if (again !== digest)
      throw new Error(`pushed ${reference} as ${again}, but ${first} as ${digest}; the tags differ`);
    log(`pushed ${reference} (${again})`);
  }
  return { references, digest, imageId: labelled.Id };
}
