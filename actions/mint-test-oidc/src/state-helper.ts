// Everything main hands to post, one typed pair each (GITHUB_STATE → STATE_* in post).
import * as core from '@actions/core';

/** Set by main, so the one bundle knows it runs as post. */
export const isPost = core.getState('isPost') === 'true';

export function markMainStarted(): void {
  core.saveState('isPost', 'true');
}

/** The folder of this run's token, JWKS and issuer log: removed in post. */
export function getWorkDir(): string {
  return core.getState('workDir');
}
export function setWorkDir(dir: string): void {
  core.saveState('workDir', dir);
}

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
