// The Docker engine as this package's image code sees it: one client, a bounded liveness
// check that explains itself, and progress streams that fail with the engine's own message.
import Docker from 'dockerode';

export type EngineStatus = { ok: true; docker: Docker; version: string } | { ok: false; reason: string };

/** A client for DOCKER_HOST, or the default local socket. */
export function connectDocker(): Docker {
  return new Docker();
}

/**
 * Whether an engine answers within `timeoutMs`. The reason names what scripts/ensure-docker.sh
 * reported when it ran (RUNEVAULT_DOCKER_STATUS, set by `npm test`), so a skip says why.
 */
export async function checkDockerEngine(docker = connectDocker(), timeoutMs = 5_000): Promise<EngineStatus> {
  try {
    const version = await Promise.race([
      docker.version(),
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs).unref(),
      ),
    ]);
    return { ok: true, docker, version: version.Version };
  } catch (error) {
    const where = process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock';
    const setup = process.env.RUNEVAULT_DOCKER_STATUS ?? 'run scripts/ensure-docker.sh to set one up';
    return {
      ok: false,
      reason: `no Docker engine answers at ${where} (${(error as Error).message}); ${setup}`,
    };
  }
}

interface ProgressEvent {
  stream?: string;
  status?: string;
  error?: string;
  errorDetail?: { message?: string };
  aux?: { ID?: string };
}

/** Waits for a build/pull stream to end; rejects with the engine's error text if one came. */
export function followProgress(
  docker: Docker,
  stream: NodeJS.ReadableStream,
  onEvent: (event: ProgressEvent) => void = () => {},
): Promise<ProgressEvent[]> {
  return new Promise((resolve, reject) => {
    docker.modem.followProgress(
      stream,
      (error: Error | null, events: ProgressEvent[]) => {
        const failed = events?.find((event) => event.error || event.errorDetail);
        if (error) reject(error);
        else if (failed) reject(new Error(failed.errorDetail?.message ?? failed.error));
        else resolve(events);
      },
      onEvent,
    );
  });
}

export function isNotFound(error: unknown): boolean {
  return (error as { statusCode?: number } | undefined)?.statusCode === 404;
}

/** The image's inspect data, or undefined when the engine has no such image. */
export async function inspectImage(
  docker: Docker,
  name: string,
): Promise<Docker.ImageInspectInfo | undefined> {
  try {
    return await docker.getImage(name).inspect();
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}
