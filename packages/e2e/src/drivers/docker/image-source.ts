// Which image the docker driver runs: built from this repository (reused when unchanged),
// or one of the prebuilt sources (a tag, a `docker save` archive, a checkout's own build).
import { type BuildImageOptions, buildVaultImage } from '@runevault/vault-image';
import type Docker from 'dockerode';
import { type PrebuiltImageSource, type ResolvedImage, resolvePrebuiltImage } from './prebuilt-image.js';

export type { ResolvedImage } from './prebuilt-image.js';

export type ImageSource =
  | { kind: 'build'; options?: Omit<BuildImageOptions, 'docker' | 'log'> }
  | PrebuiltImageSource;

export async function resolveVaultImage(
  docker: Docker,
  source: ImageSource,
  log: (line: string) => void = () => {},
): Promise<ResolvedImage> {
  if (source.kind !== 'build') return resolvePrebuiltImage(docker, source, log);
  const built = await buildVaultImage({ ...source.options, docker, log });
  return {
    ref: built.tags[0] ?? built.imageId,
    id: built.imageId,
    how: built.reused ? 'reused' : 'built',
    offlineBase: built.offlineBase,
  };
}
