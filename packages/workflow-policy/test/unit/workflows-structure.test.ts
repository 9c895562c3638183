// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${{ }} is GitHub expression syntax in the workflows
// ci.yml and e2e.yml as GitHub's own parser (@actions/workflow-parser) reads them: the tier
// structure of ACTIONS.md (jobs, needs, triggers, conditions, permissions), with the job
// conditions evaluated by GitHub's expression engine over the events that matter.

import { type ExpressionContexts, evaluateCondition, evaluateTemplate } from '@runevault/action-runner/jobs';
import { describe, expect, it } from 'vitest';
import { DOC_ONLY } from '../../../../scripts/tier2-gate.mjs';
import {
  localActionInputs,
  type ParsedWorkflow,
  parseRepositoryWorkflow,
  permissionsOf,
  plain,
  rawJob,
} from '../support/repository-workflows.js';

const ci = await parseRepositoryWorkflow('ci.yml');
const e2e = await parseRepositoryWorkflow('e2e.yml');

type Job = ParsedWorkflow['template']['jobs'][number] & { type: 'job' };

function job(workflow: ParsedWorkflow, id: string): Job {
  const found = workflow.template.jobs.find((candidate) => candidate.id.value === id);
  if (found?.type !== 'job') throw new Error(`${workflow.file} has no job ${id}`);
  return found as Job;
}

const jobIds = (workflow: ParsedWorkflow) => workflow.template.jobs.map((candidate) => candidate.id.value);
const needsOf = (workflow: ParsedWorkflow, id: string) => (job(workflow, id).needs ?? []).map((n) => n.value);
const conditionOf = (workflow: ParsedWorkflow, id: string) => job(workflow, id).if.expression;
/** Steps with `uses`/`run`/`with` from the token tree and `if` as the template normalised it. */
const stepsOf = (workflow: ParsedWorkflow, id: string) => {
  const raw = (rawJob(workflow, id).steps ?? []) as Record<string, unknown>[];
  return job(workflow, id).steps.map((step, index) => {
    const source = raw[index] ?? {};
    return {
      uses: source.uses as string | undefined,
      run: source.run as string | undefined,
      if: (step as { if?: { expression: string } }).if?.expression,
      with: (source.with ?? {}) as Record<string, string>,
      env: (source.env ?? {}) as Record<string, string>,
    };
  });
};

function contexts(
  overrides: {
    github?: Record<string, unknown>;
    needs?: ExpressionContexts['needs'];
    vars?: Record<string, string>;
    status?: 'success' | 'failure' | 'cancelled';
  } = {},
): ExpressionContexts {
  return {
    github: { event_name: 'push', event: {}, ...overrides.github },
    env: {},
    vars: overrides.vars ?? {},
    secrets: {},
    steps: {},
    needs: overrides.needs ?? {},
    job: { status: overrides.status ?? 'success' },
    runner: {},
    inputs: {},
    matrix: {},
    strategy: {},
  };
}

describe('both workflows', () => {
  it('parse without errors', () => {
    expect(ci.errors).toEqual([]);
    expect(e2e.errors).toEqual([]);
  });

  it('start from permissions: contents: read and never use pull_request_target', () => {
    for (const workflow of [ci, e2e]) {
      expect(permissionsOf(workflow)).toEqual({ contents: 'read' });
      expect(Object.keys(workflow.template.events)).not.toContain('pull_request_target');
      expect(workflow.text).not.toMatch(/secrets\./);
    }
  });

  it('run one run per PR, cancelling the older one, and every push to main to the end', () => {
    for (const [workflow, prefix] of [
      [ci, 'ci'],
      [e2e, 'e2e'],
    ] as const) {
      const concurrency = plain(workflow.template.concurrency) as Record<string, string>;
      const group = (event: Record<string, unknown>) =>
        evaluateTemplate(concurrency.group ?? '', contexts({ github: event }));
      expect(group({ event_name: 'pull_request', event: { pull_request: { number: 7 } }, sha: 'abc' })).toBe(
        `${prefix}-7`,
      );
      expect(group({ event_name: 'push', event: {}, sha: 'abc' })).toBe(`${prefix}-abc`);
      const cancel = (event_name: string) =>
        evaluateTemplate(concurrency['cancel-in-progress'] ?? '', contexts({ github: { event_name } }));
      expect(cancel('pull_request')).toBe('true');
      expect(cancel('push')).toBe('false');
    }
  });

  it('give every local action only inputs its action.yml declares, and every required one', () => {
    for (const workflow of [ci, e2e]) {
      for (const candidate of workflow.template.jobs) {
        for (const step of stepsOf(workflow, candidate.id.value)) {
          if (!step.uses?.startsWith('./')) continue;
          const inputs = localActionInputs(step.uses);
          if (!inputs) continue; // being written; checked once its action.yml lands (see e2e-job test)
          for (const name of Object.keys(step.with))
            expect(inputs.declared, `${step.uses} ${name}`).toContain(name);
          for (const name of inputs.required)
            expect(Object.keys(step.with), `${step.uses} needs ${name}`).toContain(name);
        }
      }
    }
  });
});

