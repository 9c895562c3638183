// post: the container's logs when they are wanted, then stop (10 s) and remove, the host
// folder, and a sweep of this repository's leftovers older than 6 h (cancelled runs). All of
// it within 60 s; a failure is a warning, never a failed job.
import './commonjs-globals.js';
import { rm } from 'node:fs/promises';
import * as core from '@actions/core';
import {
  checkDockerEngine,
  containerLogs,
  lastLines,
  REPO_LABEL,
  RUN_LABEL,
  removeContainer,
  sweepLabelledContainers,
} from '@runevault/e2e/drivers/docker';
import { logSafe, logSafeLines } from '../../common/src/log-safe.js';
import type { LogsOn } from './inputs.js';
import * as state from './state-helper.js';

export const POST_DEADLINE_MS = 60_000;
export const LOG_LINES = 2_000;
export const STOP_TIMEOUT_SEC = 10;
export const SWEEP_OLDER_THAN_MS = 6 * 60 * 60 * 1000;

/**
 * Whether post prints the container's logs. GitHub gives a post step no job status, so
 * "failure" means: main recorded a failure in state, or the step's env says the job failed
 * (RUNEVAULT_JOB_STATUS: ${{ job.status }} on the step). RUNNER_DEBUG=1 prints them always.
 */
export function shouldPrintLogs(logsOn: LogsOn, mainFailed: boolean, env: NodeJS.ProcessEnv): boolean {
  if (logsOn === 'never') return false;
  if (logsOn === 'always' || env.RUNNER_DEBUG === '1') return true;
  const jobStatus = (env.RUNEVAULT_JOB_STATUS ?? '').toLowerCase();
  return mainFailed || jobStatus === 'failure' || jobStatus === 'cancelled';
}

/** 'late' when the deadline passed first: the caller must exit, a hung call may still be open. */
export async function cleanupVault(env: NodeJS.ProcessEnv = process.env): Promise<'done' | 'late'> {
  const timer = new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), POST_DEADLINE_MS).unref());
  const outcome = await Promise.race([cleanUp(env).then(() => 'done' as const), timer]);
  if (outcome === 'late') {
    core.warning(
      `cleanup did not finish within ${POST_DEADLINE_MS / 1000} s; anything left carries the label ` +
        `${RUN_LABEL}=${state.getRunLabel() || '?'} and a later run's sweep removes it`,
    );
  }
  return outcome;
}

async function cleanUp(env: NodeJS.ProcessEnv): Promise<void> {
  const containerId = state.getContainerId();
  const homeDir = state.getHomeDir();
  const cleanup = state.getCleanup();
  const engine = await checkDockerEngine();
  if (!engine.ok) {
    if (containerId) core.warning(`cannot clean up container ${containerId.slice(0, 12)}: ${engine.reason}`);
  }
  const docker = engine.ok ? engine.docker : undefined;

  if (docker && containerId && shouldPrintLogs(state.getLogsOn(), state.getMainFailed(), env)) {
    await warnOnError('reading the container logs', async () => {
      const container = docker.getContainer(containerId);
      const logs = await containerLogs(container, { tail: LOG_LINES }).catch((error: unknown) => {
        // Main removes a container that failed to start, after printing its last log lines.
        if ((error as { statusCode?: number }).statusCode === 404) return undefined;
        throw error;
      });
      if (logs === undefined) {
        core.info(`container ${containerId.slice(0, 12)} is gone; main's log shows its last lines`);
        return;
      }
      await core.group(`Container logs (last ${LOG_LINES} lines)`, async () => {
        // The vault's log may echo what callers sent it: each line made safe on its own.
        core.info(logSafeLines(lastLines(logs, LOG_LINES)) || '(no log output)');
      });
    });
  }

  await core.group('Cleanup', async () => {
    if (!cleanup) {
      if (containerId)
        core.info(`cleanup: false; leaving container ${containerId.slice(0, 12)} and ${logSafe(homeDir)}`);
    } else {
      if (docker && containerId) {
        await warnOnError(`removing container ${containerId.slice(0, 12)}`, async () => {
          const result = await removeContainer(docker, containerId, { stopTimeoutSec: STOP_TIMEOUT_SEC });
          core.info(
            result === 'removed'
              ? `container ${containerId.slice(0, 12)} stopped and removed`
              : `container ${containerId.slice(0, 12)} was already gone`,
          );
        });
      }
      if (homeDir) {
        await warnOnError(`removing ${logSafe(homeDir)}`, async () => {
          await rm(homeDir, { recursive: true, force: true });
          core.info(`removed ${logSafe(homeDir)}`);
        });
      }
    }
    const repository = env.GITHUB_REPOSITORY;
    if (docker && repository) {
      await warnOnError('sweeping old containers', async () => {
        const swept = await sweepLabelledContainers({
          docker,
          olderThanMs: SWEEP_OLDER_THAN_MS,
          label: `${REPO_LABEL}=${repository}`,
        });
        if (swept.length > 0) {
          core.info(
            `swept ${swept.length} container(s) of ${repository} older than 6 h: ${swept.map((c) => c.id.slice(0, 12)).join(', ')}`,
          );
        }
      });
    }
  });
}

async function warnOnError(what: string, step: () => Promise<unknown>): Promise<void> {
  try {
    await step();
  } catch (error) {
    core.warning(`${what} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
