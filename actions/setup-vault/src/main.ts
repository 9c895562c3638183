// The action's adapter: inputs → setupVault() → outputs. Everything else is in setup-vault.ts.
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as core from '@actions/core';
import { parseInputs } from './inputs.js';
import { setupVault } from './setup-vault.js';

export async function run(): Promise<void> {
  try {
    // Masked before anything else runs, so no later line can show it.
    const teamSecret = core.getInput('team-secret');
    if (teamSecret) core.setSecret(teamSecret);
    const inputs = parseInputs((name) => core.getInput(name));
    // Bundled, this module is dist/index.js, beside dist/runevault/.
    const result = await setupVault(inputs, { actionDistDir: dirname(fileURLToPath(import.meta.url)) });
    core.setOutput('home', result.home);
    core.setOutput('config', result.config);
    core.setOutput('keys-path', result.keysPath);
    core.setOutput('cache-hit', String(result.cacheHit));
    core.setOutput('version', result.version);
  } catch (error) {
    core.setFailed(error instanceof Error ? error.message : String(error));
  }
}
