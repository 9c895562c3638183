// The e2e job of .github/workflows/e2e.yml, executed step by step on this machine from the
// workflow file itself: `uses: ./actions/*` through the action harness (main, then post in
// reverse order), `run:` steps through bash with the step's env, third-party steps
// (checkout, setup-node, upload-artifact) as logged no-ops. The job must pass, the JUnit report
// must say so, and no container of this run may remain.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { runWorkflowJobs } from '@runevault/action-runner/jobs';
import { dockerEngineForTests } from '@runevault/vault-image';
import { describe, expect, it, onTestFinished } from 'vitest';
import { REPO_ROOT } from '../support/repo-paths.js';

const RUN_LABEL = 'io.runevault.ci.run';
const engine = await dockerEngineForTests("the local run of e2e.yml's steps");
const skipReason = engine.ok ? '' : ` (skipped: ${engine.reason})`;
const LOCAL_ACTIONS = ['setup-vault', 'mint-test-oidc', 'start-vault-container', 'run-e2e-suite'];
const missing = LOCAL_ACTIONS.filter(
  (name) => !existsSync(join(REPO_ROOT, 'actions', name, 'dist', 'index.js')),
);

describe.skipIf(!engine.ok)(`e2e.yml run locally${skipReason}`, () => {
  it('every step of the e2e job passes and the job leaves no container', async () => {
    expect(missing, 'actions without a built dist/ (npm run build:actions)').toEqual([]);
    // A run id of its own: the container's name and run label, so nothing else running on this
    // engine is mistaken for ours.
    const runId = `e2e-job-${process.pid}-${Date.now().toString(36)}`;
    // A report of its own too: two `npm test` at once run this job side by side in one checkout,
    // and with the workflow's e2e-junit.xml one run's clean-up removed the other's report.
    const junitName = `e2e-junit-${runId}.xml`;
    const junit = join(REPO_ROOT, junitName);
    onTestFinished(() => rmSync(junit, { force: true }));
    const lines: string[] = [];
    const [report] = await runWorkflowJobs({
      workflow: '.github/workflows/e2e.yml',
      jobs: ['e2e'],
      eventName: 'workflow_dispatch',
      output: 'log',
      log: (line) => lines.push(line),
      env: { GITHUB_RUN_ID: runId },
      skipRun: (run) => (/^npm ci\b/.test(run) ? 'npm ci: node_modules is shared' : undefined),
      // This checkout's node_modules is shared with whatever else runs: no npm ci inside it,
      // and no cache service here.
      inputOverrides: {
        './actions/setup-vault': { install: 'false', cache: 'false' },
        './actions/run-e2e-suite': { 'junit-path': junitName },
      },
    });
    const log = lines.join('\n');
    expect(report?.result, log).toBe('success');
    expect(
      report?.steps.map((step) => [step.name.replace(/@.*/, ''), step.kind, step.outcome]),
      log,
    ).toEqual([
      ['Run actions/checkout', 'third-party', 'replaced'],
      ['Run actions/setup-node', 'third-party', 'replaced'],
      ['Set up the vault (npm ci, CLI, config, FHE keys; cached)', 'local-action', 'success'],
      ['Mint test OIDC tokens (local issuer)', 'local-action', 'success'],
      ['Trust the test issuer in runevault.conf', 'run', 'success'],
      ['Start the vault container', 'local-action', 'success'],
      ['Run the e2e suite', 'local-action', 'success'],
      ['Check that no case was skipped', 'run', 'success'],
      ['Upload the JUnit report', 'third-party', 'replaced'],
      // Only on a pull request: the bundle report.yml publishes (this run is a push).
      ['Leave the report for report.yml', 'run', 'skipped'],
      ['Upload runevault-report', 'third-party', 'skipped'],
      ['Post Start the vault container', 'post', 'success'],
      ['Post Mint test OIDC tokens (local issuer)', 'post', 'success'],
    ]);

    // The report the upload step would have sent: cases ran, none failed.
    const xml = readFileSync(junit, 'utf8');
    const totals = /<testsuites?\b[^>]*\btests="(\d+)"[^>]*\bfailures="(\d+)"[^>]*\berrors="(\d+)"/.exec(xml);
    expect(Number(totals?.[1]), xml).toBeGreaterThan(0);
    expect([totals?.[2], totals?.[3]], xml).toEqual(['0', '0']);
    // The token exchange ran against the test issuer the workflow made the vault trust.
    expect(xml).toMatch(/<testcase [^>]*name="15-oidc-exchange"[^>]*\/>/);

    // Teardown happened in post: nothing labelled with this run is left, running or stopped.
    if (!engine.ok) throw new Error(engine.reason);
    const docker = engine.docker;
    const left = await docker.listContainers({ all: true, filters: { label: [`${RUN_LABEL}=${runId}`] } });
    expect(left.map((container) => container.Names.join(','))).toEqual([]);
  }, 900_000);
});
