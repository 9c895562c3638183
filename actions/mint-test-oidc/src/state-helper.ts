// Everything main hands to post (actions/common/src/action-state.ts): post runs in another process
// and knows only what was saved here.
import * as core from '@actions/core';
import { postFlag, textState } from '../../common/src/action-state.js';

/** Saved first thing in main: the same bundle then runs as post. */
export const isPost = (): boolean => postFlag.get();
export const setIsPost = (): void => postFlag.set(true);

const workDir = textState('workDir');
/** The folder of this run's token, JWKS and issuer log: removed in post. */
export const getWorkDir = (): string => workDir.get();
export const setWorkDir = (dir: string): void => workDir.set(dir);

export interface IssuerState {
  pid: number;
  shutdownUrl: string;
  /** Masked by main before it is saved. */
  shutdownToken: string;
}

export function getIssuer(): IssuerState | undefined {
  const pid = Number(core.getState('issuerPid'));
  const shutdownUrl = core.getState('issuerShutdownUrl');
  const shutdownToken = core.getState('issuerShutdownToken');
  if (!Number.isInteger(pid) || pid <= 0 || !shutdownUrl || !shutdownToken) return undefined;
  return { pid, shutdownUrl, shutdownToken };
}
export function setIssuer(issuer: IssuerState): void {
  core.saveState('issuerPid', String(issuer.pid));
  core.saveState('issuerShutdownUrl', issuer.shutdownUrl);
  core.saveState('issuerShutdownToken', issuer.shutdownToken);
}
