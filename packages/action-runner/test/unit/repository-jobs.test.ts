// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${{ }} is GitHub expression syntax in the fixture workflow
// The local job runner behind `npm run ci:tier*` and the e2e-job test: step outputs, GITHUB_ENV
// and GITHUB_PATH carried to later steps, status functions after a failure, replaced steps
// counting as success, needs between jobs, and job-level if.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runWorkflowJobs } from '../../src/repository-jobs.js';

const repo = mkdtempSync(join(tmpdir(), 'job-runner-'));
afterAll(() => rmSync(repo, { recursive: true, force: true }));
mkdirSync(join(repo, '.github', 'workflows'), { recursive: true });
writeFileSync(
  join(repo, '.github', 'workflows', 'fixture.yml'),
  `on: push
permissions: {}
env:
  WORKFLOW_LEVEL: w
jobs:
  first:
    runs-on: ubuntu-latest
    outputs:
      answer: \${{ steps.compute.outputs.answer }}
    steps:
      - uses: actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8 # v5.0.0
      - id: install
        run: npm ci --no-audit
      - id: compute
        if: \${{ steps.install.outcome == 'success' }}
        env:
          STEP_LEVEL: s
        run: |
          echo "answer=$WORKFLOW_LEVEL$STEP_LEVEL-\${{ github.event_name }}" >> "$GITHUB_OUTPUT"
          echo "CARRIED=yes" >> "$GITHUB_ENV"
          mkdir -p bin && printf '#!/bin/sh\\necho from-path\\n' > bin/hello && chmod +x bin/hello
          echo "$PWD/bin" >> "$GITHUB_PATH"
      - run: test "$CARRIED" = yes && test "$(hello)" = from-path
      - run: exit 3
      - name: skipped after the failure
        run: echo never
      - name: runs on failure
        if: failure()
        run: echo "failure seen"
  second:
    needs: first
    if: needs.first.outputs.answer == 'ws-push'
    runs-on: ubuntu-latest
    steps:
      - run: echo "got \${{ needs.first.outputs.answer }} after \${{ needs.first.result }}"
  third:
    needs: first
    if: needs.first.result == 'success'
    runs-on: ubuntu-latest
    steps:
      - run: echo unreachable
`,
);

describe('runWorkflowJobs', () => {
  it('runs steps like the runner and reports each one', async () => {
    const lines: string[] = [];
    const reports = await runWorkflowJobs({
      workflow: '.github/workflows/fixture.yml',
      jobs: ['first', 'second', 'third'],
      repoRoot: repo,
      output: 'log',
      log: (line) => lines.push(line),
      skipRun: (run) => (run.startsWith('npm ci') ? 'npm ci skipped locally' : undefined),
    });
    const [first, second, third] = reports;
    expect(first?.steps.map((step) => [step.name, step.outcome])).toEqual([
      ['Run actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8', 'replaced'],
      ['Run npm ci --no-audit', 'replaced'],
      [
        'Run echo "answer=$WORKFLOW_LEVEL$STEP_LEVEL-${{ github.event_name }}" >> "$GITHUB_OUTPUT"',
        'success',
      ],
      ['Run test "$CARRIED" = yes && test "$(hello)" = from-path', 'success'],
      ['Run exit 3', 'failure'],
      ['skipped after the failure', 'skipped'],
      ['runs on failure', 'success'],
    ]);
    expect(first?.result).toBe('failure');
    expect(first?.outputs).toEqual({ answer: 'ws-push' });
    expect(lines).toContain('    failure seen');
    // A failed need makes the default success() of the next job false, even with a true if:.
    expect(second?.result).toBe('skipped');
    expect(third?.result).toBe('skipped');
  });
});