describe('ci.yml: tiers 1 and 2', () => {
  it('runs on pull requests to main and pushes to main, skipping the docs-only changes the tier-2 gate names', () => {
    const events = ci.template.events as Record<string, Record<string, string[]>>;
    expect(Object.keys(events).sort()).toEqual(['pull_request', 'push']);
    for (const event of ['pull_request', 'push']) {
      expect(events[event]?.branches).toEqual(['main']);
      expect(events[event]?.['paths-ignore']).toEqual(DOC_ONLY);
    }
  });

  it('has the jobs of the ACTIONS.md table plus the changes gate', () => {
    expect(jobIds(ci)).toEqual([
      'lint',
      'unit-tests',
      'check-dist',
      'changes',
      'integration-tests',
      'build-image',
      'coverage-report',
    ]);
  });

  it('tier 1 runs on every push, needing nothing', () => {
    for (const id of ['lint', 'unit-tests', 'check-dist', 'changes']) {
      expect(needsOf(ci, id)).toEqual([]);
      expect(conditionOf(ci, id)).toBe('success()');
    }
  });

  it('lint runs format, biome lint, tsc, the workflow policy with actionlint, the secret scan, the import seams and knip', () => {
    const runs = stepsOf(ci, 'lint').flatMap((step) => (step.run ? [step.run] : []));
    expect(runs).toEqual([
      'npm ci --no-audit --no-fund',
      'npm run lint:format',
      'npm run lint:code',
      'npm run typecheck',
      'npm run lint:workflows',
      'npm run lint:secrets',
      'npm run check:structure',
      'npm run lint:exports',
    ]);
    // After a good install every check runs even when an earlier one failed.
    for (const step of stepsOf(ci, 'lint').slice(3))
      expect(step.if).toBe("!cancelled() && steps.install.outcome == 'success'");
  });

  it('unit-tests uploads coverage-unit; check-dist keeps and uploads the expected dist on failure', () => {
    const unit = stepsOf(ci, 'unit-tests');
    expect(unit.some((step) => step.run?.includes('--coverage.reportsDirectory=coverage-unit'))).toBe(true);
    expect(unit.find((step) => step.uses?.startsWith('actions/upload-artifact@'))?.with.name).toBe(
      'coverage-unit',
    );
    const dist = stepsOf(ci, 'check-dist');
    expect(dist.some((step) => step.run === 'npm run check:dist -- --keep expected-dist')).toBe(true);
    const upload = dist.find((step) => step.uses?.startsWith('actions/upload-artifact@'));
    expect(upload?.if).toBe('failure()');
    expect(upload?.with.path).toBe('expected-dist/');
  });

  it('tier 2 runs each job when the changes gate says so: integration-tests on integration, build-image on image', () => {
    for (const [id, output] of [
      ['integration-tests', 'integration'],
      ['build-image', 'image'],
    ] as const) {
      expect(needsOf(ci, id)).toEqual(['changes']);
      const runs = (outputs: Record<string, string>) =>
        evaluateCondition(
          conditionOf(ci, id),
          contexts({ needs: { changes: { result: 'success', outputs } } }),
        );
      expect(runs({ integration: 'false', image: 'false', [output]: 'true' })).toBe(true);
      expect(runs({ integration: 'true', image: 'true', [output]: 'false' })).toBe(false);
    }
    expect(plain(job(ci, 'changes').outputs)).toEqual({
      integration: '${{ steps.diff.outputs.integration }}',
      image: '${{ steps.diff.outputs.image }}',
    });
    expect(stepsOf(ci, 'changes').some((step) => step.run?.includes('node scripts/tier2-gate.mjs'))).toBe(
      true,
    );
    // Sharded: each shard writes and uploads coverage-integration-<shard>.
    expect(JSON.stringify(job(ci, 'integration-tests').strategy)).toContain('"shard"');
    expect(
      stepsOf(ci, 'integration-tests').some((step) =>
        /coverage\.reportsDirectory="?coverage-integration/.test(step.run ?? ''),
      ),
    ).toBe(true);
    expect(
      stepsOf(ci, 'build-image').find((step) => step.uses?.startsWith('actions/upload-artifact@'))?.with.name,
    ).toBe('runevault-image');
  });

  it('coverage-report merges after unit-tests passed, whether integration-tests ran or was skipped', () => {
    expect(needsOf(ci, 'coverage-report')).toEqual(['unit-tests', 'integration-tests']);
    const runs = (
      unit: string,
      integration: string,
      status: 'success' | 'failure' | 'cancelled' = 'success',
    ) =>
      evaluateCondition(
        conditionOf(ci, 'coverage-report'),
        contexts({
          status,
          needs: {
            'unit-tests': { result: unit, outputs: {} },
            'integration-tests': { result: integration, outputs: {} },
          },
        }),
      );
    expect(runs('success', 'success')).toBe(true);
    expect(runs('success', 'skipped')).toBe(true);
    expect(runs('success', 'failure')).toBe(false);
    expect(runs('failure', 'success')).toBe(false);
    expect(runs('success', 'success', 'cancelled')).toBe(false);
    const merge = stepsOf(ci, 'coverage-report').find((step) => step.uses === './actions/merge-coverage');
    expect(merge?.with['artifact-pattern']).toBe('coverage-*');
    expect(merge?.with['github-token']).toBe('${{ github.token }}');
  });

  it("no job of ci.yml writes: coverage-report only reads artifacts (the comment is report.yml's)", () => {
    for (const id of jobIds(ci))
      expect(permissionsOf(ci, id), id).toEqual(
        id === 'coverage-report' ? { contents: 'read', actions: 'read' } : undefined,
      );
  });
});

