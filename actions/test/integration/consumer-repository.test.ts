// Issue #15, part 4: a client repository's workflow, exactly as docs/using-from-another-repository.md
// gives it (fixtures/consumer/.github/workflows/vault.yml), run twice through the runner harness:
// - from a workspace that is not this repository: a fresh git repository holding a tiny client
//   whose own tests call the vault over gRPC + TLS with node: built-ins only;
// - with the actions taken from only what git carries of this checkout, laid out as the runner
//   downloads `runevault/runevault/actions/<name>@<sha>` (no node_modules, no build output);
// - on a second, empty Docker engine (the shared one's images belong to the tests beside this
//   one), so the first run has no runevault image and must get one from the action alone, and
//   the second run, a later job on the same runner, must reuse it.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { downloadActionRepository, REPO_ROOT } from '@runevault/action-runner';
import { runWorkflowJob, type WorkflowJobRun } from '@runevault/action-runner/jobs';
import {
  type SecondDockerEngine,
  secondDockerEngineForTests,
} from '@runevault/e2e/test-support/second-docker-engine';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const FIXTURE = join(REPO_ROOT, 'actions/test/integration/fixtures/consumer');
const WORKFLOW = '.github/workflows/vault.yml';
/** The commit the fixture workflow pins (a placeholder: the copy stands for that commit). */
const PINNED_SHA = '0123456789abcdef0123456789abcdef01234567';
const CONSUMER = 'acme/vault-client';

const status = await secondDockerEngineForTests('the consumer-repository test', 'rv-consumer');
const skipReason = status.ok ? '' : status.reason;
const engine = status.ok ? status.engine : (undefined as unknown as SecondDockerEngine);

/** Every image on the engine, intermediate layers included, as "id tags". */
async function imageIds(docker: Docker): Promise<string[]> {
  const images = await docker.listImages({ all: true });
  return images.map((image) => `${image.Id.slice(7, 19)} ${(image.RepoTags ?? []).join(',')}`).sort();
}

/** Lines of the start step's Image group: how the image was obtained. */
function imageLines(run: WorkflowJobRun): string[] {
  const lines = run.step('container').lines;
  const start = lines.indexOf('::group::Image');
  const end = lines.indexOf('::endgroup::', start);
  return start >= 0 ? lines.slice(start + 1, end) : [];
}

/** The group's closing verdict, `image <ref> (<id>): <how> …`: built, reused, loaded, pulled… */
function imageVerdict(run: WorkflowJobRun): { how: string; line: string } {
  const line = imageLines(run).find((l) => /^image \S+ \([0-9a-f]{12}\): /.test(l)) ?? '';
  return { how: /\): (\w+)/.exec(line)?.[1] ?? '(no verdict line)', line };
}

