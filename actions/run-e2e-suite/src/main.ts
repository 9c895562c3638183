// The action's adapter: mask → inputs → runE2eSuite() → outputs. Everything else is in
// run-e2e-suite.ts.
import * as core from '@actions/core';
import { SECRET_INPUTS } from './secret-inputs.js';

export async function run(): Promise<void> {
  try {
    // Masked before anything else runs, so no later line can show them.
    for (const name of SECRET_INPUTS) {
      const value = core.getInput(name);
      if (value) core.setSecret(value);
    }
    // Loaded only now: the suite (gRPC, SEAL) is most of the bundle, and the mask goes first.
    const { parseInputs } = await import('./inputs.js');
    const { finishSuiteStep, runE2eSuite } = await import('./run-e2e-suite.js');
    finishSuiteStep(await runE2eSuite(parseInputs((name) => core.getInput(name))));
  } catch (error) {
    core.setFailed(error instanceof Error ? error.message : String(error));
  }
}
