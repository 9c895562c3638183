// `--driver auto`: docker when an engine answers within a short timeout, else the vault as a
// local process, with one line saying which and why.
import { checkDockerEngine, type EngineStatus } from '@runevault/vault-image';
import type Docker from 'dockerode';
import type { DriverName } from '../vault-under-test.js';

export type DriverRequest = DriverName | 'auto';

export type DriverSelection =
  | { driver: 'docker'; docker: Docker; engineVersion: string; explanation: string }
  | { driver: 'process' | 'address'; explanation: string };

export interface SelectDriverOptions {
  /** How long the engine may take to answer (default 3 s). */
  timeoutMs?: number;
  /** Replaces the real engine check (tests). */
  checkEngine?: (timeoutMs: number) => Promise<EngineStatus>;
}

export async function selectDriver(
  request: DriverRequest,
  options: SelectDriverOptions = {},
): Promise<DriverSelection> {
  if (request === 'process' || request === 'address') {
    return { driver: request, explanation: `driver: ${request} (requested)` };
  }
  const timeoutMs = options.timeoutMs ?? 3_000;
  const engine = await (options.checkEngine ?? ((ms) => checkDockerEngine(undefined, ms)))(timeoutMs);
  if (engine.ok) {
    const why = request === 'docker' ? 'requested; ' : '';
    return {
      driver: 'docker',
      docker: engine.docker,
      engineVersion: engine.version,
      explanation: `driver: docker (${why}engine ${engine.version} answered)`,
    };
  }
  if (request === 'docker') {
    throw new Error(
      `driver docker was requested but ${engine.reason}; use --driver process to run the vault as a local process`,
    );
  }
  // checkDockerEngine's reason usually says "no Docker engine answers at …" itself.
  const reason = /^no Docker engine/i.test(engine.reason)
    ? engine.reason
    : `no Docker engine: ${engine.reason}`;
  return { driver: 'process', explanation: `driver: process (${reason})` };
}