describe('e2e.yml: tier 3', () => {
  const e2eRuns = (github: Record<string, unknown>) =>
    evaluateCondition(conditionOf(e2e, 'e2e'), contexts({ github }));
  const pullRequest = (action: string, labels: string[], label?: string) => ({
    event_name: 'pull_request',
    event: {
      action,
      pull_request: { labels: labels.map((name) => ({ name })) },
      ...(label ? { label: { name: label } } : {}),
    },
  });

  it('triggers on labeled/synchronize PRs to main, pushes to main and by hand', () => {
    expect(e2e.template.events).toEqual({
      pull_request: { branches: ['main'], types: ['labeled', 'synchronize'] },
      push: { branches: ['main'] },
      workflow_dispatch: {},
    });
    expect(jobIds(e2e)).toEqual(['e2e']);
  });

  it('runs on a PR only while it carries the e2e label', () => {
    expect(e2eRuns(pullRequest('labeled', ['e2e'], 'e2e'))).toBe(true);
    expect(e2eRuns(pullRequest('synchronize', ['bug', 'e2e']))).toBe(true);
    expect(e2eRuns(pullRequest('synchronize', ['bug']))).toBe(false);
    expect(e2eRuns(pullRequest('labeled', ['bug'], 'bug'))).toBe(false);
    // Adding another label to a PR that already has e2e does not start a second run.
    expect(e2eRuns(pullRequest('labeled', ['e2e', 'bug'], 'bug'))).toBe(false);
    expect(e2eRuns({ event_name: 'push', event: {} })).toBe(true);
    expect(e2eRuns({ event_name: 'workflow_dispatch', event: {} })).toBe(true);
  });

  it("runs on vars.E2E_RUNS_ON (JSON) or ubuntu-latest, and a fork's pull request always on ubuntu-latest", () => {
    const runsOn = plain(job(e2e, 'e2e')['runs-on'] as never) as string;
    // The runner as JSON, whatever type the expression yields (a label or a list of labels).
    const runner = (github: Record<string, unknown>, vars: Record<string, string> = {}) =>
      JSON.parse(
        evaluateTemplate(
          runsOn.replace(/^\$\{\{([\s\S]*)\}\}$/, '${{ toJSON($1) }}'),
          contexts({ github, vars }),
        ),
      );
    const selfHosted = { E2E_RUNS_ON: '["self-hosted","vault-ci"]' };
    const pullRequestFrom = (headRepository: string | null) => ({
      event_name: 'pull_request',
      repository: 'org/runevault',
      event: { pull_request: { head: { repo: headRepository && { full_name: headRepository } } } },
    });
    expect(runner({ event_name: 'push', repository: 'org/runevault' })).toBe('ubuntu-latest');
    expect(runner({ event_name: 'push', repository: 'org/runevault' }, selfHosted)).toEqual([
      'self-hosted',
      'vault-ci',
    ]);
    expect(runner({ event_name: 'workflow_dispatch', repository: 'org/runevault' }, selfHosted)).toEqual([
      'self-hosted',
      'vault-ci',
    ]);
    expect(runner(pullRequestFrom('org/runevault'), selfHosted)).toEqual(['self-hosted', 'vault-ci']);
    expect(runner(pullRequestFrom('someone/runevault'), selfHosted)).toBe('ubuntu-latest');
    // A fork deleted after opening its PR has no head repository: still hosted.
    expect(runner(pullRequestFrom(null), selfHosted)).toBe('ubuntu-latest');
  });

  it('steps: checkout → setup-node → setup-vault → mint-test-oidc → (trust its issuer) → start-vault-container (tls) → run-e2e-suite (its CA) → (no skip) → JUnit upload', () => {
    const steps = stepsOf(e2e, 'e2e');
    expect(steps.map((step) => step.uses?.replace(/@.*/, ''))).toEqual([
      'actions/checkout',
      'actions/setup-node',
      './actions/setup-vault',
      './actions/mint-test-oidc',
      undefined, // run: the vault config trusts the test issuer
      './actions/start-vault-container',
      './actions/run-e2e-suite',
      undefined, // run: fails the job when a case was skipped
      'actions/upload-artifact',
      undefined, // run: on a pull request, the report bundle for report.yml
      'actions/upload-artifact',
    ]);
    expect(steps[9]?.if).toBe("!cancelled() && github.event_name == 'pull_request'");
    expect(steps[10]?.if).toBe("!cancelled() && github.event_name == 'pull_request'");
    const trust = steps[4]?.run ?? '';
    expect(trust).toContain('oidc:');
    expect(steps[4]?.with).toEqual({});
    const start = steps[5]?.with ?? {};
    expect(start['build-context']).toBe('.');
    expect(start.config).toBe('${{ steps.vault.outputs.config }}');
    expect(start.keys).toBe('${{ steps.vault.outputs.keys-path }}');
    expect(start['oidc-jwks']).toBe('${{ steps.oidc.outputs.jwks-file }}');
    expect(String(start.tls)).toBe('true');
    const suite = steps[6]?.with ?? {};
    expect(suite['tls-ca']).toBe('${{ steps.container.outputs.tls-ca }}');
    expect(suite['oidc-token']).toBe('${{ steps.oidc.outputs.token }}');
    const noSkip = steps[7];
    expect(noSkip?.run).toContain('"$SKIPPED" != 0');
    expect(noSkip?.env.SKIPPED).toBe('${{ steps.suite.outputs.skipped }}');
    expect(suite['grpc-endpoint']).toBe('${{ steps.container.outputs.grpc-endpoint }}');
    expect(suite.token).toBe('${{ steps.container.outputs.token }}');
    expect(suite['junit-path']).toBe('e2e-junit.xml');
    expect(steps[3]?.with.mode).toBe('local');
    const upload = steps[8];
    expect(upload?.if).toBe('!cancelled()');
    expect(upload?.with.path).toBe('e2e-junit.xml');
    expect(permissionsOf(e2e, 'e2e')).toBeUndefined();
  });
});
