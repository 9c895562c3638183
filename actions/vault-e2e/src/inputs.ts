// The root action's inputs: the start-vault-container inputs a caller of "vault e2e in one
// step" needs, and the suite's own. Both halves are parsed up front with their actions' own
// parsers, so a bad case name fails the step before any container starts.
import { InputError } from '../../common/src/action-inputs.js';
import type { SuiteOptionInputs } from '../../run-e2e-suite/src/inputs.js';
import { parseInputs as parseStartInputs, type StartInputs } from '../../start-vault-container/src/inputs.js';

/** Passed through to start-vault-container as given (its defaults are the root action.yml's). */
export const START_INPUTS = [
  'image',
  'build-context',
  'image-archive',
  'config',
  'keys',
  'network',
  'tls',
  'health-timeout',
  'cleanup',
  'logs-on',
] as const;

/** start-vault-container inputs the root action does not expose. */
const START_FIXED: Record<string, string> = {
  // The suite's member token, issued when the vault is healthy (the suite issues its own users).
  'issue-token': 'ci:member',
};

export interface VaultE2eInputs {
  start: StartInputs;
  suite: SuiteOptionInputs;
}

/**
 * Async: the suite half needs the case list, so gRPC and SEAL, most of the bundle; it is
 * loaded after `announce` has had the start inputs, so the step's first line comes early.
 */
export async function parseInputs(
  getInput: (name: string) => string,
  env: NodeJS.ProcessEnv = process.env,
  announce: (start: StartInputs) => void = () => {},
): Promise<VaultE2eInputs> {
  const problems: string[] = [];
  const startInput = (name: string) =>
    (START_INPUTS as readonly string[]).includes(name) ? getInput(name) : (START_FIXED[name] ?? '');
  let start: StartInputs | undefined;
  try {
    start = parseStartInputs(startInput, env);
    announce(start);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    problems.push(...error.problems);
  }
  const { parseSuiteOptions } = await import('../../run-e2e-suite/src/inputs.js');
  let suite: SuiteOptionInputs | undefined;
  try {
    suite = parseSuiteOptions(getInput, env);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    problems.push(...error.problems);
  }
  if (!start || !suite || problems.length > 0) throw new InputError('vault-e2e', problems);
  return { start, suite };
}
