// Which image the docker driver runs: built from this repository (reused when unchanged),
// loaded from a `docker save` archive (a CI artifact), or a tag the engine already has.
import { existsSync } from 'node:fs';
import { type BuildImageOptions, buildVaultImage, inspectImage } from '@runevault/vault/image';
import type Docker from 'dockerode';

export type ImageSource =
  | { kind: 'build'; options?: Omit<BuildImageOptions, 'docker' | 'log'> }
  | { kind: 'archive'; path: string }
  | { kind: 'tag'; tag: string };

export interface ResolvedImage {
  /** What the container is created from: a tag, or the image id when nothing names it. */
  ref: string;
  id: string;
  how: 'built' | 'reused' | 'loaded' | 'tag';
  /** Built on the offline base made from this host's node (no registry answered). */
  offlineBase?: boolean;
}

export async function resolveVaultImage(
  docker: Docker,
  source: ImageSource,
  log: (line: string) => void = () => {},
): Promise<ResolvedImage> {
  switch (source.kind) {
    case 'build': {
      const built = await buildVaultImage({ ...source.options, docker, log });
      return {
        ref: built.tags[0] ?? built.imageId,
        id: built.imageId,
        how: built.reused ? 'reused' : 'built',
        offlineBase: built.offlineBase,
      };
    }
    case 'archive': {
      if (!existsSync(source.path)) {
        throw new Error(
          `image archive ${source.path} does not exist (make one with docker save -o FILE TAG)`,
        );
      }
      const loaded = await loadImageArchive(docker, source.path);
      const image = await inspectImage(docker, loaded);
      if (!image) throw new Error(`the engine loaded ${source.path} as ${loaded} but cannot inspect it`);
      return { ref: loaded, id: image.Id, how: 'loaded' };
    }
    case 'tag': {
      const image = await inspectImage(docker, source.tag);
      if (!image) {
        throw new Error(
          `the Docker engine has no image ${source.tag}; build it (npm run image) or pass a docker save archive`,
        );
      }
      return { ref: source.tag, id: image.Id, how: 'tag' };
    }
  }
}

interface LoadEvent {
  stream?: string;
  error?: string;
  errorDetail?: { message?: string };
}

/** `docker load` of an archive; returns the first tag it named, else the image id it loaded. */
export async function loadImageArchive(docker: Docker, path: string): Promise<string> {
  const stream = await docker.loadImage(path, { quiet: true });
  const events = await new Promise<LoadEvent[]>((resolve, reject) =>
    docker.modem.followProgress(stream, (error: Error | null, result: LoadEvent[]) =>
      error ? reject(error) : resolve(result),
    ),
  );
  const failed = events.find((event) => event.error || event.errorDetail);
  if (failed) throw new Error(`docker load ${path}: ${failed.errorDetail?.message ?? failed.error}`);
  const text = events.map((event) => event.stream ?? '').join('');
  const name = /Loaded image: (\S+)/.exec(text)?.[1] ?? /Loaded image ID: (\S+)/.exec(text)?.[1];
  if (!name) throw new Error(`docker load ${path} reported no image: ${text.trim() || '(no output)'}`);
  return name;
}
