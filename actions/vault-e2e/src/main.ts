// The root action's adapter. One bundle is both steps, as in start-vault-container: main saves
// the isPost flag first; the runner's post run of the same file then tears the container down.
// main = start-vault-container's startVault, then run-e2e-suite's runE2eSuite against it;
// post = start-vault-container's post, unchanged.
import * as core from '@actions/core';
import { describeInputs } from '../../start-vault-container/src/inputs.js';
import { run as runStartVaultContainer } from '../../start-vault-container/src/main.js';
import * as state from '../../start-vault-container/src/state-helper.js';
import { parseInputs } from './inputs.js';

export async function run(): Promise<void> {
  if (state.isPost()) {
    // start-vault-container's own entry, run with isPost saved, is exactly its post step:
    // logs on failure, stop, remove, sweep, bounded in time, never failing the job.
    await runStartVaultContainer();
  } else {
    state.setIsPost();
    await main();
  }
}

async function main(): Promise<void> {
  try {
    const inputs = await parseInputs(
      (name) => core.getInput(name),
      process.env,
      (start) => core.info(describeInputs(start)),
    );
    state.setCleanup(inputs.start.cleanup);
    state.setLogsOn(inputs.start.logsOn);
    // Loaded once needed, so the first line appears before dockerode and the suite are parsed.
    const { startVault } = await import('../../start-vault-container/src/start-vault.js');
    const vault = await startVault(inputs.start);
    core.setOutput('container-id', vault.containerId);
    core.setOutput('grpc-endpoint', vault.grpcEndpoint);
    core.setOutput('http-endpoint', vault.httpEndpoint);
    core.setOutput('image', vault.image);
    core.setOutput('tls-ca', vault.tlsCa);

    const { finishSuiteStep, runE2eSuite } = await import('../../run-e2e-suite/src/run-e2e-suite.js');
    const outcome = await runE2eSuite({
      ...inputs.suite,
      grpcEndpoint: vault.grpcEndpoint,
      httpEndpoint: vault.httpEndpoint,
      // Masked by startVault; the container is the admin CLI and the log source.
      token: vault.token || undefined,
      container: vault.containerId,
      // Its own vault's CA (tls: true), so case 16 runs; never another step's export.
      tlsCa: vault.tlsCa || undefined,
      logFile: undefined,
      adminSocket: undefined,
    });
    // A failed case counts as a failed main: post then prints the container logs (logs-on: failure).
    if (finishSuiteStep(outcome)) state.setMainFailed();
  } catch (error) {
    state.setMainFailed();
    core.setFailed(error instanceof Error ? error.message : String(error));
  }
}
