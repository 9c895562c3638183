// Pulls an image the engine lacks, as `docker pull` would: with the engine's own credentials
// for that registry (registry-auth.ts), a bounded number of attempts, and a pause between
// them that only transient refusals (rate limit, 5xx, network) get; auth and not-found fail
// at once. The pause and the clock are parameters, so tests step through it without waiting.
import {
  classifyRegistryError,
  isTransientRegistryFailure,
  type RegistryFailureKind,
} from '@runevault/vault-image/docker';
import type Docker from 'dockerode';
import { parseImageReference } from '../../common/src/docker-reference.js';
import { PullError, pullErrorDetail, pullFailureMessage } from './pull-errors.js';
import type { RegistryAuth } from './registry-auth.js';

export const PULL_ATTEMPTS = 3;
/** Before attempt 2, then 3: doubled from this. */
const PULL_BACKOFF_MS = 2_000;
/** One attempt: a 100 MB image on a slow runner, not a hung engine. */
const PULL_ATTEMPT_TIMEOUT_MS = 300_000;

export interface RetryOptions {
  attempts?: number;
  backoffMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Told about each failed attempt that will be retried. */
  onRetry?: (attempt: number, kind: RegistryFailureKind, detail: string, waitMs: number) => void;
}

/**
 * Runs `attempt` until it succeeds, fails for good, or `attempts` are used. The error thrown
 * is a PullError whose message is the one line for the user.
 */
export async function pullWithRetry(
  attempt: () => Promise<void>,
  where: { reference: string; registry: string },
  options: RetryOptions = {},
): Promise<{ attempts: number }> {
  const attempts = options.attempts ?? PULL_ATTEMPTS;
  const backoffMs = options.backoffMs ?? PULL_BACKOFF_MS;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let n = 1; ; n++) {
    try {
      await attempt();
      return { attempts: n };
    } catch (error) {
      const detail = pullErrorDetail(error);
      const kind = classifyRegistryError(detail);
      if (!isTransientRegistryFailure(kind) || n >= attempts) {
        throw new PullError(kind, n, pullFailureMessage(where.reference, where.registry, kind, detail, n));
      }
      const waitMs = backoffMs * 2 ** (n - 1);
      options.onRetry?.(n, kind, detail, waitMs);
      await sleep(waitMs);
    }
  }
}

interface PullEvent {
  status?: string;
  error?: string;
  errorDetail?: { message?: string };
}

/**
 * One `POST /images/create` and its progress stream to the end. The engine reports some
 * failures as an HTTP status and others as an error event in a 200 stream: both reject.
 */
export async function pullOnce(
  docker: Docker,
  reference: string,
  auth: RegistryAuth | undefined,
  timeoutMs = PULL_ATTEMPT_TIMEOUT_MS,
): Promise<void> {
  const parsed = parseImageReference(reference);
  if (!parsed.ok) throw new Error(`${reference} is not an image reference: ${parsed.reason}`);
  const { name, tag, digest } = parsed.reference;
  // The credentials go as createImage's own argument (the X-Registry-Auth header): given as
  // docker.pull's `authconfig` option, docker-modem would also put them in the query string.
  const stream = await docker.createImage(auth, {
    fromImage: name,
    tag: digest ?? tag ?? 'latest',
    abortSignal: AbortSignal.timeout(timeoutMs),
  });
  await new Promise<void>((resolve, reject) => {
    docker.modem.followProgress(stream, (error: Error | null, events: PullEvent[]) => {
      const failed = events?.find((event) => event.error || event.errorDetail);
      if (error) reject(error);
      else if (failed) reject(new Error(failed.errorDetail?.message ?? failed.error));
      else resolve();
    });
  });
}
