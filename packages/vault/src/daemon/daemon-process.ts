import type { VaultConfig } from '../config/types.js';
import type { Logger } from '../log/logger.js';
import { type RunningVault, startVault } from '../vault.js';
import { widenHeapGrowth } from './heap-growth.js';
import { acquireInstanceLock } from './instance-lock.js';
import { isProcessAlive, readPidFile, removePidFile, writePidFile } from './pid-file.js';

export class DaemonConflictError extends Error {}

export interface RunningDaemon {
  vault: RunningVault;
  /** Resolves when the daemon has shut down after a signal or stop(). */
  stopped: Promise<void>;
  stop(): Promise<void>;
}

/**
 * The daemon around a vault: single-instance lock, PID file, signal handling. The PID file
 * of a running daemon is never touched by a second start.
 */
export async function runDaemon(config: VaultConfig, logger: Logger): Promise<RunningDaemon> {
  const pidFile = config.daemon.pidFile;
  const lock = await acquireInstanceLock(pidFile);
  if (!lock) {
    const pid = readPidFile(pidFile);
    throw new DaemonConflictError(
      `another vault is already running${pid ? ` (PID ${pid})` : ''} with PID file ${pidFile}; stop it first (runevault daemon stop)`,
    );
  }
  const previous = readPidFile(pidFile);
  if (previous !== undefined && previous !== process.pid) {
    logger.warn(
      isProcessAlive(previous)
        ? `PID file ${pidFile} names PID ${previous}, which holds no vault lock; replacing it`
        : `replacing stale PID file ${pidFile} (PID ${previous} is not running)`,
    );
  }

  let vault: RunningVault;
  try {
    writePidFile(pidFile);
    widenHeapGrowth();
    vault = await startVault(config, { logger });
  } catch (error) {
    removePidFile(pidFile);
    await lock.release();
    throw error;
  }
  logger.info(`daemon running (PID ${process.pid}, PID file ${pidFile})`);

  let stopping: Promise<void> | undefined;
  let onStopped: () => void = () => {};
  const stopped = new Promise<void>((resolve) => {
    onStopped = resolve;
  });
  const stop = () => {
    stopping ??= (async () => {
      try {
        await vault.close();
      } finally {
        removePidFile(pidFile);
        await lock.release();
        process.off('SIGTERM', onSignal);
        process.off('SIGINT', onSignal);
        logger.info('daemon stopped');
        onStopped();
      }
    })();
    return stopping;
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn(`${signal} again during shutdown; exiting now`);
      process.exit(1);
    }
    logger.info(`${signal} received: health NOT_SERVING, draining calls`);
    void stop();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  return { vault, stopped, stop };
}

/** `daemon stop`: SIGTERM to the PID in the file, then wait for it to exit. */
export async function stopDaemon(
  pidFile: string,
  timeoutMs: number,
): Promise<{ pid: number; stopped: boolean } | undefined> {
  const pid = readPidFile(pidFile);
  if (pid === undefined || !isProcessAlive(pid)) return undefined;
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isProcessAlive(pid)) return { pid, stopped: true };
    await new Promise((r) => setTimeout(r, 50));
  }
  return { pid, stopped: !isProcessAlive(pid) };
}
