// The Docker engine as a test file that needs one sees it. Locally a missing engine is a skip
// with its reason; under CI (CI=true) the engine is part of the machine, so its absence fails
// the file — at import, with one line naming what needed it — instead of passing quietly.
import { checkDockerEngine, type EngineStatus } from './docker-engine.js';

export function ciRequiresRealComponents(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.CI === 'true' || env.CI === '1';
}

/** Throws under CI when no engine answers; otherwise the status, for `describe.skipIf(!engine.ok)`. */
export async function dockerEngineForTests(
  neededBy: string,
  check: () => Promise<EngineStatus> = () => checkDockerEngine(),
  env: NodeJS.ProcessEnv = process.env,
): Promise<EngineStatus> {
  const engine = await check();
  if (!engine.ok && ciRequiresRealComponents(env)) {
    throw new Error(`${neededBy} needs a Docker engine and CI=true requires one: ${engine.reason}`);
  }
  return engine;
}
