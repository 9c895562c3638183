// Everything main hands to post, one typed getter/setter pair per piece: post runs in another
// process and knows only what was saved here (STATE_<name> variables on the runner).
import * as core from '@actions/core';
import type { LogsOn } from './inputs.js';

const KEYS = {
  isPost: 'isPost',
  containerId: 'containerId',
  containerName: 'containerName',
  runLabel: 'runLabel',
  homeDir: 'homeDir',
  cleanup: 'cleanup',
  logsOn: 'logsOn',
  mainFailed: 'mainFailed',
} as const;

/** Saved first thing in main: the same bundle then runs as post. */
export const isPost = (): boolean => core.getState(KEYS.isPost) === 'true';
export const setIsPost = (): void => core.saveState(KEYS.isPost, 'true');

/** The container, as soon as it exists. */
export const getContainerId = (): string => core.getState(KEYS.containerId);
export const setContainerId = (id: string): void => core.saveState(KEYS.containerId, id);

export const getContainerName = (): string => core.getState(KEYS.containerName);
export const setContainerName = (name: string): void => core.saveState(KEYS.containerName, name);

/** The value of the run label (RUN_LABEL) this run's container carries. */
export const getRunLabel = (): string => core.getState(KEYS.runLabel);
export const setRunLabel = (runId: string): void => core.saveState(KEYS.runLabel, runId);

/** The host folder mounted into the container (config with secrets, keys): removed in post. */
export const getHomeDir = (): string => core.getState(KEYS.homeDir);
export const setHomeDir = (dir: string): void => core.saveState(KEYS.homeDir, dir);

/** Unset (main never got as far as its inputs) counts as true: leave nothing behind. */
export const getCleanup = (): boolean => core.getState(KEYS.cleanup) !== 'false';
export const setCleanup = (cleanup: boolean): void => core.saveState(KEYS.cleanup, String(cleanup));

export const getLogsOn = (): LogsOn => {
  const value = core.getState(KEYS.logsOn);
  return value === 'always' || value === 'never' ? value : 'failure';
};
export const setLogsOn = (logsOn: LogsOn): void => core.saveState(KEYS.logsOn, logsOn);

export const getMainFailed = (): boolean => core.getState(KEYS.mainFailed) === 'true';
export const setMainFailed = (): void => core.saveState(KEYS.mainFailed, 'true');
