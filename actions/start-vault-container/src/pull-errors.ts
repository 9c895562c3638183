// The one line a user reads when a pull failed. What the failure means comes from the image
// toolkit's classifier (registry-errors.ts), shared with the release scripts.
import { engineErrorMessage, type RegistryFailureKind } from '@runevault/vault-image/docker';
import { logSafe } from '../../common/src/log-safe.js';

/**
 * The engine's message without docker-modem's "(HTTP code 500) server error - " wrapper, on
 * one line, escaped and cut to a length an annotation shows whole.
 */
export function pullErrorDetail(error: unknown): string {
  const text = engineErrorMessage(error).replace(/\s+/g, ' ').trim();
  const cut = text.length > 300 ? `${text.slice(0, 300)}…` : text;
  return logSafe(cut || 'no message');
}

export class PullError extends Error {
  constructor(
    readonly kind: RegistryFailureKind,
    readonly attempts: number,
    message: string,
  ) {
    super(message);
    this.name = 'PullError';
  }
}

/** One line: which registry refused what, why, and what to do. `detail` is already escaped. */
export function pullFailureMessage(
  reference: string,
  registry: string,
  kind: RegistryFailureKind,
  detail: string,
  attempts: number,
): string {
  const image = logSafe(reference);
  const host = logSafe(registry);
  const tries = attempts === 1 ? '1 attempt' : `${attempts} attempts`;
  switch (kind) {
    case 'auth':
      return (
        `registry ${host} refused the pull of ${image} (auth: ${detail}); log in to it in an earlier step ` +
        '(docker/login-action or docker login: the engine pulls with the credentials in ~/.docker/config.json) ' +
        'with an account that may read the image'
      );
    case 'not-found':
      return `registry ${host} has no image ${image} (not found: ${detail}); check the repository and the tag or digest in the image input`;
    case 'rate-limit':
      return `registry ${host} kept refusing the pull of ${image} with a rate limit (${detail}) after ${tries}; log in to it for a higher limit, or run the job again later`;
    case 'server':
      return `registry ${host} failed the pull of ${image} with a server error (${detail}) after ${tries}; run the job again later`;
    case 'network':
      return `cannot reach registry ${host} to pull ${image} (network: ${detail}) after ${tries}; check the runner's network and DNS, or load the image with image-archive`;
    case 'other':
      return `pulling ${image} from ${host} failed: ${detail}; check the image input`;
  }
}
