// Post: stop the served issuer and remove this run's token files. Never fails the job; a
// cleanup problem is a warning.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as core from '@actions/core';
import { stopIssuerProcess } from '@runevault/oidc-test-issuer';
import { logSafe, logSafeLines } from '../../common/src/log-safe.js';
import * as stateHelper from './state-helper.js';

/** The issuer gets this long to stop; post as a whole stays far under the runner's limits. */
const STOP_TIMEOUT_MS = 5_000;

export async function post(): Promise<void> {
  const workDir = stateHelper.getWorkDir();
  try {
    const issuer = stateHelper.getIssuer();
    if (issuer) {
      if (core.isDebug() && workDir) showIssuerLog(join(workDir, 'issuer.log'));
      const result = await stopIssuerProcess({ ...issuer, timeoutMs: STOP_TIMEOUT_MS });
      if (result.stopped) core.info(`stopped the test issuer (pid ${issuer.pid}; ${result.how})`);
      else core.warning(`the test issuer (pid ${issuer.pid}) did not stop: ${result.how}`);
    }
  } catch (error) {
    core.warning(`stopping the test issuer failed: ${(error as Error).message}`);
  }
  try {
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  } catch (error) {
    core.warning(`could not remove ${logSafe(workDir)}: ${(error as Error).message}`);
  }
}

function showIssuerLog(file: string): void {
  if (!existsSync(file)) return;
  core.startGroup('Test issuer log');
  // The issuer logs requests it served: made safe line by line.
  core.info(logSafeLines(readFileSync(file, 'utf8').trimEnd()));
  core.endGroup();
}
