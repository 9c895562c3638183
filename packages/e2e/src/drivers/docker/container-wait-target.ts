import type Docker from 'dockerode';
import type { ExitStatus, WaitTarget } from '../wait/http-health-wait.js';
import { containerLogs } from './container-logs.js';

const INSPECT_INTERVAL_MS = 500;

/**
 * A container as something a wait can watch: the engine's wait endpoint reports its exit the
 * moment it happens; should that request fail, inspect is polled instead.
 */
export function containerWaitTarget(container: Docker.Container): WaitTarget {
  return {
    description: `container ${container.id.slice(0, 12)}`,
    async exited(signal) {
      try {
        const result = (await container.wait({ condition: 'not-running', abortSignal: signal })) as {
          StatusCode: number;
        };
        return signal.aborted ? undefined : { exitCode: result.StatusCode };
      } catch {
        return signal.aborted ? undefined : pollUntilExited(container, signal);
      }
    },
    lastLogLines: (count) => containerLogs(container, { tail: count }),
  };
}

async function pollUntilExited(
  container: Docker.Container,
  signal: AbortSignal,
): Promise<ExitStatus | undefined> {
  while (!signal.aborted) {
    try {
      const { State } = await container.inspect();
      if (!State.Running && State.Status !== 'created') return { exitCode: State.ExitCode };
    } catch (error) {
      // Removed from under us: that is an exit too.
      if ((error as { statusCode?: number }).statusCode === 404) return { exitCode: null };
    }
    await new Promise((resolve) => setTimeout(resolve, INSPECT_INTERVAL_MS));
  }
  return undefined;
}
