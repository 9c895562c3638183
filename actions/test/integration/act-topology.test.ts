// The job as `act` runs it: every step inside a job container (the runner's node, the host's
// Docker socket mounted, host networking, the actions' committed files copied in, its own /tmp
// as RUNNER_TEMP and a container-local workspace), so no path the actions make exists on the
// engine's host. setup-vault (bundled CLI) → start-vault-container with its config and keys →
// run-e2e-suite against the endpoints → post; afterwards nothing is left. With a bind mount of
// a job path this failed at create: `bind source path does not exist: /tmp/runevault-e2e-docker-…`.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type ActionRunResult, REPO_ROOT } from '@runevault/action-runner';
import { resolveVaultImage } from '@runevault/e2e/drivers';
import { newRunId, RUN_LABEL } from '@runevault/e2e/drivers/docker';
import {
  JOB_LABEL,
  JOB_RUNNER_TEMP,
  JOB_WORKSPACE,
  type JobContainer,
  startJobContainer,
} from '@runevault/e2e/test-support/job-container';
import { dockerEngineForTests, ensureOfflineBase } from '@runevault/vault-image';
import { isNotFound } from '@runevault/vault-image/docker';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ACTIONS = ['setup-vault', 'start-vault-container', 'run-e2e-suite'];
const engine = await dockerEngineForTests('the act-topology test (the actions inside a job container)');
const skipReason = engine.ok ? '' : engine.reason;
const docker = engine.ok ? engine.docker : (undefined as unknown as Docker);
const JOB_RUN = newRunId();

describe.skipIf(!engine.ok)(
  `the action chain inside a job container, as act runs it${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  () => {
    let job: JobContainer;
    let image: string;
    const steps: Record<'setup' | 'start' | 'suite' | 'post', ActionRunResult> = {} as never;
    const path = (result: ActionRunResult) =>
      [...[...result.path].reverse(), '/usr/local/bin:/usr/bin:/bin'].join(':');

    beforeAll(async () => {
      for (const action of ACTIONS) {
        const bundle = join(REPO_ROOT, 'actions', action, 'dist/index.js');
        if (!existsSync(bundle)) throw new Error(`${bundle} is missing; run npm run build:actions`);
      }
      image = (await resolveVaultImage(docker, { kind: 'build' })).ref;
      // The runner's own node in an image, as act's job images carry one.
      const base = await ensureOfflineBase(docker);
      job = await startJobContainer(docker, { image: base.tag, actions: ACTIONS, label: JOB_RUN });

      steps.setup = await job.runStep({
        action: 'setup-vault',
        inputs: { source: 'bundled', cache: 'false' },
      });
      const startInputs = {
        image,
        config: steps.setup.outputs.config ?? '',
        keys: steps.setup.outputs['keys-path'] ?? '',
        tls: 'true',
      };
      steps.start = await job.runStep({
        action: 'start-vault-container',
        inputs: startInputs,
        path: path(steps.setup),
      });
      steps.suite = await job.runStep({
        action: 'run-e2e-suite',
        inputs: {
          'grpc-endpoint': steps.start.outputs['grpc-endpoint'] ?? '',
          'http-endpoint': steps.start.outputs['http-endpoint'] ?? '',
          token: steps.start.outputs.token ?? '',
          container: steps.start.outputs['container-id'] ?? '',
        },
        // RUNEVAULT_TLS_CA, as the runner hands a step's GITHUB_ENV to the later ones.
        env: steps.start.env,
        path: path(steps.setup),
      });
      steps.post = await job.runStep({
        action: 'start-vault-container',
        entry: 'post',
        inputs: startInputs,
        state: steps.start.state,
        path: path(steps.setup),
      });
      const ms = (result: ActionRunResult) => Math.round(result.timing.totalMs);
      console.log(
        `act topology: setup-vault ${ms(steps.setup)} ms, start-vault-container ${ms(steps.start)} ms, ` +
          `run-e2e-suite ${ms(steps.suite)} ms, post ${ms(steps.post)} ms`,
      );
    }, 900_000);

    afterAll(async () => {
      const runLabel = steps.start?.state.runLabel;
      if (runLabel) {
        const left = await docker.listContainers({
          all: true,
          filters: { label: [`${RUN_LABEL}=${runLabel}`] },
        });
        await Promise.all(left.map((info) => docker.getContainer(info.Id).remove({ force: true })));
      }
      await job?.remove();
    });

    it('runs every step inside the job container without an error', () => {
      for (const [name, result] of Object.entries(steps)) {
        expect(result.commands.errors, `${name}: ${result.lines.join('\n')}`).toEqual([]);
        expect(result.exitCode, `${name}: ${result.lines.join('\n')}`).toBe(0);
      }
    });

    it('works on files that exist only in the job container', async () => {
      const { setup, start } = steps;
      expect(setup.outputs.home).toBe(`${JOB_RUNNER_TEMP}/runevault`);
      expect(await job.exists(setup.outputs.config ?? '')).toBe(true);
      expect(existsSync(setup.outputs.config ?? '')).toBe(false);
      // The folder start-vault-container prepared lived in the job's /tmp, never on the engine's host.
      expect(start.state.homeDir).toMatch(/^\/tmp\/runevault-e2e-docker-/);
      expect(start.outputs['tls-ca']).toBe(`${start.state.homeDir}/tls-ca.pem`);
    });

    it('reaches the vault at its endpoints and passes the suite', () => {
      const { start, suite } = steps;
      expect(start.outputs['grpc-endpoint']).toMatch(/^127\.0\.0\.1:\d+$/);
      expect(start.outputs.token).toMatch(/^evt_[0-9a-f]{32}$/);
      expect(start.env.RUNEVAULT_TLS_CA).toBe(start.outputs['tls-ca']);
      expect(suite.outputs.failed).toBe('0');
      expect(Number(suite.outputs.passed)).toBeGreaterThan(10);
      expect(suite.outputs['junit-path']).toBe(`${JOB_WORKSPACE}/e2e-junit.xml`);
      // The tls case ran with the CA exported from the job container's own folder.
      expect(suite.summary).toMatch(/\| ✅ \| 16-tls \|/);
    });

    it('masks the token before any line shows it', () => {
      const token = steps.start.outputs.token ?? '';
      expect(steps.start.commands.addMask).toContain(token);
      for (const result of Object.values(steps))
        for (const mask of result.masks) expect(mask.firstShownAt).toBeUndefined();
    });

    it('leaves nothing: no container of the run, no prepared folder in the job or on the host', async () => {
      const runLabel = steps.start.state.runLabel ?? '';
      expect(runLabel).not.toBe('');
      const left = await docker.listContainers({
        all: true,
        filters: { label: [`${RUN_LABEL}=${runLabel}`] },
      });
      expect(left).toEqual([]);
      await expect(
        docker.getContainer(steps.start.outputs['container-id'] ?? '').inspect(),
      ).rejects.toSatisfy(isNotFound);
      const homeDir = steps.start.state.homeDir ?? '';
      expect(await job.exists(homeDir)).toBe(false);
      expect(existsSync(homeDir)).toBe(false);
      const jobs = await docker.listContainers({
        all: true,
        filters: { label: [`${JOB_LABEL}=${JOB_RUN}`] },
      });
      expect(jobs).toHaveLength(1);
    });
  },
);
