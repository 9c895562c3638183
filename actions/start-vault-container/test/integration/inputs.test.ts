// start-vault-container's refusals that come before any engine is used: they run (and must
// pass) on a machine without Docker too, so they live apart from the engine-bound tests.

import { type ActionRunResult, type RunActionOptions, runAction } from '@runevault/action-runner';
import { newRunId } from '@runevault/e2e/drivers/docker';
import { describe, expect, it } from 'vitest';

const PREFIX = `svc-inputs-${newRunId()}`;
const imageInputs = { image: 'runevault:dev' };
const NO_ENGINE = { DOCKER_HOST: 'unix:///nonexistent/docker.sock' };

async function run(options: Omit<RunActionOptions, 'action'>): Promise<ActionRunResult> {
  return runAction({ action: 'start-vault-container', timeoutMs: 60_000, ...options });
}

/** main, then post with the state main saved (as the runner does, whatever main's outcome). */
async function mainThenPost(inputs: Record<string, string>, env: Record<string, string> = {}) {
  const main = await run({ inputs: { ...imageInputs, ...inputs }, env });
  const post = await run({ entry: 'post', inputs: { ...imageInputs, ...inputs }, env, state: main.state });
  return { main, post };
}

describe('start-vault-container on bad input, before any engine', () => {
  it('no Docker engine: one ::error:: line naming the problem and what to do', async () => {
    const name = `${PREFIX}-nodocker`;
    const { main, post } = await mainThenPost({ name }, NO_ENGINE);
    expect(main.exitCode).toBe(1);
    expect(main.commands.errors).toEqual([
      'no Docker engine answers at unix:///nonexistent/docker.sock (connect ENOENT /nonexistent/docker.sock); ' +
        'this action needs a Docker engine: use a runner that has one (ubuntu-latest does), start dockerd, or point DOCKER_HOST at one',
    ]);
    expect(post.exitCode).toBe(0);
    expect(post.commands.errors).toEqual([]);
  });

  it('unknown network, non-numeric port, bad health-timeout: one ::error:: line naming all three', async () => {
    const { main, post } = await mainThenPost({
      name: `${PREFIX}-inputs`,
      network: 'overlay',
      'grpc-port': 'abc',
      'health-timeout': 'soon',
    });
    expect(main.exitCode).toBe(1);
    expect(main.commands.errors).toHaveLength(1);
    expect(main.commands.errors[0]).toMatch(
      /^start-vault-container: input health-timeout must be .*"soon"; input network must be host or bridge .*"overlay"; input grpc-port must be .*"abc"$/,
    );
    expect(main.commands.groups).toEqual([]);
    expect(post.exitCode).toBe(0);
  });
});
