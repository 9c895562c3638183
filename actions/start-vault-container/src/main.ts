// The action's adapter. One bundle is both steps: main saves the isPost flag first, so the
// runner's post run of the same file finds it and cleans up instead. The Docker half is
// loaded only once needed, so the first line appears before dockerode is even parsed.
import * as core from '@actions/core';
import { describeInputs, parseInputs, TLS_CA_ENV } from './inputs.js';
import * as state from './state-helper.js';

export async function run(): Promise<void> {
  if (state.isPost()) {
    await post();
  } else {
    state.setIsPost();
    await main();
  }
}

async function main(): Promise<void> {
  try {
    const inputs = parseInputs((name) => core.getInput(name));
    state.setCleanup(inputs.cleanup);
    state.setLogsOn(inputs.logsOn);
    core.info(describeInputs(inputs));
    const { startVault } = await import('./start-vault.js');
    const outputs = await startVault(inputs);
    core.setOutput('container-id', outputs.containerId);
    core.setOutput('grpc-endpoint', outputs.grpcEndpoint);
    core.setOutput('http-endpoint', outputs.httpEndpoint);
    core.setOutput('token', outputs.token);
    core.setOutput('image', outputs.image);
    core.setOutput('image-digest', outputs.imageDigest);
    core.setOutput('tls-ca', outputs.tlsCa);
    // run-e2e-suite's tls-ca defaults to it, so a later step trusts this vault without wiring.
    if (outputs.tlsCa) core.exportVariable(TLS_CA_ENV, outputs.tlsCa);
  } catch (error) {
    state.setMainFailed();
    core.setFailed(error instanceof Error ? error.message : String(error));
  }
}

/** Never fails the job: whatever goes wrong here is a warning. */
async function post(): Promise<void> {
  try {
    const { cleanupVault } = await import('./cleanup.js');
    // A hung engine call would keep the process (and the job) alive past the bound; stdout to
    // the runner is a pipe, written synchronously on Linux, so the warning is out already.
    if ((await cleanupVault()) === 'late') process.exit(0);
  } catch (error) {
    core.warning(`cleanup failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