describe.skipIf(!status.ok)(
  `a client repository's workflow${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  () => {
    let root: string;
    let actionsCopy: string;
    let client: string;
    const runs: { cold: WorkflowJobRun; warm: WorkflowJobRun } = {} as never;
    const images: { before: string[]; afterCold: string[]; afterWarm: string[] } = {} as never;
    const containersLeft: { cold: number; warm: number } = {} as never;

    beforeAll(async () => {
      root = mkdtempSync(join(tmpdir(), 'consumer-repository-'));
      actionsCopy = downloadActionRepository(
        REPO_ROOT,
        join(root, 'runner'),
        'runevault/runevault',
        PINNED_SHA,
      );
      client = join(root, 'vault-client');
      cpSync(FIXTURE, client, { recursive: true });
      const git = (...args: string[]) =>
        execFileSync('git', ['-c', 'user.name=client', '-c', 'user.email=client@example.invalid', ...args], {
          cwd: client,
          stdio: 'ignore',
        });
      git('init', '--quiet', '--initial-branch=main');
      git('add', '--all');
      git('commit', '--quiet', '--message', 'vault-client');

      const job = () =>
        runWorkflowJob({
          workflowFile: join(client, WORKFLOW),
          actionRepositories: { 'runevault/runevault': actionsCopy },
          checkoutFrom: client,
          // The runner's engine is the empty one; the repository is the client's.
          env: { DOCKER_HOST: engine.host, GITHUB_REPOSITORY: CONSUMER, GITHUB_REPOSITORY_OWNER: 'acme' },
          stepTimeoutMs: 600_000,
        });
      const containers = async () => (await engine.docker.listContainers({ all: true })).length;
      images.before = await imageIds(engine.docker);
      runs.cold = await job();
      images.afterCold = await imageIds(engine.docker);
      containersLeft.cold = await containers();
      runs.warm = await job();
      images.afterWarm = await imageIds(engine.docker);
      containersLeft.warm = await containers();
      const built = runs.cold.steps.find((s) => s.label === 'container')?.outputs.image;
      if (built) {
        const { Size } = await engine.docker.getImage(built).inspect();
        console.log(`image ${built} built from the action: ${(Size / 1e6).toFixed(1)} MB`);
      }

      for (const [name, run] of Object.entries(runs)) {
        // A step that did not run shows as "-": the tests below say why.
        const ms = (label: string, entry: 'main' | 'post' = 'main') => {
          const step = run.steps.find((s) => s.label === label && s.entry === entry);
          return step ? Math.round(step.totalMs) : '-';
        };
        console.log(
          `consumer workflow (${name} image): setup-vault ${ms('vault')} ms, start-vault-container ${ms('container')} ms, ` +
            `client tests ${ms('Our tests against the vault')} ms, run-e2e-suite ${ms("The vault's own end-to-end suite")} ms, ` +
            `post ${ms('container', 'post')} ms; job ${Math.round(run.totalMs)} ms`,
        );
        if (run.steps.some((s) => s.label === 'container'))
          console.log(`  ${imageVerdict(run).line || '(no image line)'}`);
      }
    }, 1_500_000);

    afterAll(async () => {
      await Promise.all(Object.values(runs).map((run) => run?.remove()));
      await engine?.stop();
      if (root) await rm(root, { recursive: true, force: true });
    }, 120_000);

    it('runs from a copy of what git carries, with no node_modules anywhere', () => {
      expect(existsSync(join(actionsCopy, 'actions/start-vault-container/dist/index.js'))).toBe(true);
      const found = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((path) =>
        path.split('/').includes('node_modules'),
      );
      expect(found).toEqual([]);
    });

    it('starts on an engine with no image at all', () => {
      expect(images.before).toEqual([]);
    });

    for (const name of ['cold', 'warm'] as const) {
      it(`passes every step (${name})`, () => {
        const run = runs[name];
        for (const step of run.steps) {
          expect(step.errors, `${step.label} ${step.entry}: ${step.lines.join('\n')}`).toEqual([]);
          expect(step.exitCode, `${step.label} ${step.entry}: ${step.lines.join('\n')}`).toBe(0);
        }
        expect(run.skipped).toEqual([]);
        expect(run.status).toBe('success');
        expect(run.step('Our tests against the vault').stdout).toMatch(/^# pass 3\n# fail 0$/m);
        expect(run.step("The vault's own end-to-end suite").outputs.failed).toBe('0');
      });

      it(`never shows the token (${name})`, () => {
        const run = runs[name];
        const token = run.step('container').outputs.token ?? '';
        expect(token).toMatch(/^evt_[0-9a-f]{32}$/);
        for (const step of run.steps) {
          expect(step.stdout.replaceAll(`::add-mask::${token}`, '')).not.toContain(token);
          for (const mask of step.action?.masks ?? []) expect(mask.firstShownAt).toBeUndefined();
        }
      });

      it(`leaves no container behind (${name})`, () => {
        expect(containersLeft[name]).toBe(0);
      });
    }

    it('builds the image in the first run, from the action alone', () => {
      const image = runs.cold.step('container').outputs.image ?? '';
      // Tagged by the content hash of what went into it, so equal inputs find it again.
      expect(image).toMatch(/^runevault:\d+\.\d+\.\d+-[0-9a-f]{12}$/);
      expect(images.afterCold.length).toBeGreaterThan(0);
      expect(imageVerdict(runs.cold).how).toBe('built');
      expect(imageVerdict(runs.cold).line).toContain(image);
      // The image came from the vault the action carries: a docker build ran, here and now.
      expect(imageLines(runs.cold).some((line) => /^Step 1\/\d+ : /.test(line))).toBe(true);
    });

    it('reuses that image in the second run: nothing is built or added', () => {
      expect(runs.warm.step('container').outputs.image).toBe(runs.cold.step('container').outputs.image);
      expect(images.afterWarm).toEqual(images.afterCold);
      expect(imageVerdict(runs.warm).how).toBe('reused');
      expect(imageLines(runs.warm).some((line) => /^Step \d+\/\d+ : /.test(line))).toBe(false);
    });
  },
);
