// A job's `container:` and `services:` images run with the job's token and secrets, like an
// action does. A tag (even a full version) can be pushed again with other content; a digest
// cannot, so the image reviewed is the image run.
import { isMap, isScalar } from 'yaml';
import type { Rule, Violation } from '../violation.js';
import { type Job, jobsOf, positionOf, scalarText, valueAt, type Workflow } from '../workflow-document.js';

const DIGEST = /@sha256:[0-9a-f]{64}$/;

interface ImageReference {
  where: string;
  node: unknown;
  image: string;
}

/** `container: image` or `container: { image: … }`; the same for each service. */
function imageOf(value: unknown): { node: unknown; image: string } | undefined {
  const node = isMap(value) ? valueAt(value, 'image') : value;
  const image = isScalar(node) ? scalarText(node) : undefined;
  return image === undefined ? undefined : { node, image: image.trim() };
}

function imagesOf(job: Job): ImageReference[] {
  const images: ImageReference[] = [];
  const container = imageOf(valueAt(job.map, 'container'));
  if (container) images.push({ where: `the container of job ${job.id}`, ...container });
  const services = valueAt(job.map, 'services');
  if (isMap(services)) {
    for (const pair of services.items) {
      const service = imageOf(pair.value);
      const name = isScalar(pair.key) ? String(pair.key.value) : '?';
      if (service) images.push({ where: `service ${name} of job ${job.id}`, ...service });
    }
  }
  return images;
}

/** `name:tag` → `name@sha256:<64 hex> # tag` (a missing tag is Docker's `latest`). */
function withDigest(image: string): string {
  const tag = /:([^/:@]+)$/.exec(image)?.[1];
  const name = tag === undefined ? image.replace(/@.*$/, '') : image.slice(0, -tag.length - 1);
  return `${name}@sha256:<64 hex> # ${tag ?? 'latest'}`;
}

export const unpinnedImages: Rule = {
  id: 'unpinned-images',
  description:
    'container: and services: images are pinned by digest (image@sha256:…), not by a tag that can be re-pushed',
  help: 'Resolve the tag once (docker buildx imagetools inspect IMAGE:TAG) and write image@sha256:<64 hex> with the tag in a comment; let Dependabot or Renovate bump it.',
  check(workflow: Workflow) {
    const violations: Violation[] = [];
    for (const job of jobsOf(workflow)) {
      for (const reference of imagesOf(job)) {
        if (reference.image === '' || DIGEST.test(reference.image)) continue;
        const fromExpression = reference.image.includes('${{');
        violations.push({
          file: workflow.file,
          ...positionOf(workflow, reference.node),
          rule: this.id,
          message: fromExpression
            ? `${reference.where} comes from an expression (${reference.image}), so no digest can be checked; write the image with its digest (image@sha256:<64 hex> # tag)`
            : `${reference.where} is ${reference.image}, a tag that can be re-pushed; pin its digest: ${withDigest(reference.image)}`,
        });
      }
    }
    return violations;
  },
};
