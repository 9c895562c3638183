// Everything main hands to post (actions/common/src/action-state.ts): post runs in another process
// and knows only what was saved here.
import { flagState, postFlag, textState } from '../../common/src/action-state.js';
import type { LogsOn } from './inputs.js';

/** Saved first thing in main: the same bundle then runs as post. */
export const isPost = (): boolean => postFlag.get();
export const setIsPost = (): void => postFlag.set(true);

const containerId = textState('containerId');
/** The container, as soon as it exists. */
export const getContainerId = (): string => containerId.get();
export const setContainerId = (id: string): void => containerId.set(id);

const runLabel = textState('runLabel');
/** The value of the run label (RUN_LABEL) this run's container carries. */
export const getRunLabel = (): string => runLabel.get();
export const setRunLabel = (runId: string): void => runLabel.set(runId);

const homeDir = textState('homeDir');
/** The host folder the container's files were prepared in (config with secrets, keys): removed in post. */
export const getHomeDir = (): string => homeDir.get();
export const setHomeDir = (dir: string): void => homeDir.set(dir);

/** Unset (main never got as far as its inputs) counts as true: leave nothing behind. */
const cleanup = flagState('cleanup', true);
export const getCleanup = (): boolean => cleanup.get();
export const setCleanup = (value: boolean): void => cleanup.set(value);

const logsOn = textState('logsOn');
export const getLogsOn = (): LogsOn => {
  const value = logsOn.get();
  return value === 'always' || value === 'never' ? value : 'failure';
};
export const setLogsOn = (value: LogsOn): void => logsOn.set(value);

const mainFailed = flagState('mainFailed');
export const getMainFailed = (): boolean => mainFailed.get();
export const setMainFailed = (): void => mainFailed.set(true);
